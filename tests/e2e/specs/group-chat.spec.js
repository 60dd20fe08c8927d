// Group chat (XEP-0045) on the test Prosody's conference.localhost: Alice creates a room (Palaver
// answers the server's status 201 with the instant-room form, which unlocks it), Bob and Carol
// join; everyone sees who is there with their role and affiliation, and each message once, ours
// "sent" once the room has reflected it. A line that names me is a mention, counted on the
// room's row while I look elsewhere; a nickname already taken is refused on the join dialog; a
// leaving occupant disappears from the others' lists; a reload keeps me in the room.
// Each test makes its own room with a name no other run used: the test server keeps persistent
// rooms (and their archives) between runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';

const chromium = useBrowser();
const ONLINE = '[data-testid=connection-status][data-state=online]';

/** Logs each of `users` in (password = user name); returns their room page objects by name. */
async function logInAll(users) {
  const rooms = {};
  for (const user of users) rooms[user] = new RoomPage(await logInAs(chromium.browser, user), user);
  return rooms;
}

async function logOutAll(rooms) {
  for (const room of Object.values(rooms)) await new RosterPage(room.page).logOut();
}

/** The occupants `viewer` lists in `room`, by nick. */
async function occupantsByNick(viewer, room) {
  return Object.fromEntries((await viewer.occupants(room)).map((occupant) => [occupant.nick, occupant]));
}

test('alice creates a room, bob and carol join: all see the three of them and each message once', async () => {
  const room = uniqueRoom('trio');
  const tag = `trio-${Date.now()}`;
  const { alice, bob, carol } = await logInAll(['alice', 'bob', 'carol']);
  const everyone = [alice, bob, carol];

  await alice.create(room);
  // The nickname is prefilled with the account's name; Bob keeps it.
  await bob.openJoinDialog();
  assert.equal(await bob.joinNick.inputValue(), 'bob', "the join dialog prefills the account's local part as nickname");
  await bob.join(room);
  await carol.join(room, { nick: 'carol' });

  for (const viewer of everyone) {
    await viewer.waitForOccupants(room, ['alice', 'bob', 'carol']);
    const seen = await occupantsByNick(viewer, room);
    assert.equal(seen.alice.affiliation, 'owner', `${viewer.who} sees alice, who created the room, as its owner`);
    assert.equal(seen.alice.role, 'moderator', `${viewer.who} sees alice as moderator`);
    for (const nick of ['bob', 'carol']) {
      assert.equal(seen[nick].role, 'participant', `${viewer.who} sees ${nick} as participant`);
      assert.match(seen[nick].affiliation, /^(none|member)$/, `${viewer.who} sees ${nick} with no special affiliation`);
    }
  }
  // Prosody's rooms are semi-anonymous by default: moderators (Alice) see real JIDs, others not.
  const aliceSees = await occupantsByNick(alice, room);
  assert.match(aliceSees.bob.jid ?? '(none)', /^bob@localhost(\/|$)/, "alice, a moderator, sees bob's real JID");
  assert.equal((await occupantsByNick(bob, room)).alice.jid, null, "bob, a participant, does not see alice's real JID");

  const hello = `${tag} hello from alice`;
  await alice.send(room, hello);
  await alice.waitForMessage(room, 'alice', hello, { state: 'sent' });
  await bob.waitForMessage(room, 'alice', hello);
  await carol.waitForMessage(room, 'alice', hello);
  // Carol answers after she has seen it; once everyone has her answer, a doubled line would show.
  const answer = `${tag} carol answers`;
  await carol.send(room, answer);
  await carol.waitForMessage(room, 'carol', answer, { state: 'sent' });
  for (const viewer of everyone) await viewer.waitForMessage(room, 'carol', answer);

  const expected = [{ from: `${room}/alice`, body: hello }, { from: `${room}/carol`, body: answer }];
  for (const viewer of everyone) {
    const rows = await viewer.messages(room, tag);
    assert.deepEqual(rows.map(({ from, body }) => ({ from, body })), expected, `${viewer.who} shows each message once, in order`);
  }
  const aliceOwn = (await alice.messages(room, tag))[0];
  assert.equal(aliceOwn.state, 'sent', "alice's own message is sent (reflected by the room), not pending");
  // Prosody 0.12 stamps XEP-0421 occupant ids: the same id for Alice's message in every copy.
  const bobCopy = (await bob.messages(room, tag))[0];
  const carolCopy = (await carol.messages(room, tag))[0];
  assert.ok(bobCopy.occupantId, "bob's copy of alice's message carries her occupant id");
  assert.equal(carolCopy.occupantId, bobCopy.occupantId, "carol's copy carries the same occupant id as bob's");

  await logOutAll({ alice, bob, carol });
});

test('a line naming carol is a mention: marked on her copy, counted on the room while she looks elsewhere', async () => {
  const room = uniqueRoom('mention');
  const { alice, bob, carol } = await logInAll(['alice', 'bob', 'carol']);
  await alice.create(room);
  await bob.join(room);
  await carol.join(room);
  await bob.waitForOccupants(room, ['alice', 'bob', 'carol']);

  // Carol turns to a one-to-one conversation; the room goes on without her watching.
  await new ChatPage(carol.page).open('alice@localhost');
  await bob.send(room, 'good morning');
  await bob.send(room, 'carol: look');
  await bob.waitForMessage(room, 'bob', 'carol: look', { state: 'sent' });

  await carol.waitForCount(room, 'unread', 1);
  await carol.waitForCount(room, 'mentions', 1);
  // Only the line naming her counts as a mention; nobody else's copy is one.
  const aliceCopy = await alice.waitForMessage(room, 'bob', 'carol: look');
  assert.equal(await aliceCopy.getAttribute('data-mention'), null, "alice's copy does not mention alice");
  const bobOwn = await bob.waitForMessage(room, 'bob', 'carol: look');
  assert.equal(await bobOwn.getAttribute('data-mention'), null, "bob's own line is no mention for bob");

  await carol.open(room);
  const carolCopy = await carol.waitForMessage(room, 'bob', 'carol: look');
  assert.equal(await carolCopy.getAttribute('data-mention'), 'true', "carol's copy of 'carol: look' is marked as a mention");
  const plain = await carol.waitForMessage(room, 'bob', 'good morning');
  assert.equal(await plain.getAttribute('data-mention'), null, "'good morning' is no mention for carol");
  assert.equal(await carol.message(room, 'bob', 'carol: look').count(), 1, "carol's copy shows once");

  await logOutAll({ alice, bob, carol });
});

test('a nickname already in the room is refused on the join dialog, which stays open', async () => {
  const room = uniqueRoom('nick');
  const { alice, carol } = await logInAll(['alice', 'carol']);
  await alice.create(room);

  await carol.submitJoin(room, { nick: 'alice' });
  await carol.joinError.waitFor().catch((error) => {
    throw new Error(`no room-join-error when carol asks for the nickname alice, taken in ${room} (${error.message})`);
  });
  assert.match(await carol.joinError.textContent(), /alice/, 'the refusal names the nickname that is taken');
  assert.ok(await carol.joinJid.isVisible(), 'the join dialog stays open after the refusal');
  assert.equal(await carol.joinJid.inputValue(), room, 'the dialog keeps the room address');
  assert.notEqual(await carol.page.evaluate(() => decodeURIComponent(window.location.hash)), `#/room/${room}`,
    'a refused join does not open the room');
  assert.equal(await carol.view(room, 'joined').count(), 0, 'carol is not shown in the room');
  // Alice's room never had a second "alice".
  assert.deepEqual((await alice.occupants(room)).map((o) => o.nick), ['alice']);

  // Another nickname gets her in from the same dialog.
  await carol.join(room, { nick: 'carol' });
  await alice.waitForOccupants(room, ['alice', 'carol']);

  await logOutAll({ alice, carol });
});

test('bob leaves: the others no longer list him', async () => {
  const room = uniqueRoom('leave');
  const { alice, bob, carol } = await logInAll(['alice', 'bob', 'carol']);
  await alice.create(room);
  await bob.join(room);
  await carol.join(room);
  for (const viewer of [alice, bob, carol]) await viewer.waitForOccupants(room, ['alice', 'bob', 'carol']);

  await bob.view(room, 'joined').getByTestId('room-leave').click();
  await alice.waitForOccupants(room, ['alice', 'carol']);
  await carol.waitForOccupants(room, ['alice', 'carol']);
  await bob.view(room, 'joined').waitFor({ state: 'detached' }).catch((error) => {
    throw new Error(`bob's page still shows ${room} as joined after he left (${error.message})`);
  });

  // The room goes on without him.
  await alice.send(room, 'bob has gone');
  await carol.waitForMessage(room, 'alice', 'bob has gone');

  await logOutAll({ alice, bob, carol });
});

test('a reload keeps alice in the room: listed, joined, and new lines arrive once', async () => {
  const room = uniqueRoom('reload');
  const tag = `reload-${Date.now()}`;
  // "Keep me logged in", so the reload logs straight back in (remember-me.spec.js).
  const alicePage = await openPalaver(chromium.browser);
  await alicePage.getByTestId('login-remember').check();
  await new LoginPage(alicePage).logInAndWait('alice@localhost', 'alice');
  const alice = new RoomPage(alicePage, 'alice');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await alice.create(room);
  await bob.join(room);
  await alice.waitForOccupants(room, ['alice', 'bob']);

  const before = [`${tag} alice before the reload`, `${tag} bob before the reload`];
  await alice.send(room, before[0]);
  await alice.waitForMessage(room, 'alice', before[0], { state: 'sent' });
  await bob.send(room, before[1]);
  await alice.waitForMessage(room, 'bob', before[1]);

  await alicePage.reload();
  await alicePage.locator(ONLINE).waitFor();
  assert.equal(await alicePage.getByTestId('login-submit').count(), 0, 'the remembered login needs no form after the reload');
  await alice.item(room).waitFor().catch((error) => {
    throw new Error(`${room} is not listed in alice's sidebar after the reload (${error.message})`);
  });
  // The route kept the room open.
  await alice.view(room, 'joined').waitFor().catch(async (error) => {
    const state = await alice.view(room).getAttribute('data-state', { timeout: 1_000 }).catch(() => 'no room-view');
    throw new Error(`after the reload alice's ${room} is ${state}, not joined (${error.message})`);
  });
  await alice.waitForOccupants(room, ['alice', 'bob']);
  await bob.waitForOccupants(room, ['alice', 'bob']);

  const after = [`${tag} bob after the reload`, `${tag} alice after the reload`];
  await bob.send(room, after[0]);
  await alice.waitForMessage(room, 'bob', after[0]);
  // Alice answers; once it is reflected, anything doubled before it would show.
  await alice.send(room, after[1]);
  await alice.waitForMessage(room, 'alice', after[1], { state: 'sent' });
  await bob.waitForMessage(room, 'alice', after[1]);

  const bodies = (await alice.messages(room, tag)).map((row) => row.body);
  for (const body of after) {
    assert.equal(bodies.filter((b) => b === body).length, 1, `alice shows "${body}" exactly once (she has ${JSON.stringify(bodies)})`);
  }
  // Whatever of the earlier lines the reload brings back (kept, or the room's history on a
  // rejoin), none shows twice, and none comes after the new ones.
  for (const body of before) {
    assert.ok(bodies.filter((b) => b === body).length <= 1, `alice shows "${body}" at most once (she has ${JSON.stringify(bodies)})`);
  }
  assert.deepEqual(bodies.slice(-2), after, 'the new lines come last, in order');
  assert.deepEqual((await bob.messages(room, tag)).map((row) => row.body), [...before, ...after],
    'bob shows each line once, in order');

  await new RosterPage(bob.page).logOut();
  await new RosterPage(alicePage).logOut();
});
