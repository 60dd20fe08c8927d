// Long conversations: only the newest messages stay in the page while the view follows them;
// a reader who scrolled up is not yanked down by new ones but gets a "new messages" pill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const COUNT = 260;

test('a reader scrolled up gets a pill, not a jump; the page keeps a bounded number of rows', async () => {
  const tag = `pill-${Date.now()}`;
  const frankPage = await logInAs(chromium.browser, 'frank');
  const gracePage = await logInAs(chromium.browser, 'grace');
  const frank = new ChatPage(frankPage);
  const grace = new ChatPage(gracePage);
  await frank.open('grace@localhost');
  await grace.open('frank@localhost');
  const bodies = Array.from({ length: COUNT }, (_, i) => `${tag}-${String(i + 1).padStart(3, '0')}`);
  for (const body of bodies) await frank.sendWithEnter(body);
  await grace.waitForMessage('frank@localhost', bodies.at(-1));

  const rows = await grace.messages.count();
  assert.ok(rows <= 200, `the page holds the newest rows only (${rows} of ${COUNT}+)`);
  const list = gracePage.getByTestId('message-list');
  assert.equal(await list.getAttribute('data-history'), 'more', 'older ones are a scroll away');

  // Grace scrolls up to read; the older rows come back without a round trip.
  await list.evaluate((l) => { l.scrollTop = 0; });
  await gracePage.waitForFunction((before) =>
    document.querySelectorAll('[data-testid=chat-message]').length > before, rows);
  await grace.scrollAndSettle({ at: 1 / 3 });
  const scrollBefore = await list.evaluate((l) => l.scrollTop);

  await frank.sendWithEnter(`${tag}-new`);
  const pill = gracePage.getByTestId('new-messages');
  await pill.waitFor();
  assert.equal((await pill.textContent()).trim(), '1 new message ↓');
  assert.equal(await list.evaluate((l) => l.scrollTop), scrollBefore, 'the view did not move');

  await pill.click();
  await pill.waitFor({ state: 'detached' });
  const newest = await grace.waitForMessage('frank@localhost', `${tag}-new`);
  await grace.waitUntilAtNewest();
  assert.ok(await newest.isVisible(), 'the pill leads to the newest message');

  // Following again: a new message scrolls into view by itself, no pill.
  await frank.sendWithEnter(`${tag}-followed`);
  const followed = await grace.waitForMessage('frank@localhost', `${tag}-followed`);
  await grace.waitUntilAtNewest();
  assert.ok(await followed.isVisible(), 'the new message scrolled into view');
  assert.equal(await pill.count(), 0);
  assert.deepEqual(gracePage.errors, []);
  await new RosterPage(frankPage).logOut();
  await new RosterPage(gracePage).logOut();
});
