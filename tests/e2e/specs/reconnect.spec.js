// A server crash mid-conversation: Palaver says it is reconnecting, comes back by itself once the
// server is up, keeps the conversation on screen, and chatting works again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowConsoleError, useBrowser, WEBSOCKET_URL } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { crashProsody, resumeProsody } from '../pages/prosody.js';

const chromium = useBrowser();

/** Chromium logs each reconnection attempt while the server is down (nothing listens on its
 * port); Palaver retries by design. */
function allowRefusedConnections() {
  allowConsoleError(new RegExp(`^WebSocket connection to '${WEBSOCKET_URL.replaceAll('.', '\\.')}' failed: `
    + 'Error in connection establishment: net::ERR_CONNECTION_REFUSED'),
  'Chromium logs each reconnection attempt to the crashed server');
}

test('palaver reconnects on its own after the server is killed and restarted', async () => {
  allowRefusedConnections();
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

test('a crash in the middle of a burst both ways: every message arrives once, in order', { timeout: 180_000 }, async (t) => {
  allowRefusedConnections();
  const tag = `crash${Date.now()}`;
  const carolPage = await logInAs(chromium.browser, 'carol');
  const davePage = await logInAs(chromium.browser, 'dave');
  const carol = new ChatPage(carolPage);
  const dave = new ChatPage(davePage);
  await carol.open('dave@localhost');
  await dave.open('carol@localhost');
  const bodies = (who, from, to) => Array.from({ length: to - from + 1 }, (_, i) => `${tag}-${who}-${String(from + i).padStart(2, '0')}`);
  const send = async (chat, list) => { for (const body of list) await chat.sendWithEnter(body); };

  // Both write; the server dies while the first halves are in flight.
  const sending = Promise.all([send(carol, bodies('carol', 1, 20)), send(dave, bodies('dave', 1, 20))]);
  // …once a few of Carol's are out (shown as sent or further), the rest still to come.
  await carolPage.locator('[data-testid=chat-message]:not([data-state=pending])',
    { hasText: `${tag}-carol-05` }).first().waitFor();
  crashProsody();
  const crashedAt = Date.now();
  try {
    await sending;
    // …and both keep writing while it is down.
    await Promise.all([send(carol, bodies('carol', 21, 30)), send(dave, bodies('dave', 21, 30))]);
  } finally {
    resumeProsody();
  }
  const online = '[data-testid=connection-status][data-state=online]';
  await Promise.all([carolPage.locator(online).waitFor({ timeout: 60_000 }), davePage.locator(online).waitFor({ timeout: 60_000 })]);
  const back = Date.now() - crashedAt;

  const carolAll = bodies('carol', 1, 30);
  const daveAll = bodies('dave', 1, 30);
  for (const chat of [carol, dave]) {
    await chat.waitForMessage('carol@localhost', carolAll.at(-1));
    await chat.waitForMessage('dave@localhost', daveAll.at(-1));
  }
  const seen = async (page) => {
    const rows = await page.getByTestId('chat-message').evaluateAll((rows) => rows.map((row) => ({
      from: row.dataset.from, body: row.querySelector('[data-testid=message-body]')?.textContent ?? '',
    })));
    const mine = rows.filter((r) => r.body.startsWith(`${tag}-`));
    return {
      carol: mine.filter((r) => r.from === 'carol@localhost').map((r) => r.body),
      dave: mine.filter((r) => r.from === 'dave@localhost').map((r) => r.body),
    };
  };
  const byCarol = await seen(carolPage);
  const byDave = await seen(davePage);
  t.diagnostic(`crash mid-burst: both online ${back} ms after the crash; Carol sees ${byCarol.carol.length}+${byCarol.dave.length}, Dave sees ${byDave.carol.length}+${byDave.dave.length} of 30+30`);
  assert.deepEqual(byCarol.carol, carolAll, 'Carol sees hers once, in order');
  assert.deepEqual(byCarol.dave, daveAll, "Carol gets Dave's once, in order");
  assert.deepEqual(byDave.carol, carolAll, "Dave gets Carol's once, in order");
  assert.deepEqual(byDave.dave, daveAll, 'Dave sees his once, in order');
  await carolPage.locator('[data-testid=chat-message][data-state=pending]').waitFor({ state: 'detached' });
  assert.deepEqual(carolPage.errors, []);
  assert.deepEqual(davePage.errors, []);
  await new RosterPage(davePage).logOut();
  await new RosterPage(carolPage).logOut();
});
