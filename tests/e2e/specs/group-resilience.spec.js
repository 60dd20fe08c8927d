// A room never misses a line (XEP-0045 with XEP-0198): Alice's network drops while Bob keeps
// talking in the room, and when it is back she has every line once; a cut longer than the
// server keeps her session (a fresh session joins again with no history and reads the room's
// archive from her last line: more lines than the room's history holds, none missed); the
// server crashes and restarts, and both are back in the room by themselves (joined again: the
// room kept nothing of who was there), nothing shown twice, and the room talks again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { allowConsoleError, useBrowser, WEBSOCKET_URL } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';
import { crashProsody, resumeProsody, PROSODY_HTTP_PORT } from '../pages/prosody.js';
import { startCuttableLink } from '../pages/network.js';

const chromium = useBrowser();
const link = await startCuttableLink(PROSODY_HTTP_PORT);
after(() => link.close());

const ONLINE = '[data-testid=connection-status][data-state=online]';
const RECONNECTING = '[data-testid=connection-status][data-state=reconnecting]';

/** The bodies `viewer` shows in `room` that start with `tag`, in order. */
async function bodies(viewer, room, tag) {
  return (await viewer.messages(room, tag)).map((row) => row.body);
}

test('lines said in a room while my network is down all arrive once it is back', async () => {
  allowConsoleError(link.refusedConnection, 'Chromium logs the reconnection attempts the cut link refuses');
  const room = uniqueRoom('cut');
  const tag = `cut-${Date.now()}`;
  const alice = new RoomPage(await logInAs(chromium.browser, 'alice', { config: { websocketUrl: link.websocketUrl() } }), 'alice');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await alice.create(room);
  await bob.join(room);
  await alice.waitForOccupants(room, ['alice', 'bob']);
  await bob.send(room, `${tag} 00 before`);
  await alice.waitForMessage(room, 'bob', `${tag} 00 before`);

  link.cut();
  await alice.page.locator(RECONNECTING).waitFor();
  const said = Array.from({ length: 8 }, (_, i) => `${tag} ${String(i + 1).padStart(2, '0')} while alice is away`);
  for (const line of said) {
    await bob.send(room, line);
    await bob.waitForMessage(room, 'bob', line, { state: 'sent' });
  }
  link.restore();
  await alice.page.locator(ONLINE).waitFor({ timeout: 40_000 });
  await alice.view(room, 'joined').waitFor();
  await alice.waitForMessage(room, 'bob', said.at(-1)).catch((error) => {
    throw new Error(`alice never got the last line said while she was away (${error.message})`);
  });
  // She talks again; once it is back from the room, anything doubled before it would show.
  await alice.send(room, `${tag} 09 alice is back`);
  await alice.waitForMessage(room, 'alice', `${tag} 09 alice is back`, { state: 'sent' });
  assert.deepEqual(await bodies(alice, room, tag), [`${tag} 00 before`, ...said, `${tag} 09 alice is back`],
    'every line once, in order');
  await new RosterPage(bob.page).logOut();
  await new RosterPage(alice.page).logOut();
});

test('after a cut longer than the server keeps my session, the room\'s archive brings every line', { timeout: 240_000 }, async () => {
  allowConsoleError(link.refusedConnection, 'Chromium logs the reconnection attempts the cut link refuses');
  const room = uniqueRoom('long-cut');
  const tag = `long-${Date.now()}`;
  const alice = new RoomPage(await logInAs(chromium.browser, 'alice', { config: { websocketUrl: link.websocketUrl() } }), 'alice');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await alice.create(room);
  await bob.join(room);
  await alice.waitForOccupants(room, ['alice', 'bob']);
  await bob.send(room, `${tag} 00 before`);
  await alice.waitForMessage(room, 'bob', `${tag} 00 before`);

  link.cut();
  await alice.page.locator(RECONNECTING).waitFor();
  // More than the 20 lines of history the room replays on a join: only its archive has them all.
  const said = Array.from({ length: 30 }, (_, i) => `${tag} ${String(i + 1).padStart(2, '0')} while alice is gone`);
  for (const line of said) {
    await bob.send(room, line);
    await bob.waitForMessage(room, 'bob', line, { state: 'sent' });
  }
  // Prosody keeps a dropped session 30 s (smacks_hibernation_time in the test config): wait it
  // out, so the next connection is a fresh session that joins the room again.
  await new Promise((resolve) => setTimeout(resolve, 35_000));
  link.restore();
  await alice.page.getByTestId('reconnect-now').click().catch(() => {});
  await alice.page.locator(ONLINE).waitFor({ timeout: 60_000 });
  await alice.view(room, 'joined').waitFor();
  await alice.waitForMessage(room, 'bob', said.at(-1)).catch((error) => {
    throw new Error(`alice never got the last line said while she was gone (${error.message})`);
  });
  await alice.send(room, `${tag} 31 alice is back`);
  await alice.waitForMessage(room, 'alice', `${tag} 31 alice is back`, { state: 'sent' });
  assert.deepEqual(await bodies(alice, room, tag), [`${tag} 00 before`, ...said, `${tag} 31 alice is back`],
    'every line once, in order, the first ten too');
  await new RosterPage(bob.page).logOut();
  await new RosterPage(alice.page).logOut();
});

test('after a server crash both are back in the room by themselves, nothing doubled', { timeout: 180_000 }, async () => {
  allowConsoleError(new RegExp(`^WebSocket connection to '${WEBSOCKET_URL.replaceAll('.', '\\.')}' failed: `
    + 'Error in connection establishment: net::ERR_CONNECTION_REFUSED'),
  'Chromium logs each reconnection attempt to the crashed server');
  const room = uniqueRoom('crash');
  const tag = `crash-${Date.now()}`;
  const alice = new RoomPage(await logInAs(chromium.browser, 'alice'), 'alice');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await alice.create(room);
  await bob.join(room);
  await alice.waitForOccupants(room, ['alice', 'bob']);
  await alice.send(room, `${tag} 1 before the crash`);
  await bob.waitForMessage(room, 'alice', `${tag} 1 before the crash`);

  crashProsody();
  try {
    await alice.page.locator(RECONNECTING).waitFor();
    await bob.page.locator(RECONNECTING).waitFor();
  } finally {
    resumeProsody();
  }
  for (const viewer of [alice, bob]) {
    await viewer.page.getByTestId('reconnect-now').click().catch(() => {});
    await viewer.page.locator(ONLINE).waitFor({ timeout: 40_000 });
    await viewer.view(room, 'joined').waitFor().catch(async (error) => {
      const state = await viewer.view(room).getAttribute('data-state', { timeout: 1_000 }).catch(() => 'gone');
      throw new Error(`${viewer.who} is ${state} in ${room} after the restart, not joined (${error.message})`);
    });
  }
  for (const viewer of [alice, bob]) await viewer.waitForOccupants(room, ['alice', 'bob']);
  await bob.send(room, `${tag} 2 after the restart`);
  await alice.waitForMessage(room, 'bob', `${tag} 2 after the restart`);
  await bob.waitForMessage(room, 'bob', `${tag} 2 after the restart`, { state: 'sent' });
  for (const viewer of [alice, bob]) {
    assert.deepEqual(await bodies(viewer, room, tag), [`${tag} 1 before the crash`, `${tag} 2 after the restart`],
      `${viewer.who} shows each line once`);
  }
  await new RosterPage(bob.page).logOut();
  await new RosterPage(alice.page).logOut();
});
