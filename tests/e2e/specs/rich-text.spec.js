// Message text: links only for http(s) and xmpp, opened safely; /me actions; Ctrl+K finds a contact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

test('links are clickable and safe, /me reads as an action, Ctrl+K jumps to the filter', async () => {
  const evePage = await logInAs(chromium.browser, 'eve');
  const carolPage = await logInAs(chromium.browser, 'carol');
  const eveChat = new ChatPage(evePage);
  const carolChat = new ChatPage(carolPage);
  await eveChat.open('carol@localhost');
  await carolChat.open('eve@localhost');

  await eveChat.sendWithEnter('read https://example.org/page?x=1, not javascript:alert(1) <a href="x">y</a>');
  const message = await carolChat.waitForMessage('eve@localhost',
    'read https://example.org/page?x=1, not javascript:alert(1) <a href="x">y</a>');
  const links = message.locator('a');
  assert.equal(await links.count(), 1);
  assert.equal(await links.getAttribute('href'), 'https://example.org/page?x=1');
  assert.equal(await links.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await links.getAttribute('target'), '_blank');

  await eveChat.sendWithEnter('/me waves');
  const action = carolPage.locator('.message.action[data-from="eve@localhost"]');
  await action.waitFor();
  assert.equal(await action.getByTestId('message-body').textContent(), '* eve@localhost waves');

  await carolPage.keyboard.press('Control+k');
  await carolPage.waitForFunction(() => document.activeElement?.dataset?.testid === 'roster-filter');
  await carolPage.keyboard.type('dav');
  await carolPage.locator('[data-testid=roster-item][data-jid="bob@localhost"]').waitFor({ state: 'detached' });
  assert.deepEqual(carolPage.errors, []);
  await new RosterPage(carolPage).logOut();
  await new RosterPage(evePage).logOut();
});
