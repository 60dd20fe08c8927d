// Two tabs of one account in one browser are two resources side by side: the second tab never
// takes over the first one's stream (its saved state is per tab), and both get the messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, APP_URL } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { connectionHistory, recordConnectionStates } from '../pages/recorders.js';

const chromium = useBrowser();

test('a second tab of the same account does not cut the first one off', async () => {
  const tag = `tabs-${Date.now()}`;
  // The first tab records every state its connection indicator takes, from its start.
  const firstTab = await logInAs(chromium.browser, 'frank', { initScripts: [recordConnectionStates] });
  // The first tab has sent something, so it has saved its stream's state.
  const firstChat = new ChatPage(firstTab);
  await firstChat.open('grace@localhost');
  await firstChat.sendWithEnter(`${tag} from the first tab`);
  await firstTab.locator('[data-testid=chat-message][data-state=sent]', { hasText: tag }).first().waitFor();

  // Same browser profile (same localStorage and IndexedDB), another tab.
  const secondTab = await firstTab.context().newPage();
  await secondTab.goto(APP_URL);
  await new LoginPage(secondTab).logInAndWait('frank@localhost', 'frank');
  assert.equal(await secondTab.getByTestId('connection-status').getAttribute('data-session'), 'fresh');

  const gracePage = await logInAs(chromium.browser, 'grace');
  const grace = new ChatPage(gracePage);
  await grace.open('frank@localhost');
  await grace.sendWithEnter(`${tag} to both tabs`);
  const secondChat = new ChatPage(secondTab);
  await secondChat.open('grace@localhost');
  await secondChat.waitForMessage('grace@localhost', `${tag} to both tabs`);
  await firstChat.waitForMessage('grace@localhost', `${tag} to both tabs`);
  // The first tab never lost its connection: from its login to now, its indicator said
  // "online" and nothing else, and its stream was never resumed (a resumption follows a drop).
  const history = await connectionHistory(firstTab);
  const online = history.state.indexOf('online');
  assert.ok(online >= 0, `the first tab came online (${history.state})`);
  assert.deepEqual(history.state.slice(online), ['online'], `states since the login: ${history.state}`);
  assert.deepEqual(history.session, ['fresh'], 'the same fresh stream all along');

  await new RosterPage(gracePage).logOut();
  await new RosterPage(secondTab).logOut();
  await new RosterPage(firstTab).logOut();
});
