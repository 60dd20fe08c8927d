// Palaver and Converse.js 14 side by side: the same Prosody, the same headless Chromium, the
// same steps, runs alternating between the two, medians printed as one table.
// Started by scripts/bench.sh (which runs the server and serves both clients); see the README.
//   node --experimental-websocket run.js [--runs 3]
//        [--only load,roster,burst,floor,history,room-join,room-burst,room-rejoin]
//        [--rosters 200,2000,10000] [--bursts 1000,10000] [--history 5000] [--occupants 1000]
//        [--room-burst 5000] [--rooms 20] [--timeout 600] [--clients palaver,converse]
// The room rows (room-scenarios.js) need the bench server's anonymous host (scripts/bench.sh).
// Every measured value (or failure, with its reason) is one line of results/<time>-<commit>.jsonl,
// written as it is measured; the table is made from those lines only (table.js), also in
// results/latest.md. results/ is gitignored but for the run the README shows.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { palaver, converse } from './clients.js';
import { observeLongTasks, observeShownMessages, observeWasmMemory, observeArchive, longestTask, settle,
  memoryAfterGc, countBytes } from './measure.js';
import { newAccount, seededContact, writeRoster, writeArchive } from './accounts.js';
import { connect, sendBurst, receiveBurst, burstBody } from './bot.js';
import { render, FLOOR } from './table.js';
import { roomScenarios } from './room-scenarios.js';

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const RUNS = Number(option('runs', '3'));
const ONLY = list(option('only', 'load,roster,burst,floor,history,room-join,room-burst,room-rejoin'));
const ROSTERS = list(option('rosters', '200,2000,10000')).map(Number);
const BURSTS = list(option('bursts', '1000,10000')).map(Number);
const HISTORY = Number(option('history', '5000'));
const OCCUPANTS = Number(option('occupants', '1000'));
const ROOM_BURST = Number(option('room-burst', '5000'));
const ROOMS = Number(option('rooms', '20'));
const TIMEOUT_MS = Number(option('timeout', '600')) * 1000;
const CLIENTS = list(option('clients', 'palaver,converse'));
// Scrolled to the top, a client that shows nothing new and asks nothing for this long has
// stopped loading older messages (far above a page's round trip on this machine).
const STALL_MS = 60_000;
const WS = process.env.BENCH_WS ?? 'ws://127.0.0.1:5480/xmpp-websocket';
const BASE = { Palaver: process.env.BENCH_PALAVER_URL ?? 'http://127.0.0.1:8096/',
  'Converse.js': process.env.BENCH_CONVERSE_URL ?? 'http://127.0.0.1:8097/' };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

// The results file: named by the start time and the measured commit ("-dirty" with local changes).
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const COMMIT = git('rev-parse', '--short=12', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? '-dirty' : '');
const STARTED = new Date();
const RESULTS = new URL('./results/', import.meta.url);
const FILE = `${STARTED.toISOString().slice(0, 19).replace(/:/g, '')}-${COMMIT}.jsonl`;
mkdirSync(RESULTS, { recursive: true });
const records = [];
/** Keeps one measured outcome ({ value }, { below } or { failure }) and appends it to the file. */
function record(scenario, metric, unit, client, run, outcome) {
  const line = { scenario, metric, unit, client, run, ...outcome, at: new Date().toISOString(), commit: COMMIT };
  records.push(line);
  appendFileSync(new URL(FILE, RESULTS), `${JSON.stringify(line)}\n`);
}

/** A failure's reason, short enough for a table cell. */
function reason(error) {
  const text = String(error?.message ?? error).split('\n')[0];
  if (/crash/i.test(text)) return 'the tab crashed';
  const timeout = /Timeout (\d+)ms exceeded/.exec(text);
  if (timeout) return `> ${Number(timeout[1]) / 1000} s`;
  return text.replace(/^[a-z]\w*\.\w+: /i, ''); // Playwright's "locator.waitFor: " and the like
}

/**
 * Measures one run of one scenario for one client. `metrics` = [[metric, unit], …]; `body(put,
 * note)` measures them, `put(metric, outcome)` keeping a number, `{ below }` or `{ failure }`
 * (a later put of a metric replaces the earlier). The whole run is bounded by --timeout; when
 * it fails or runs out, every metric not yet measured is recorded as failed, with the reason
 * (plus the body's last `note`, what it had done so far).
 */
async function attempt(scenario, metrics, client, run, body) {
  const values = new Map();
  let progress = '';
  const put = (metric, outcome) => values.set(metric, typeof outcome === 'number' ? { value: outcome } : outcome);
  let failure;
  try {
    await within(body(put, (text) => { progress = text; }), TIMEOUT_MS,
      () => `> ${TIMEOUT_MS / 1000} s${progress ? ` (${progress})` : ''}`);
  } catch (error) {
    failure = reason(error);
    process.stderr.write(`    failed: ${failure}\n`);
  }
  // What the body puts after this point (it may still run after a timeout) is not recorded.
  const measured = new Map(values);
  for (const [metric, unit] of metrics) {
    record(scenario, metric, unit, client, run, measured.get(metric) ?? { failure: failure ?? 'not measured' });
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

/** Runs `use(page)` in a fresh browser context (no cache, no storage) with the client configured;
 * the context is closed afterwards whatever happened. */
async function withPage(client, account, use) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(observeLongTasks);
    await context.addInitScript(observeShownMessages);
    await context.addInitScript(observeWasmMemory);
    await client.prepare(context, { websocketUrl: WS, ...account });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    return await use(page);
  } finally {
    await context.close().catch(() => {});
  }
}

/** Opens the client logged in as `user` (it logs in at once). */
const login = (page, client, user) => page.goto(client.url(BASE[client.name],
  { websocketUrl: WS, jid: `${user}@localhost`, password: user }));

/** Waits until an element matching `selector` has exactly `text`, checking from the end. */
function waitForText(page, selector, text) {
  return page.waitForFunction(([sel, want]) => {
    const all = document.querySelectorAll(sel);
    for (let i = all.length - 1; i >= 0 && i >= all.length - 400; i -= 1) if (all[i].textContent.trim() === want) return true;
    return false;
  }, [selector, text], { timeout: TIMEOUT_MS, polling: 100 });
}

/** Resolves with `promise`, or rejects after `ms` with the text `why()` gives then. */
function within(promise, ms, why) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(why())), ms); })])
    .finally(() => clearTimeout(timer));
}

// 1. First load: everything transferred until the login form is usable.
const LOAD = [['time to a usable login form', 'ms'], ['bytes transferred (raw)', 'bytes'],
  ['bytes transferred (gzip -9)', 'bytes']];
const firstLoad = (client, run) => attempt('1 first load', LOAD, client.name, run, (put) =>
  withPage(client, {}, async (page) => {
    const bytes = countBytes(page);
    const started = Date.now();
    await page.goto(client.url(BASE[client.name], { websocketUrl: WS }));
    await page.locator(client.loginFormReady).waitFor();
    put(LOAD[0][0], Date.now() - started);
    await page.waitForLoadState('networkidle').catch(() => {});
    const total = bytes();
    put(LOAD[1][0], total.raw);
    put(LOAD[2][0], total.gzip);
  }));

/**
 * "The last contact is reachable", one definition for both clients: its row is on screen (its
 * centre inside the window and not covered by anything), the contact list having been scrolled
 * to its end as a user looking for it would (it is the last contact in both: groups and names
 * sort alike, and no contact is online). The scrolling box is the list's nearest scrollable
 * ancestor, found the same way for both. Neither "the row exists" (Palaver renders only the
 * rows in view) nor a typed filter (Converse.js shows its filter only on request) would mean
 * the same for both.
 */
function lastContactOnScreen(page, client, jid) {
  return page.waitForFunction(([listSelector, rowSelector]) => {
    const row = document.querySelector(rowSelector);
    if (row) {
      const box = row.getBoundingClientRect();
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      if (box.height > 0 && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight
          && row.contains(document.elementFromPoint(x, y))) return true;
    }
    // Not yet: to the end of the list (again each time, as more contacts arrive).
    let scroller = document.querySelector(listSelector);
    while (scroller && !(scroller.scrollHeight > scroller.clientHeight
        && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
    return false;
  }, [client.rosterList, client.rosterRow(jid)], { polling: 'raf', timeout: TIMEOUT_MS });
}

// 2. Roster of N contacts: login → the last contact on screen; then, in that same state for
// both (scrolled to the end, no filter), the longest task so far and the memory.
const MEMORY = [['memory after GC (JS + DOM + wasm)', 'bytes'], ['of which JS heap', 'bytes'],
  ['of which DOM (Blink heap)', 'bytes'], ['of which wasm memory', 'bytes']];
/** Puts the four memory metrics. */
async function putMemory(page, put) {
  const { total, heap, dom, wasm } = await memoryAfterGc(page);
  [total, heap, dom, wasm].forEach((value, i) => put(MEMORY[i][0], value));
}

const ROSTER = [['login → last contact on screen', 'ms'], ['longest main-thread task', 'ms'], ...MEMORY];
const rosterUsers = new Map();
async function roster(client, size, run) {
  if (!rosterUsers.has(size)) {
    const user = newAccount(`roster${size}x`);
    const width = String(size).length;
    writeRoster(user, Array.from({ length: size }, (_, i) => seededContact(i + 1, width)));
    rosterUsers.set(size, user);
  }
  const user = rosterUsers.get(size);
  const last = seededContact(size, String(size).length);
  await attempt(`2 roster of ${size.toLocaleString('en')}`, ROSTER, client.name, run, (put) =>
    withPage(client, { jid: `${user}@localhost`, password: user }, async (page) => {
      const started = Date.now();
      await login(page, client, user);
      await lastContactOnScreen(page, client, last.jid);
      put(ROSTER[0][0], Date.now() - started);
      put(ROSTER[1][0], await longestTask(page));
      await putMemory(page, put);
    }));
}

/** A receiver with the bot as a contact (and the bot with it), both fresh. */
function pairWithBot(prefix) {
  const user = newAccount(prefix);
  const bot = newAccount(`${prefix}bot`);
  writeRoster(user, [{ jid: `${bot}@localhost`, name: 'Bot', group: 'Bench' }]);
  writeRoster(bot, [{ jid: `${user}@localhost`, name: 'Receiver', group: 'Bench' }]);
  return { user, bot };
}

// 3. A burst of N messages into the open conversation: time until the last is rendered.
const BURST = [['time until the last is rendered', 'ms'], ['longest main-thread task', 'ms'], ...MEMORY];
async function burst(client, count, run) {
  const { user, bot } = pairWithBot(`burst${count}x`);
  await attempt(`3 burst of ${count.toLocaleString('en')} into the open chat`, BURST, client.name, run, (put) =>
    withPage(client, { jid: `${user}@localhost`, password: user }, async (page) => {
      const sender = await connect(WS, bot, bot);
      try {
        await login(page, client, user);
        await client.openChat(page, `${bot}@localhost`);
        await settle(page); // the login's own work is over: count from here
        const tag = `b${Date.now()}`;
        const started = performance.now();
        sendBurst(sender, `${user}@localhost`, tag, count);
        await waitForText(page, client.messageSelector, burstBody(tag, count));
        put(BURST[0][0], performance.now() - started);
        put(BURST[1][0], await longestTask(page));
        await putMemory(page, put);
      } finally {
        await sender.close();
      }
    }));
}

// 4. The same burst received by a bare client (bot.js, no UI, no browser): the floor, one
// number that belongs to neither client.
const FLOOR_METRIC = [['time until the last arrives', 'ms']];
async function floor(count, run) {
  const { user, bot } = pairWithBot(`floor${count}x`);
  await attempt(`4 burst of ${count.toLocaleString('en')}`, FLOOR_METRIC, FLOOR, run, async (put) => {
    const receiver = await connect(WS, user, user);
    const sender = await connect(WS, bot, bot);
    try {
      const tag = `f${Date.now()}`;
      const done = receiveBurst(receiver, tag, count);
      const started = performance.now();
      sendBurst(sender, `${user}@localhost`, tag, count);
      put(FLOOR_METRIC[0][0], (await done) - started);
    } finally {
      await sender.close();
      await receiver.close();
    }
  });
}

// 5. History: a conversation with N archived messages, scrolled back to its first one.
const historyUsers = [];
function fillHistory(count) {
  const { user, bot } = pairWithBot(`hist${count}x`);
  const tag = `h${Date.now()}`;
  writeArchive(user, `${bot}@localhost`, Array.from({ length: count }, (_, i) => burstBody(tag, i + 1)), tag);
  return { user, bot, first: burstBody(tag, 1) };
}

/**
 * Scrolls the open conversation back to `first` the way a user does in both clients: scroll the
 * message list to its top, and the client shows older rows it has, or asks the archive for the
 * page before (seen in its WebSocket frames) and shows that; repeat. Fails with what happened
 * when a client neither shows anything new nor asks the archive for STALL_MS.
 */
async function scrollToFirst(page, client, first, archive, note) {
  const olderBefore = archive.older;
  let oldest = '';
  const said = () => `${archive.older - olderBefore} older pages asked, ${archive.complete ? 'archive complete' :
    'archive not complete'}, oldest shown: ${/message \d+$/.exec(oldest)?.[0] ?? 'none'}`;
  for (;;) {
    const shown = await page.evaluate((sel) => window.benchShown(sel), client.messageSelector);
    oldest = shown.split('|')[1];
    note(said());
    const found = await page.evaluate(([sel, want]) =>
      [...document.querySelectorAll(sel)].some((e) => e.textContent.trim() === want), [client.messageSelector, first]);
    if (found) return;
    const olderNow = archive.older;
    // To the oldest end: scrollTop 0 for a normal list, the most negative value for one laid out
    // with flex-direction: column-reverse (Converse.js); a too-small value is clamped to either.
    // A real scroll: the browser fires the scroll event itself (none when already there), as
    // for a user's.
    await page.evaluate((sel) => { const list = document.querySelector(sel); list.scrollTop = -list.scrollHeight; },
      client.messageList);
    const rowsChanged = page.waitForFunction(([sel, before]) => window.benchShown(sel) !== before,
      [client.messageSelector, shown], { polling: 'raf', timeout: TIMEOUT_MS });
    rowsChanged.catch(() => {}); // it may be left waiting when the page closes
    const progress = await within(Promise.race([rowsChanged.then(() => 'rows'), archive.olderPast(olderNow).then(() => 'asked')]),
      STALL_MS, () => `stopped: at the top, nothing new shown nor asked for ${STALL_MS / 1000} s (${said()})`);
    if (progress === 'asked') {
      await within(rowsChanged, STALL_MS, () => `an older page asked, nothing new shown for ${STALL_MS / 1000} s (${said()})`);
    }
  }
}

const HISTORY_METRICS = [['scrolling up → first message shown', 'ms'], ['longest main-thread task', 'ms'],
  ['older archive pages asked', 'count']];
async function history(client, count, run) {
  const scenario = `5 history of ${count.toLocaleString('en')}, scrolled to the first`;
  // One archive per run, read by both clients.
  historyUsers[run] ??= fillHistory(count);
  const { user, bot, first } = historyUsers[run];
  await attempt(scenario, HISTORY_METRICS, client.name, run, (put, note) =>
    withPage(client, { jid: `${user}@localhost`, password: user }, async (page) => {
      const archive = observeArchive(page);
      await login(page, client, user);
      await client.openChat(page, `${bot}@localhost`);
      await settle(page); // as for the bursts: the login and the opening are over
      const started = performance.now();
      const olderBefore = archive.older;
      try {
        await scrollToFirst(page, client, first, archive, note);
      } finally {
        put(HISTORY_METRICS[2][0], archive.older - olderBefore);
      }
      put(HISTORY_METRICS[0][0], performance.now() - started);
      put(HISTORY_METRICS[1][0], await longestTask(page));
    }));
}

/** Whether `--clients` asks for this client. */
const chosen = (client) => CLIENTS.includes(client === palaver ? 'palaver' : 'converse');

/** Runs `measure(client, run)` for both clients `runs` times, alternating who goes first. */
async function sideBySide(measure, runs = RUNS) {
  for (let run = 0; run < runs; run += 1) {
    const order = run % 2 === 0 ? [palaver, converse] : [converse, palaver];
    for (const client of order.filter(chosen)) {
      process.stderr.write(`  run ${run + 1}/${runs}: ${client.name}\n`);
      await measure(client, run);
    }
  }
}

if (ONLY.includes('load')) { process.stderr.write('first load\n'); await sideBySide(firstLoad); }
if (ONLY.includes('roster')) {
  for (const size of ROSTERS) { process.stderr.write(`roster ${size}\n`); await sideBySide((c, run) => roster(c, size, run)); }
}
for (const count of BURSTS) {
  if (ONLY.includes('burst')) {
    process.stderr.write(`burst ${count}\n`);
    // Converse.js needs minutes for 10,000 (README, "Speed and size"): one run of each there.
    await sideBySide((c, run) => burst(c, count, run), count >= 10_000 ? 1 : RUNS);
  }
  if (ONLY.includes('floor')) {
    process.stderr.write(`floor ${count}\n`);
    for (let run = 0; run < RUNS; run += 1) await floor(count, run);
  }
}
if (ONLY.includes('history')) { process.stderr.write(`history ${HISTORY}\n`); await sideBySide((c, run) => history(c, HISTORY, run)); }
const rooms = roomScenarios({ attempt, withPage, login, putMemory, waitForText, MEMORY, WS, FLOOR });
try {
  if (ONLY.includes('room-join')) {
    process.stderr.write(`room of ${OCCUPANTS} occupants\n`);
    await sideBySide((c, run) => rooms.roomJoin(c, OCCUPANTS, run));
  }
  if (ONLY.includes('room-burst')) {
    process.stderr.write(`room burst ${ROOM_BURST}\n`);
    await sideBySide((c, run) => rooms.roomBurst(c, ROOM_BURST, run));
    for (let run = 0; run < RUNS; run += 1) await rooms.roomBurstFloor(ROOM_BURST, run);
  }
  if (ONLY.includes('room-rejoin')) {
    process.stderr.write(`rejoin of ${ROOMS} bookmarked rooms\n`);
    await sideBySide((c, run) => rooms.roomRejoin(c, ROOMS, run));
  }
} finally {
  await rooms.close();
}
await browser.close();

const table = render(records);
const summary = `Palaver (${COMMIT}) vs Converse.js 14.0.0, ${STARTED.toISOString().slice(0, 10)}, median of ` +
  `${RUNS} alternating run(s) (bursts of 10,000: one run), ${Math.round((Date.now() - STARTED) / 1000)} s in all; ` +
  `every value in results/${FILE}`;
console.log(`${summary}\n\n${table}`);
writeFileSync(new URL('latest.md', RESULTS), `${summary}\n\n${table}\n`);
