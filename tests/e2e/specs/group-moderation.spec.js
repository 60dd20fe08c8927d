// Moderating a room (XEP-0045 §8–§9) on the test Prosody: Alice creates a room (she owns it and
// moderates it), Bob and Carol join. Alice kicks Bob with a reason: Bob's view says he was
// removed and why, the others no longer list him and see a quiet line about it. Alice bans
// Carol: Carol is out, and joining again is refused as a ban, on the join dialog. A
// participant is offered no moderation at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { useBrowser } from '../pages/browser.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';

const chromium = useBrowser();

/** Opens `nick`'s moderation actions in `viewer`'s list of `room`'s occupants. */
async function actionsFor(viewer, room, nick) {
  const row = viewer.occupant(room, nick);
  await row.getByTestId('occupant-actions').click();
  return row;
}

test('the owner sets the subject, kicks and bans; the removed see why, the others a quiet line; a participant may do neither', async () => {
  const room = uniqueRoom('moderation');
  const alice = new RoomPage(await logInAs(chromium.browser, 'alice'), 'alice');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  const carol = new RoomPage(await logInAs(chromium.browser, 'carol'), 'carol');
  await alice.create(room);
  await bob.join(room);
  await carol.join(room);
  for (const viewer of [alice, bob, carol]) await viewer.waitForOccupants(room, ['alice', 'bob', 'carol']);

  // The subject: Alice, a moderator, sets it in place; everyone sees it; Bob may not edit it.
  await alice.view(room).getByTestId('room-subject-edit').click();
  await alice.view(room).getByTestId('room-subject-input').fill('Spells and potions');
  await alice.view(room).getByTestId('room-subject-input').press('Enter');
  for (const viewer of [alice, bob, carol]) {
    await viewer.view(room).getByTestId('room-subject').filter({ hasText: 'Spells and potions' }).waitFor()
      .catch((error) => { throw new Error(`${viewer.who} does not see the new subject (${error.message})`); });
  }
  assert.equal(await bob.view(room).getByTestId('room-subject-edit').count(), 0, 'a participant is offered no subject edit');

  // Bob, a participant, is offered nothing to do about anyone.
  assert.equal(await bob.view(room).getByTestId('occupant-actions').count(), 0,
    'a participant sees no moderation actions');

  // The kick, with a reason.
  const bobRow = await actionsFor(alice, room, 'bob');
  await bobRow.getByTestId('occupant-reason').fill('time out');
  await bobRow.getByTestId('occupant-kick').click();
  await bob.view(room, 'left').waitFor().catch((error) => {
    throw new Error(`bob's view of ${room} is not 'left' after alice kicked him (${error.message})`);
  });
  const why = await bob.view(room).getByTestId('room-left').textContent();
  assert.match(why, /removed/, "bob's view says he was removed");
  assert.match(why, /time out/, "bob's view gives alice's reason");
  for (const viewer of [alice, carol]) {
    await viewer.waitForOccupants(room, ['alice', 'carol']);
    await viewer.view(room).getByTestId('room-notice').filter({ hasText: 'bob was removed from the room.' })
      .waitFor().catch((error) => {
        throw new Error(`${viewer.who} sees no line saying bob was removed (${error.message})`);
      });
  }

  // The ban: Alice, the owner, sees Carol's real address, so she may ban her.
  const carolRow = await actionsFor(alice, room, 'carol');
  await carolRow.getByTestId('occupant-ban').click();
  await carol.view(room, 'left').waitFor();
  assert.match(await carol.view(room).getByTestId('room-left').textContent(), /banned/);
  await alice.waitForOccupants(room, ['alice']);
  await alice.view(room).getByTestId('room-notice').filter({ hasText: 'carol was banned from the room.' }).waitFor();

  // Carol cannot come back: the join dialog says she is banned.
  await carol.submitJoin(room);
  await carol.joinError.waitFor();
  assert.match(await carol.joinError.textContent(), /banned/i);

  for (const viewer of [alice, bob, carol]) await new RosterPage(viewer.page).logOut();
});
