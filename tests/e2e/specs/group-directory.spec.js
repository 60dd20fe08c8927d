// Finding rooms (XEP-0045 §6): Palaver learns the server's group chat service by itself, so a
// bare name in "Join a room" is a room there; the service's public rooms can be browsed and
// filtered, each saying how many are in it, and picking one fills the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { useBrowser, waitForFrame } from '../pages/browser.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage } from '../pages/room-page.js';

const chromium = useBrowser();

test('a bare room name joins on the server\'s own service, and public rooms can be browsed and picked', async () => {
  const name = `directory-${Date.now()}`;
  const room = `${name}@conference.localhost`;
  const alice = new RoomPage(await logInAs(chromium.browser, 'alice'), 'alice');
  await alice.openJoinDialog();
  // The service is known once the server has described it: the field says so.
  await alice.page.waitForFunction(
    () => document.querySelector('[data-testid=room-join-jid]')?.placeholder.includes('@conference.localhost'),
    null, { timeout: 15_000 },
  ).catch((error) => {
    throw new Error(`the join form never named conference.localhost (${error.message})`);
  });
  // Just the name; the room is new, so Palaver unlocks it (status 201): wait for the server's
  // answer to that before anyone else looks for it.
  const configured = waitForFrame(alice.page,
    new RegExp(`<iq\\b(?=[^>]*\\bfrom=["']${room.replace(/[.]/g, '\\.')}["'])(?=[^>]*\\btype=["']result["'])`));
  configured.catch(() => {});
  await alice.submitJoin(name);
  await alice.view(room, 'joined').waitFor();
  await configured;

  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await bob.openJoinDialog();
  await bob.page.getByTestId('room-browse').click();
  await bob.page.getByTestId('room-browse-filter').fill(name);
  const listed = bob.page.locator(`[data-testid=public-room][data-jid="${room}"]`);
  await listed.waitFor().catch((error) => {
    throw new Error(`${room} is not among the public rooms bob browses (${error.message})`);
  });
  assert.equal(await bob.page.getByTestId('public-room').count(), 1, 'the filter leaves only the room asked for');
  // The room says what it is (XEP-0045 §6.4): one person in it, alice.
  await bob.page.locator(`[data-testid=public-room][data-jid="${room}"][data-occupants="1"]`).waitFor()
    .catch((error) => { throw new Error(`the listing never showed that one person is in ${room} (${error.message})`); });
  await listed.click();
  assert.equal(await bob.joinJid.inputValue(), room, 'picking a room fills the address');
  await bob.joinSubmit.click();
  await bob.view(room, 'joined').waitFor();
  await alice.waitForOccupants(room, ['alice', 'bob']);

  for (const viewer of [alice, bob]) await new RosterPage(viewer.page).logOut();
});
