// Private messages in a room (XEP-0045 §7.5): Bob writes to Carol's seat from the room's list
// of occupants. Carol sees it waiting on Bob's row and on the room, reads it in a private
// conversation inside the room, clearly not a chat with the room's address, and answers; Alice,
// in the same room, sees none of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { useBrowser } from '../pages/browser.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';

const chromium = useBrowser();

/** Opens the private conversation with `nick` from `viewer`'s list of `room`'s occupants. */
async function writeTo(viewer, room, nick) {
  await viewer.occupant(room, nick).getByTestId('occupant-message').click();
  const panel = viewer.view(room).locator(`[data-testid=room-private][data-nick="${nick}"]`);
  await panel.waitFor();
  return panel;
}

test('a private message reaches only the occupant it is for, in the room, and can be answered', async () => {
  const room = uniqueRoom('private');
  const tag = `pm-${Date.now()}`;
  const alice = new RoomPage(await logInAs(chromium.browser, 'alice'), 'alice');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  const carol = new RoomPage(await logInAs(chromium.browser, 'carol'), 'carol');
  await alice.create(room);
  await bob.join(room);
  await carol.join(room);
  for (const viewer of [alice, bob, carol]) await viewer.waitForOccupants(room, ['alice', 'bob', 'carol']);

  const toCarol = await writeTo(bob, room, 'carol');
  await toCarol.getByTestId('chat-input').fill(`${tag} just between us`);
  await toCarol.getByTestId('chat-input').press('Enter');
  await toCarol.getByTestId('message-body').getByText(`${tag} just between us`, { exact: true }).waitFor();

  // Carol: waiting on Bob's row in the room she is looking at.
  const bobRow = carol.occupant(room, 'bob');
  await carol.page.waitForFunction((row) => row?.dataset.privateUnread === '1',
    await bobRow.elementHandle(), { timeout: 15_000 }).catch((error) => {
    throw new Error(`carol's row for bob never showed 1 private message waiting (${error.message})`);
  });
  const fromBob = await writeTo(carol, room, 'bob');
  const line = fromBob.locator(`[data-testid=chat-message][data-from="${room}/bob"][data-private=true]`);
  await line.getByText(`${tag} just between us`, { exact: true }).waitFor();
  assert.equal(await bobRow.getAttribute('data-private-unread'), '0', 'read once open');
  // Not a conversation with the room's address, not the bare contact's either.
  assert.equal(await carol.page.locator(`[data-testid=conversation-item][data-jid="${room}"]`).count(), 0,
    'no 1:1 chat with the room address');
  await fromBob.getByTestId('chat-input').fill(`${tag} agreed`);
  await fromBob.getByTestId('chat-input').press('Enter');
  await toCarol.locator(`[data-testid=chat-message][data-from="${room}/carol"]`)
    .getByText(`${tag} agreed`, { exact: true }).waitFor();

  // Alice saw nothing of it: not in the room, not anywhere.
  await alice.send(room, `${tag} anyone?`);
  await bob.view(room).getByTestId('room-private-close').click();
  await bob.waitForMessage(room, 'alice', `${tag} anyone?`);
  assert.equal(await alice.page.getByText(`${tag} just between us`).count(), 0, 'alice never sees it');
  assert.deepEqual((await bob.messages(room, tag)).map((m) => m.body), [`${tag} anyone?`],
    "the room's timeline holds no private line");
  await new ChatPage(carol.page).open('bob@localhost');
  assert.equal(await carol.page.getByText(`${tag} just between us`).count(), 0,
    "not in carol's 1:1 chat with bob's account");

  for (const viewer of [alice, bob, carol]) await new RosterPage(viewer.page).logOut();
});
