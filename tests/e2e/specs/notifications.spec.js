// A message arriving while the tab is hidden: a desktop notification (once the user switched
// them on in the settings), the unread count in the title and on the favicon; clicking the
// notification opens the conversation. Notifications are the browser's own; the page records
// each one it creates so the spec can see it.
//
// Two things are faked, because headless Chromium cannot do them: hiding the tab (a headless
// page stays "visible" whatever is in front of it, minimized or not, so `document.visibilityState`
// is overridden and `visibilitychange` dispatched), and clicking the notification (no browser
// API or DevTools command clicks one, so the handler Palaver set, `onclick`, is called).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { instrument, setHidden } from '../pages/notifications.js';

const chromium = useBrowser();

test('a hidden tab (faked) notifies, badges the favicon, and the notification (its onclick called) opens the chat', async () => {
  const carolPage = await logInAs(chromium.browser, 'carol', {
    contextOptions: { permissions: ['notifications'] }, initScripts: [instrument],
  });
  const davePage = await logInAs(chromium.browser, 'dave');

  await carolPage.getByTestId('settings-toggle').click();
  await carolPage.getByTestId('settings-notifications').check();
  await carolPage.keyboard.press('Escape');
  await carolPage.getByTestId('settings').waitFor({ state: 'detached' });

  // Visible: no notification, even for a new message.
  const dave = new ChatPage(davePage);
  await dave.open('carol@localhost');
  await dave.sendWithEnter('while you look');
  await carolPage.getByTestId('unread-badge').waitFor();

  await setHidden(carolPage, true);
  await dave.sendWithEnter('Ping from Dave');
  await carolPage.waitForFunction(() => window.__notifications.length > 0);
  // Messages are handled in the order they come: once the second one has notified, the first
  // one was handled long before, and it did not notify (the page was visible then).
  const shown = await carolPage.evaluate(() => window.__notifications.map(({ title, body, tag }) => ({ title, body, tag })));
  assert.deepEqual(shown, [{ title: 'Dave', body: 'Ping from Dave', tag: 'palaver:dave@localhost' }]);
  assert.equal(await carolPage.title(), '(2) Palaver');
  const icon = carolPage.locator('link[rel~=icon]');
  assert.equal(await icon.getAttribute('data-unread'), '2');
  const href = decodeURIComponent((await icon.getAttribute('href')).replace(/^data:image\/svg\+xml,/, ''));
  assert.match(href, /<text[^>]*>2<\/text>/, 'the badge shows the count');

  // Clicking it (calling the handler a click would call) brings the conversation up; reading
  // it clears the badge.
  await setHidden(carolPage, false);
  await carolPage.evaluate(() => window.__notifications[0].instance.onclick());
  await new ChatPage(carolPage).waitForMessage('dave@localhost', 'Ping from Dave');
  assert.equal(await carolPage.getByTestId('chat-peer').textContent(), 'dave@localhost');
  await carolPage.waitForFunction(() => document.title === 'Palaver');
  assert.equal(await icon.getAttribute('data-unread'), '0');
  assert.deepEqual(carolPage.errors, []);
  await new RosterPage(carolPage).logOut();
  await new RosterPage(davePage).logOut();
});
