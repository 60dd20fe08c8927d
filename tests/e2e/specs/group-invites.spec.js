// Invitations and affiliations in rooms (XEP-0249, XEP-0045 §7.8, §9–§10) on the test Prosody.
// 1. Alice invites Bob to her open room: the invitation goes straight to Bob (XEP-0249), his card
//    joins him; from the occupant list she makes him a member, an admin, and takes it back.
// 2. A members-only, non-anonymous room (a private group): Dave cannot get in; Alice's invitation to Carol goes through the room
//    (Prosody makes Carol a member), Carol's card joins her; Dave's invitation he declines, and
//    Alice sees a quiet line saying so. In "Members & bans" Alice removes Dave, adds Eve, bans
//    Oscar with a reason (Prosody keeps no reasons in its lists), sees the room's own lists again
//    after reopening, and the room's refusal
//    to remove its last owner; Carol, a member, is offered no lists.
// 3. Oscar, whom nobody has as a contact, invites Alice: the card says he is a stranger and shows
//    his markup as text; declining sends nothing back.
// 4. A semi-anonymous members-only room (Prosody's default anonymity): the room hides who
//    invites behind their seat, so Bob's card cannot confirm it is Alice's and his decline sends
//    nothing; accepting still joins.
// The room is made members-only with Prosody's admin shell (the owner's configuration form is
// its own feature), right after Alice creates it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { framesOf, useBrowser, waitForFrame } from '../pages/browser.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';
import { InvitePage, setMembersOnly } from '../pages/invite-page.js';

const chromium = useBrowser();

/** Logs each of `users` in; returns `{ name: { rooms, invites } }`. */
async function logInAll(users) {
  const all = {};
  for (const user of users) {
    const rooms = new RoomPage(await logInAs(chromium.browser, user), user);
    all[user] = { rooms, invites: new InvitePage(rooms) };
  }
  return all;
}

/** Leaves `room` where joined (so no bookmark rejoins it in later specs) and logs out. */
async function leaveAndLogOut(users, room) {
  for (const { rooms } of users) {
    if (await rooms.view(room, 'joined').isVisible()) await rooms.view(room).getByTestId('room-leave').click();
    await new RosterPage(rooms.page).logOut();
  }
}

/** A quiet line in `viewer`'s `room` with exactly `text`. */
function notice(viewer, room, text) {
  return viewer.rooms.view(room).getByTestId('room-notice').filter({ hasText: text });
}

/** Waits until `viewer` lists `nick` in `room` with `affiliation`. */
async function waitForAffiliation(viewer, room, nick, affiliation) {
  await viewer.rooms.page.locator(`[data-testid=room-view][data-jid="${room}"] `
    + `[data-testid=occupant][data-nick="${nick}"][data-affiliation=${affiliation}]`).waitFor()
    .catch(async (error) => {
      const seen = (await viewer.rooms.occupants(room)).find((o) => o.nick === nick);
      throw new Error(`${viewer.rooms.who} sees ${nick} in ${room} as ${seen?.affiliation ?? 'absent'}, `
        + `expected ${affiliation} (${error.message})`);
    });
}

/** Presses the affiliation action `testid` in Alice's actions for `nick`. */
async function affiliationAction(viewer, room, nick, testid) {
  const row = viewer.rooms.occupant(room, nick);
  await row.getByTestId('occupant-actions').click();
  await row.getByTestId(testid).click();
}

test('a direct invitation to an open room joins bob; alice grants and takes back membership and admin', async () => {
  const room = uniqueRoom('invite-open');
  const { alice, bob } = await logInAll(['alice', 'bob']);
  await alice.rooms.create(room);

  const sent = waitForFrame(alice.rooms.page,
    new RegExp(`<message\\b[^>]*to="bob@localhost"[^>]*>\\s*<x xmlns="jabber:x:conference" jid="${room}"`), { sent: true });
  await alice.invites.invite(room, 'bob@localhost', 'Come and see');
  await sent.catch((error) => { throw new Error(`alice sent no direct (XEP-0249) invitation to bob: ${error.message}`); });
  await notice(alice, room, 'You invited bob@localhost.').waitFor();

  const card = await bob.invites.waitForCard(room);
  assert.equal(await card.getAttribute('data-mediated'), 'false', 'a direct invitation');
  assert.equal(await card.getAttribute('data-stranger'), 'false', 'from a contact');
  assert.equal(await card.getByTestId('room-invitation-from').textContent(), 'Alice', "the inviter's roster name");
  assert.equal(await card.getByTestId('room-invitation-reason').textContent(), 'Come and see');
  await bob.invites.accept(room);
  assert.equal(decodeURIComponent(await bob.rooms.page.evaluate(() => window.location.hash)), `#/room/${room}`,
    'accepting opens the room');
  await alice.rooms.waitForOccupants(room, ['alice', 'bob']);
  assert.equal((await bob.rooms.occupants(room)).find((o) => o.nick === 'bob')?.nick, 'bob',
    "bob joined with his account's name");

  // From the occupant list: membership, then admin, then back to member.
  await affiliationAction(alice, room, 'bob', 'occupant-member');
  await waitForAffiliation(alice, room, 'bob', 'member');
  await waitForAffiliation(bob, room, 'bob', 'member');
  await affiliationAction(alice, room, 'bob', 'occupant-admin');
  await waitForAffiliation(alice, room, 'bob', 'admin');
  await affiliationAction(alice, room, 'bob', 'occupant-admin');
  await waitForAffiliation(alice, room, 'bob', 'member');
  // Bob, now a member, has no say over anyone's affiliation.
  assert.equal(await bob.rooms.view(room).getByTestId('occupant-actions').count(), 0);

  await leaveAndLogOut([alice, bob], room);
});

test('a members-only room: mediated invitations, a decline, and the member and ban lists', async () => {
  const room = uniqueRoom('invite-members');
  const { alice, carol, dave } = await logInAll(['alice', 'carol', 'dave']);
  await alice.rooms.create(room);
  setMembersOnly(room, { nonAnonymous: true });

  // Dave, not a member, is refused.
  await dave.rooms.submitJoin(room);
  await dave.rooms.joinError.waitFor();
  assert.match(await dave.rooms.joinError.textContent(), /member/i, 'dave is told the room is for members');
  await dave.rooms.joinButton.click(); // closes the dialog

  // Alice invites Carol: through the room, which makes her a member.
  const mediated = waitForFrame(alice.rooms.page,
    new RegExp(`<message\\b[^>]*to="${room}"[^>]*>\\s*<x xmlns="http://jabber.org/protocol/muc#user"><invite to="carol@localhost"`),
    { sent: true });
  await alice.invites.invite(room, 'carol@localhost', 'Members only, and you are one');
  await mediated.catch((error) => { throw new Error(`alice sent no mediated invitation: ${error.message}`); });
  await notice(alice, room, 'You invited carol@localhost through the room.').waitFor();
  const card = await carol.invites.waitForCard(room);
  assert.equal(await card.getAttribute('data-mediated'), 'true', 'the room delivered it');
  assert.equal(await card.getAttribute('data-stranger'), 'false', "alice's, vouched for by our own room service");
  assert.equal(await card.getByTestId('room-invitation-reason').textContent(), 'Members only, and you are one');
  await carol.invites.accept(room);
  await alice.rooms.waitForOccupants(room, ['alice', 'carol']);

  // Dave is invited too, and declines: Alice sees a quiet line.
  await alice.invites.invite(room, 'dave@localhost', 'Last chance');
  const declined = waitForFrame(dave.rooms.page,
    new RegExp(`<message\\b[^>]*to="${room}"[^>]*>\\s*<x xmlns="http://jabber.org/protocol/muc#user"><decline to="alice@localhost`),
    { sent: true });
  await dave.invites.decline(room);
  await declined.catch((error) => { throw new Error(`dave sent no decline through the room: ${error.message}`); });
  await notice(alice, room, 'dave@localhost declined your invitation.').waitFor().catch((error) => {
    throw new Error(`alice sees no line saying dave declined (${error.message})`);
  });

  // The lists: Prosody made both invitees members.
  await alice.invites.openLists(room);
  await alice.invites.waitForList(room, 'member', ['carol@localhost', 'dave@localhost']);
  await alice.invites.waitForList(room, 'owner', ['alice@localhost']);
  await alice.invites.waitForList(room, 'outcast', []);
  await alice.invites.removeFromList(room, 'member', 'dave@localhost');
  await alice.invites.waitForList(room, 'member', ['carol@localhost']);
  await alice.invites.addToList(room, 'member', 'eve@localhost');
  await alice.invites.waitForList(room, 'member', ['carol@localhost', 'eve@localhost']);
  const ban = waitForFrame(alice.rooms.page,
    /<item affiliation="outcast" jid="oscar@localhost"><reason>spam<\/reason><\/item>/, { sent: true });
  await alice.invites.addToList(room, 'outcast', 'oscar@localhost', 'spam');
  await ban.catch((error) => { throw new Error(`alice's ban went without its reason: ${error.message}`); });
  await alice.invites.waitForList(room, 'outcast', ['oscar@localhost']);
  // What the room itself now holds, asked again.
  await alice.invites.closeLists(room);
  await alice.invites.openLists(room);
  await alice.invites.waitForList(room, 'member', ['carol@localhost', 'eve@localhost']);
  await alice.invites.waitForList(room, 'outcast', ['oscar@localhost']);
  // The room refuses to lose its last owner, and says so.
  await alice.invites.removeFromList(room, 'owner', 'alice@localhost');
  await alice.rooms.view(room).getByTestId('room-error').waitFor();
  assert.match(await alice.rooms.view(room).getByTestId('room-error').textContent(), /refused/);
  await alice.invites.waitForList(room, 'owner', ['alice@localhost']);
  // Dave, no longer a member, is refused again; Carol, a member, sees no lists.
  await dave.rooms.submitJoin(room);
  await dave.rooms.joinError.waitFor();
  assert.equal(await carol.rooms.view(room).getByTestId('room-affiliations').count(), 0,
    'a member is offered no lists');

  await leaveAndLogOut([alice, carol, dave], room);
});

test("a stranger's invitation is marked, its markup is text, and declining it sends nothing", async () => {
  const room = uniqueRoom('invite-stranger');
  const { oscar, alice } = await logInAll(['oscar', 'alice']);
  await oscar.rooms.create(room);
  const reason = '<img src=x onerror="window.__pwned = 1"><b>free stuff</b>';
  await oscar.invites.invite(room, 'alice@localhost', reason);

  const card = await alice.invites.waitForCard(room);
  assert.equal(await card.getAttribute('data-stranger'), 'true');
  assert.match(await card.getByTestId('room-invitation-stranger').textContent(), /oscar@localhost/);
  assert.equal(await card.getByTestId('room-invitation-reason').textContent(), reason, 'shown as typed');
  assert.equal(await card.locator('img, b').count(), 0, 'no markup rendered');
  assert.equal(await alice.rooms.page.evaluate(() => window.__pwned), undefined);

  const before = framesOf(alice.rooms.page).length;
  await alice.invites.decline(room);
  const after = framesOf(alice.rooms.page).slice(before).filter((f) => f.sent && /oscar|decline/.test(f.data));
  assert.deepEqual(after.map((f) => f.data), [], 'nothing goes back to a stranger');

  await leaveAndLogOut([oscar, alice], room);
});

test('a semi-anonymous room hides who invites: the card cannot vouch for it, a decline sends nothing, accepting joins', async () => {
  const room = uniqueRoom('invite-masked');
  const { alice, bob } = await logInAll(['alice', 'bob']);
  await alice.rooms.create(room);
  setMembersOnly(room);

  await alice.invites.invite(room, 'bob@localhost');
  const card = await bob.invites.waitForCard(room);
  assert.equal(await card.getAttribute('data-mediated'), 'true');
  assert.equal(await card.getAttribute('data-stranger'), 'true', 'nobody we know can be named');
  assert.equal(await card.getByTestId('room-invitation-from').textContent(), '“alice” in the room');
  assert.match(await card.getByTestId('room-invitation-stranger').textContent(), /hides who this is/);
  const before = framesOf(bob.rooms.page).length;
  await bob.invites.decline(room);
  const sent = framesOf(bob.rooms.page).slice(before).filter((f) => f.sent && /decline/.test(f.data));
  assert.deepEqual(sent.map((f) => f.data), [], 'no decline to a seat we cannot name');

  // Invited again, Bob accepts: Prosody made him a member with the first invitation.
  await alice.invites.invite(room, 'bob@localhost');
  await bob.invites.accept(room);
  await alice.rooms.waitForOccupants(room, ['alice', 'bob']);

  await leaveAndLogOut([alice, bob], room);
});
