// A quick load harness for big rooms (not a spec): Alice in Chromium, bots over WebSocket.
//   node --experimental-websocket tests/e2e/room-load.mjs
// with PALAVER_E2E_URL / PALAVER_E2E_WS pointing at a served build and its Prosody. Prints the
// main thread's long tasks (PerformanceObserver 'longtask') and the rows in the page for:
//   1. Bob joins a room that 1,000 bots (and Alice) are already in;
//   2. 1,000 bots join a room Alice is in (a join storm), then leave;
//   3. one bot sends 5,000 messages to a room of two Alice has open.
// ROOM_BOTS and ROOM_MESSAGES change the counts. The server relays each presence to everyone in
// the room, so filling a room costs it O(n²): on a shared two-core machine 1,000 bots take
// minutes to get in; 300 take about 30 s.
import { launchBrowser } from './pages/browser.js';
import { logInAs } from './pages/login-page.js';
import { RoomPage, uniqueRoom } from './pages/room-page.js';
import { startBots, stopBots } from './pages/room-bots.js';

const COUNT = Number(process.env.ROOM_BOTS ?? 1000);
const MESSAGES = Number(process.env.ROOM_MESSAGES ?? 5000);
const browser = await launchBrowser();
const observe = () => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__long.push({ at: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
};
const page = await logInAs(browser, 'alice', { viewport: { width: 1280, height: 900 }, initScripts: [observe] });
const bobPage = await logInAs(browser, 'bob', { viewport: { width: 1280, height: 900 }, initScripts: [observe] });
const bob = new RoomPage(bobPage, 'bob');
const alice = new RoomPage(page, 'alice');

const longTasks = async (since, on = page) => (await on.evaluate(() => window.__long)).filter((t) => t.at >= since);
const now = (on = page) => on.evaluate(() => performance.now());
const report = (what, tasks, extra) => {
  const worst = tasks.reduce((m, t) => Math.max(m, t.ms), 0);
  console.log(`${what}: ${tasks.length} long tasks, longest ${worst.toFixed(0)} ms, over 50 ms: ${tasks.filter((t) => t.ms > 50).length}; ${extra}`);
};
const rows = (room, on = page) => on.evaluate((jid) => {
  const view = [...document.querySelectorAll('[data-testid=room-view]')].find((v) => v.dataset.jid === jid);
  return {
    occupants: view?.querySelectorAll('[data-testid=occupant]').length ?? 0,
    messages: view?.querySelectorAll('[data-testid=chat-message]').length ?? 0,
    notices: [...(view?.querySelectorAll('[data-testid=room-notice]') ?? [])].map((n) => n.textContent),
    heading: view?.querySelector('[data-testid=occupant-list] .section-title')?.textContent,
  };
}, room);

console.log(`starting ${COUNT} bots…`);
let t = Date.now();
const bots = await startBots('load', COUNT, { parallel: 25 });
console.log(`bots logged in in ${Date.now() - t} ms`);

// 1. Alice joins a room of 1,000.
const full = uniqueRoom('full');
await alice.create(full);
t = Date.now();
for (let i = 0; i < bots.length; i += 50) await Promise.all(bots.slice(i, i + 50).map((bot) => bot.join(full)));
console.log(`bots joined ${full} in ${Date.now() - t} ms`);
let since = await now(bobPage);
const started = Date.now();
await bob.join(full);
await bob.view(full).locator('[data-testid=occupant-list] .section-title').filter({ hasText: `In the room (${COUNT + 2})` }).waitFor({ timeout: 60_000 });
report(`1. bob joins a room of ${COUNT + 1}`, await longTasks(since, bobPage), `join → all listed ${Date.now() - started} ms; rows ${JSON.stringify({ ...(await rows(full, bobPage)), notices: undefined })}`);

// 2. A join storm into a room Alice is in, then a leave storm.
const stormRoom = uniqueRoom('storm');
await alice.create(stormRoom);
since = await now();
t = Date.now();
let lastPresence = 0;
for (let i = 0; i < bots.length; i += 50) {
  await Promise.all(bots.slice(i, i + 50).map((bot) => bot.join(stormRoom)));
}
lastPresence = Date.now();
await alice.view(stormRoom).locator('[data-testid=occupant-list] .section-title').filter({ hasText: `In the room (${COUNT + 1})` }).waitFor({ timeout: 60_000 });
report(`2a. ${COUNT} join`, await longTasks(since), `last bot in → all listed ${Date.now() - lastPresence} ms (storm took ${lastPresence - t} ms); rows ${JSON.stringify(await rows(stormRoom))}`);
since = await now();
t = Date.now();
for (const bot of bots) bot.leave();
await alice.view(stormRoom).locator('[data-testid=occupant-list] .section-title').filter({ hasText: 'In the room (1)' }).waitFor({ timeout: 60_000 });
report(`2b. ${COUNT} leave`, await longTasks(since), `all gone after ${Date.now() - t} ms; rows ${JSON.stringify(await rows(stormRoom))}`);

// 3. A burst of messages into an open room of two (so the server relays each once).
const burstRoom = uniqueRoom('burst');
await alice.create(burstRoom);
const talker = bots[0];
await talker.join(burstRoom, 'talker');
since = await now();
t = Date.now();
const body = (i) => `burst ${String(i).padStart(5, '0')}`;
for (let i = 1; i <= MESSAGES; i += 1) talker.say(body(i));
const sent = Date.now();
await alice.message(burstRoom, 'talker', body(MESSAGES)).waitFor({ timeout: 300_000 });
report(`3. ${MESSAGES} messages`, await longTasks(since), `sent in ${sent - t} ms, last shown ${Date.now() - t} ms after the first was sent; rows ${JSON.stringify({ ...(await rows(burstRoom)), notices: undefined })}`);
await stopBots(bots);
await browser.close();
