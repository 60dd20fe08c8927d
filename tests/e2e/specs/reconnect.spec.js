// A server crash mid-conversation: Palaver says it is reconnecting, comes back by itself once the
// server is up, keeps the conversation on screen, and chatting works again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { crashProsody, resumeProsody } from '../pages/prosody.js';

const chromium = useBrowser();

test('palaver reconnects on its own after the server is killed and restarted', async () => {
  const alicePage = await logInAs(chromium.browser, 'alice');
  const bobPage = await logInAs(chromium.browser, 'bob');
  const alice = new RosterPage(alicePage);
  await alice.waitForPresence('bob@localhost', 'online');
  await alice.openChat('bob@localhost');
  const aliceChat = new ChatPage(alicePage);
  await aliceChat.sendWithEnter('before the crash');
  await new ChatPage(bobPage).open('alice@localhost');
  await new ChatPage(bobPage).waitForMessage('alice@localhost', 'before the crash');

  await new RosterPage(bobPage).setPresence('away', 'Back in five');
  await alice.waitForPresence('bob@localhost', 'away', { status: 'Back in five' });
  // Earlier specs may have left history in this conversation: compare what follows it.
  const before = await aliceChat.bodies();
  assert.equal(before.at(-1), 'before the crash');

  crashProsody();
  const crashedAt = Date.now();
  try {
    const reconnecting = '[data-testid=connection-status][data-state=reconnecting]';
    await alicePage.locator(reconnecting).waitFor();
    await bobPage.locator(reconnecting).waitFor();
    // The conversation stays on screen, and contacts show offline while we are cut off.
    assert.deepEqual(await aliceChat.bodies(), before);
    await alice.waitForPresence('bob@localhost', 'offline');
    assert.match(await alicePage.getByTestId('connection-status').textContent(), /Reconnecting/);
    // Written while cut off: shown at once as pending, sent once back online.
    await aliceChat.sendWithEnter('written while offline');
    const pending = alicePage.locator('[data-testid=chat-message][data-state=pending]');
    await pending.waitFor();
    assert.equal(await pending.getByTestId('message-body').textContent(), 'written while offline');
  } finally {
    // Whatever happened, the next specs need their server back.
    resumeProsody();
  }
  // "Retry now" on one side; the other waits for its backoff timer.
  await bobPage.getByTestId('reconnect-now').click();
  const online = '[data-testid=connection-status][data-state=online]';
  await bobPage.locator(online).waitFor();
  await alicePage.locator(online).waitFor({ timeout: 40_000 });
  console.log(`# back online ${Date.now() - crashedAt} ms after the crash`);

  await new ChatPage(bobPage).waitForMessage('alice@localhost', 'written while offline');
  await alicePage.locator('[data-testid=chat-message][data-state=pending]').waitFor({ state: 'detached' });
  // Bob's new session announces the presence he had chosen, not a plain "online".
  await alice.waitForPresence('bob@localhost', 'away', { status: 'Back in five' });
  await aliceChat.sendWithEnter('after the restart');
  await new ChatPage(bobPage).waitForMessage('alice@localhost', 'after the restart');
  assert.deepEqual(await aliceChat.bodies(), [...before, 'written while offline', 'after the restart']);
  const bobBodies = await new ChatPage(bobPage).bodies();
  assert.equal(bobBodies.filter((b) => b === 'written while offline').length, 1);
  assert.deepEqual(alicePage.errors, []);
  assert.deepEqual(bobPage.errors, []);
  await new RosterPage(bobPage).logOut();
  await alice.logOut();
});
