// Creating, configuring and destroying a room (XEP-0045 §10) on the test Prosody, through its
// configuration form rendered generically (XEP-0004). Alice creates a room asking to set it up
// first: its form shows (every kind of field Prosody sends), the room stays locked to Bob
// meanwhile, and opens with her name, description and password. Bob finds it by its name among
// the public rooms and is refused without the password. Alice reconfigures it (her form holds
// the current settings), Bob sees the quiet line about it and Carol walks in without a password
// now; then Alice destroys it with a reason and a new venue, and everyone sees it gone. A new
// room whose set-up is cancelled is destroyed, not left locked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { useBrowser } from '../pages/browser.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';
import { RoomConfigPage } from '../pages/room-config-page.js';

const chromium = useBrowser();

/** Closes the join dialog (its `room-join` button toggles it), so the next join starts from a
 * fresh one: a quick second refusal could otherwise pass for the first one still shown. */
async function closeJoinDialog(viewer) {
  await viewer.joinButton.click();
  await viewer.joinJid.waitFor({ state: 'detached' });
}

const NAME = 'muc#roomconfig_roomname';
const DESCRIPTION = 'muc#roomconfig_roomdesc';
const PASSWORD = 'muc#roomconfig_roomsecret';

test('a room created through its form opens with its settings, is reconfigured by its owner, then destroyed for everyone', async () => {
  const room = uniqueRoom('config');
  const alice = new RoomConfigPage(await logInAs(chromium.browser, 'alice'), 'alice');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');

  await alice.startCreating(room);
  // Prosody's form, rendered generically: section headers, text, a password, yes/no, one and
  // several choices; the hidden FORM_TYPE goes back unseen.
  const types = await alice.form(true).getByTestId('form-field')
    .evaluateAll((fields) => [...new Set(fields.map((f) => f.dataset.type))].sort());
  for (const type of ['boolean', 'fixed', 'list-multi', 'list-single', 'text-private', 'text-single']) {
    assert.ok(types.includes(type), `a ${type} field among ${types}`);
  }
  assert.equal(await alice.field('FORM_TYPE').count(), 0, 'the hidden field is not shown');
  assert.match(await alice.field(PASSWORD).textContent(), /Password/, 'fields are labelled');

  // Locked until configured: Bob cannot enter yet.
  await bob.submitJoin(room);
  await bob.joinError.waitFor();
  assert.match(await bob.joinError.textContent(), /does not exist|not open yet/i);
  await closeJoinDialog(bob);

  await alice.fill({ text: { [NAME]: "Witches' Kitchen", [DESCRIPTION]: 'Spells and potions', [PASSWORD]: 'cauldron' } });
  await alice.submit();
  await alice.view(room, 'joined').waitFor();
  await alice.page.waitForFunction((jid) => decodeURIComponent(window.location.hash) === `#/room/${jid}`, room);

  // Bob finds it by its name, and the password keeps him out until he gives it.
  await bob.openJoinDialog();
  await bob.page.getByTestId('room-browse').click();
  const listed = bob.page.locator(`[data-testid=public-room][data-jid="${room}"]`);
  await listed.filter({ hasText: "Witches' Kitchen" }).waitFor().catch((error) => {
    throw new Error(`bob does not find ${room} by its new name (${error.message})`);
  });
  await bob.submitJoin(room);
  await bob.joinError.filter({ hasText: /password/ }).waitFor();
  await closeJoinDialog(bob);
  await bob.join(room, { password: 'cauldron' });

  // Alice reconfigures: her form holds the room's current settings.
  await alice.openSettings(room);
  assert.equal(await alice.control(NAME).inputValue(), "Witches' Kitchen");
  assert.equal(await alice.control(DESCRIPTION).inputValue(), 'Spells and potions');
  assert.equal(await bob.view(room).getByTestId('room-config').count(), 0, 'only owners are offered the settings');
  await alice.fill({ text: { [NAME]: 'Cauldron Club', [PASSWORD]: '' } });
  await alice.submit();
  await bob.view(room).getByTestId('room-notice').filter({ hasText: "The room's configuration changed." })
    .waitFor().catch((error) => {
      throw new Error(`bob sees no line about the new configuration (${error.message})`);
    });
  // The new settings hold: no password any more, and the form shows the new name.
  const carol = new RoomPage(await logInAs(chromium.browser, 'carol'), 'carol');
  await carol.join(room);
  await alice.openSettings(room);
  assert.equal(await alice.control(NAME).inputValue(), 'Cauldron Club');
  assert.equal(await alice.control(PASSWORD).inputValue(), '');

  // Destroyed, with a reason and where the conversation goes on: everyone sees it gone.
  await alice.destroy({ reason: 'Moving on', venue: 'lobby@conference.localhost' });
  for (const viewer of [alice, bob, carol]) {
    await viewer.view(room, 'left').waitFor().catch((error) => {
      throw new Error(`${viewer.who} does not see ${room} destroyed (${error.message})`);
    });
    const why = await viewer.view(room).getByTestId('room-left').textContent();
    assert.match(why, /destroyed/, `${viewer.who} is told the room was destroyed`);
    assert.match(why, /Moving on/, `${viewer.who} is given the reason`);
    assert.match(why, /lobby@conference\.localhost/, `${viewer.who} is told where it goes on`);
  }

  for (const viewer of [alice, bob, carol]) await new RosterPage(viewer.page).logOut();
});

test('cancelling a new room\'s set-up destroys the room: it is not left locked', async () => {
  const room = uniqueRoom('cancelled');
  const alice = new RoomConfigPage(await logInAs(chromium.browser, 'alice'), 'alice');
  await alice.startCreating(room);
  await alice.form(true).getByTestId('form-cancel').click();
  await alice.form().waitFor({ state: 'detached' });
  await alice.item(room).waitFor({ state: 'detached' });
  assert.notEqual(await alice.page.evaluate(() => decodeURIComponent(window.location.hash)), `#/room/${room}`);

  // The room did not linger, locked (a locked room answers Bob item-not-found, "not open yet"):
  // it was destroyed, and Prosody keeps a destroyed persistent room's name as a tombstone
  // (mod_muc's muc_tombstones), so Bob is told it is gone.
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await bob.submitJoin(room);
  await bob.joinError.waitFor();
  const refusal = await bob.joinError.textContent();
  assert.doesNotMatch(refusal, /not open yet/, 'not left locked');
  assert.match(refusal, /gone/, 'destroyed');

  for (const viewer of [alice, bob]) await new RosterPage(viewer.page).logOut();
});
