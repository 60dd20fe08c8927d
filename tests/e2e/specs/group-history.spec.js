// Reading a room back (issue 13, item 8 and the 1:1 promise of history): a room that talks
// more than the room's history replays on joining (20 lines on the test server) keeps the rest
// in its archive (XEP-0313 against the room); scrolling up in the timeline, or "Load earlier
// messages", reads it back a page at a time, in order, each line once, until its start.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';
import { startBots, stopBots } from '../pages/room-bots.js';

const chromium = useBrowser();
const bots = [];
after(() => stopBots(bots));

test('scrolling up a room reads its archive back, in order and once each, to its start', async () => {
  const room = uniqueRoom('history');
  const tag = `hist-${Date.now()}`;
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await bob.create(room);
  const [speaker] = await startBots('hist', 1);
  bots.push(speaker);
  await speaker.join(room);
  // 130 lines, faster than one a second: many share a whole-second stamp, so only the
  // archive's order can tell them apart.
  const said = Array.from({ length: 130 }, (_, i) => `${tag} ${String(i + 1).padStart(3, '0')}`);
  for (const line of said) speaker.say(line);
  await bob.waitForMessage(room, speaker.nick, said.at(-1));

  const alice = new RoomPage(await logInAs(chromium.browser, 'alice'), 'alice');
  await alice.join(room);
  await alice.waitForMessage(room, speaker.nick, said.at(-1));
  const list = alice.view(room).getByTestId('message-list');
  const shown = async () => (await alice.messages(room, tag)).map((row) => row.body);
  assert.ok((await shown()).length < said.length, 'joining replays only the room\'s recent history');

  // Scrolled to the top, the archive's older pages come in above, until its start.
  const selector = `[data-testid=room-view][data-jid="${room}"] [data-testid=message-list]`;
  for (let step = 0; ; step += 1) {
    assert.ok(step < 20, 'the archive ends');
    await alice.page.waitForFunction((sel) => document.querySelector(sel).dataset.history !== 'loading', selector);
    if (await list.getAttribute('data-history') === 'complete') break;
    const before = (await shown()).length;
    await list.evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
    const grew = ([sel, count, tagged]) => {
      const el = document.querySelector(sel);
      const rows = [...el.querySelectorAll('[data-testid=message-body]')]
        .filter((b) => b.textContent.startsWith(tagged)).length;
      return rows > count || el.dataset.history === 'complete';
    };
    // Already at the top (no scroll to make), the button asks instead.
    await alice.page.waitForFunction(grew, [selector, before, tag], { timeout: 10_000 })
      .catch(() => alice.view(room).getByTestId('history-more').click());
  }
  assert.deepEqual(await shown(), said, 'every line, in order, once');
  await new RosterPage(alice.page).logOut();
  await new RosterPage(bob.page).logOut();
});
