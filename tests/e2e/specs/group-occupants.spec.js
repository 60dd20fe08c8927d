// A big room on the test Prosody (issue 13, item 4): bots over raw WebSocket fill a room. Who
// was there before Alice joined is the room's roster, no line; a storm of joins after is one
// quiet line; the occupant list is grouped by role and virtualized (bounded in the page,
// scrollable to the last bot); a nick change is a line of its own; a storm of leaves is one line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { useBrowser } from '../pages/browser.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { startBots, stopBots } from '../pages/room-bots.js';

const chromium = useBrowser();
const bots = [];
after(() => stopBots(bots));

/** The room's quiet lines, in order. */
function notices(viewer, room) {
  return viewer.view(room).getByTestId('room-notice').evaluateAll((rows) => rows.map((row) => row.textContent));
}

/** Waits until a quiet line of `room` says `text` (a regular expression). */
async function waitForNotice(viewer, room, text) {
  await viewer.view(room).getByTestId('room-notice').filter({ hasText: text }).first().waitFor()
    .catch(async (error) => {
      throw new Error(`${viewer.who} shows no line like ${text} in ${room}; its lines:\n  `
        + `${(await notices(viewer, room)).join('\n  ')}\n(${error.message})`);
    });
}

test('a room of 90 bots: its roster no lines, a join storm one line, the list bounded and scrollable, a rename, a leave storm one line', async () => {
  const room = uniqueRoom('crowd');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await bob.create(room);
  bots.push(...await startBots('crowd', 90));
  const early = bots.slice(0, 30);
  const storm = bots.slice(30);
  // Thirty are there before Alice: the room's roster when she joins.
  for (const bot of early) await bot.join(room);

  const alice = new RoomPage(await logInAs(chromium.browser, 'alice'), 'alice');
  await alice.join(room);
  const heading = alice.view(room).locator('[data-testid=occupant-list] .section-title');
  await heading.filter({ hasText: 'In the room (32)' }).waitFor();
  assert.deepEqual(await notices(alice, room), [], 'who was there before us is no arrival');

  // Sixty join at once: one line, naming two and counting the rest.
  await Promise.all(storm.map((bot) => bot.join(room)));
  await heading.filter({ hasText: 'In the room (92)' }).waitFor();
  await waitForNotice(alice, room, /^\S+ \S+, \S+ and 58 others joined\.$/);
  assert.equal((await notices(alice, room)).length, 1, 'one line for the storm');

  // The list: headers by role, a bounded number of rows, and the last bot reachable.
  const list = alice.view(room).getByTestId('occupant-list');
  const groups = await list.getByTestId('occupant-group').evaluateAll((rows) => rows.map((row) => `${row.dataset.role} ${row.dataset.count}`));
  assert.equal(groups[0], 'moderator 1', `bob, the owner, moderates: ${groups}`);
  const rendered = await list.getByTestId('occupant').count();
  assert.ok(rendered < 92 && rendered <= 60, `${rendered} occupant rows in the page for 92 occupants`);
  const last = storm[storm.length - 1].nick;
  await list.locator('.occupant-scroll').evaluate((scroller) => { scroller.scrollTop = scroller.scrollHeight; });
  await alice.occupant(room, last).waitFor();
  assert.ok(await alice.occupant(room, last).isVisible(), `${last} is in view at the end of the list`);
  assert.equal(await alice.occupant(room, 'bob').count(), 0, 'the first rows left the page');

  // A nick change: its own line, and no join or leave.
  await early[0].rename('renamed-bot');
  await waitForNotice(alice, room, `${early[0].user} is now known as renamed-bot.`);

  // Forty leave at once: one line.
  for (const bot of storm.slice(0, 40)) bot.leave();
  await heading.filter({ hasText: 'In the room (52)' }).waitFor();
  await waitForNotice(alice, room, /^\S+ \S+, \S+ and 38 others left\.$/);
  const lines = await notices(alice, room);
  assert.equal(lines.length, 3, `a join line, a rename line, a leave line:\n  ${lines.join('\n  ')}`);
  for (const viewer of [alice, bob]) await new RosterPage(viewer.page).logOut();
});
