// Palaver and Converse.js 14 side by side: the same Prosody, the same headless Chromium, the
// same steps, runs alternating between the two, medians printed as one table.
// Started by scripts/bench.sh (which runs the server and serves both clients); see the README.
//   node --experimental-websocket run.js [--runs 3] [--only load,roster,burst,floor,history]
//        [--rosters 200,2000,10000] [--bursts 1000,10000] [--history 5000] [--timeout 600]
//        [--clients palaver,converse]
import { writeFileSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { palaver, converse } from './clients.js';
import { observeLongTasks, observeShownMessages, longestTask, memoryAfterGc, countBytes } from './measure.js';
import { newAccount, seededContact, writeRoster } from './accounts.js';
import { connect, sendBurst, receiveBurst, burstBody } from './bot.js';
import { render } from './table.js';

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const RUNS = Number(option('runs', '3'));
const ONLY = list(option('only', 'load,roster,burst,floor,history'));
const ROSTERS = list(option('rosters', '200,2000,10000')).map(Number);
const BURSTS = list(option('bursts', '1000,10000')).map(Number);
const HISTORY = Number(option('history', '5000'));
const TIMEOUT_MS = Number(option('timeout', '600')) * 1000;
const CLIENTS = list(option('clients', 'palaver,converse'));
const WS = process.env.BENCH_WS ?? 'ws://127.0.0.1:5480/xmpp-websocket';
const BASE = { Palaver: process.env.BENCH_PALAVER_URL ?? 'http://127.0.0.1:8096/',
  'Converse.js': process.env.BENCH_CONVERSE_URL ?? 'http://127.0.0.1:8097/' };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const rows = new Map();
/** Records one measured value (or a failure text) for the table. */
function record(scenario, metric, unit, client, value) {
  const key = `${scenario}\n${metric}`;
  if (!rows.has(key)) rows.set(key, { scenario, metric, unit, palaver: [], converse: [] });
  rows.get(key)[client === palaver ? 'palaver' : 'converse'].push(value);
}

/** A fresh browser context (no cache, no storage) with the client configured. */
async function openPage(client, account) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(observeLongTasks);
  await context.addInitScript(observeShownMessages);
  await client.prepare(context, { websocketUrl: WS, ...account });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  return page;
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`>${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  })]).finally(() => clearTimeout(timer)).catch((error) => { throw new Error(`${what}: ${error.message}`); });
}

/** Waits until an element matching `selector` has exactly `text`, checking from the end. */
function waitForText(page, selector, text) {
  return page.waitForFunction(([sel, want]) => {
    const all = document.querySelectorAll(sel);
    for (let i = all.length - 1; i >= 0 && i >= all.length - 400; i -= 1) if (all[i].textContent.trim() === want) return true;
    return false;
  }, [selector, text], { timeout: TIMEOUT_MS, polling: 100 });
}

// 1. First load: everything transferred until the login form is usable.
async function firstLoad(client) {
  const page = await openPage(client, {});
  const bytes = countBytes(page);
  const started = Date.now();
  await page.goto(client.url(BASE[client.name], { websocketUrl: WS }));
  await page.locator(client.loginFormReady).waitFor();
  const ready = Date.now() - started;
  await page.waitForLoadState('networkidle').catch(() => {});
  const total = bytes();
  record('1 first load', 'time to a usable login form', 'ms', client, ready);
  record('1 first load', 'bytes transferred (raw)', 'bytes', client, total.raw);
  record('1 first load', 'bytes transferred (gzip -9)', 'bytes', client, total.gzip);
  await page.context().close();
}

// 2. Roster of N contacts: login → the last contact reachable; longest task; memory.
const rosterUsers = new Map();
async function roster(client, size) {
  if (!rosterUsers.has(size)) {
    const user = newAccount(`roster${size}x`);
    const width = String(size).length;
    writeRoster(user, Array.from({ length: size }, (_, i) => seededContact(i + 1, width)));
    rosterUsers.set(size, user);
  }
  const user = rosterUsers.get(size);
  const last = seededContact(size, String(size).length);
  const scenario = `2 roster of ${size.toLocaleString('en')}`;
  const page = await openPage(client, { jid: `${user}@localhost`, password: user });
  const started = Date.now();
  try {
    await page.goto(client.url(BASE[client.name], { websocketUrl: WS, jid: `${user}@localhost`, password: user }));
    await withTimeout(client.reachContact(page, last.jid, last.name), scenario);
    record(scenario, 'login → last contact reachable', 'ms', client, Date.now() - started);
    record(scenario, 'longest main-thread task', 'ms', client, await longestTask(page));
    const memory = await memoryAfterGc(page, client);
    record(scenario, 'memory after GC (JS heap + wasm)', 'bytes', client, memory.total);
    record(scenario, 'of which JS heap', 'bytes', client, memory.heap);
  } catch (error) {
    record(scenario, 'login → last contact reachable', 'ms', client, `failed (${error.message.split('\n')[0]})`);
  }
  await page.context().close();
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
async function burst(client, count) {
  const scenario = `3 burst of ${count.toLocaleString('en')} into the open chat`;
  const { user, bot } = pairWithBot(`burst${count}x`);
  const page = await openPage(client, { jid: `${user}@localhost`, password: user });
  const sender = await connect(WS, bot, bot);
  try {
    await page.goto(client.url(BASE[client.name], { websocketUrl: WS, jid: `${user}@localhost`, password: user }));
    await withTimeout(client.openChat(page, `${bot}@localhost`), scenario);
    // The login's own work is over once the main thread has idle time again: count from then.
    await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 5000 })));
    await page.evaluate(() => { window.benchLongest = 0; });
    const tag = `b${Date.now()}`;
    const started = performance.now();
    sendBurst(sender, `${user}@localhost`, tag, count);
    await withTimeout(waitForText(page, client.messageSelector, burstBody(tag, count)), scenario);
    record(scenario, 'time until the last is rendered', 'ms', client, performance.now() - started);
    record(scenario, 'longest main-thread task', 'ms', client, await longestTask(page));
    const memory = await memoryAfterGc(page, client);
    record(scenario, 'memory after (JS heap + wasm)', 'bytes', client, memory.total);
    record(scenario, 'of which JS heap', 'bytes', client, memory.heap);
  } catch (error) {
    record(scenario, 'time until the last is rendered', 'ms', client, `failed (${error.message.split('\n')[0]})`);
  }
  await sender.close();
  await page.context().close();
}

// 4. The same burst received by a bare client: the floor.
async function floor(count) {
  const { user, bot } = pairWithBot(`floor${count}x`);
  const receiver = await connect(WS, user, user);
  const sender = await connect(WS, bot, bot);
  const tag = `f${Date.now()}`;
  const done = receiveBurst(receiver, tag, count);
  const started = performance.now();
  sendBurst(sender, `${user}@localhost`, tag, count);
  const at = await withTimeout(done, 'floor');
  await sender.close();
  await receiver.close();
  return at - started;
}

// 5. History: a conversation with N archived messages, scrolled to its first one.
const historyUsers = [];
async function fillHistory(count) {
  const { user, bot } = pairWithBot(`hist${count}x`);
  // The receiver is online while the bot writes, so the messages are archived (not offline).
  const receiver = await connect(WS, user, user);
  const sender = await connect(WS, bot, bot);
  const tag = `h${Date.now()}`;
  const done = receiveBurst(receiver, tag, count);
  sendBurst(sender, `${user}@localhost`, tag, count);
  await withTimeout(done, 'filling the archive');
  await sender.close();
  await receiver.close();
  return { user, bot, first: burstBody(tag, 1) };
}

async function history(client, count, run) {
  const scenario = `5 history of ${count.toLocaleString('en')}, scrolled to the top`;
  if (!historyUsers[run]) historyUsers[run] = await fillHistory(count);
  const { user, bot, first } = historyUsers[run];
  const page = await openPage(client, { jid: `${user}@localhost`, password: user });
  try {
    await page.goto(client.url(BASE[client.name], { websocketUrl: WS, jid: `${user}@localhost`, password: user }));
    await withTimeout(client.openChat(page, `${bot}@localhost`), scenario);
    await page.evaluate(() => { window.benchLongest = 0; });
    const started = performance.now();
    await withTimeout((async () => {
      for (;;) {
        const found = await page.evaluate(([sel, want]) =>
          [...document.querySelectorAll(sel)].slice(0, 100).some((e) => e.textContent.trim() === want),
        [client.messageSelector, first]);
        if (found) return;
        // To the oldest end: scrollTop 0 for a normal list, the most negative value for one laid
        // out with flex-direction: column-reverse (Converse.js); a too-small value is clamped.
        const shownBefore = await page.evaluate(([listSel, messageSel]) => {
          for (const list of document.querySelectorAll(listSel)) {
            list.scrollTop = -list.scrollHeight;
            list.dispatchEvent(new Event('scroll'));
          }
          return window.benchShown(messageSel);
        }, [client.messageList, client.messageSelector]);
        // Then wait for the list to change (older messages in), not for a fixed time.
        await page.waitForFunction(([sel, before]) => window.benchShown(sel) !== before,
          [client.messageSelector, shownBefore], { polling: 'raf', timeout: TIMEOUT_MS });
      }
    })(), scenario);
    record(scenario, 'open → first message rendered', 'ms', client, performance.now() - started);
    record(scenario, 'longest main-thread task', 'ms', client, await longestTask(page));
  } catch (error) {
    record(scenario, 'open → first message rendered', 'ms', client, `failed (${error.message.split('\n')[0]})`);
  }
  await page.context().close();
}

/** Whether `--clients` asks for this client. */
function chosen(client) {
  return CLIENTS.includes(client === palaver ? 'palaver' : 'converse');
}

/** Runs `measure(client, run)` for both clients, alternating who goes first. */
async function sideBySide(measure) {
  for (let run = 0; run < RUNS; run += 1) {
    const order = run % 2 === 0 ? [palaver, converse] : [converse, palaver];
    for (const client of order.filter(chosen)) {
      process.stderr.write(`  run ${run + 1}/${RUNS}: ${client.name}\n`);
      await measure(client, run);
    }
  }
}

const started = Date.now();
if (ONLY.includes('load')) { process.stderr.write('first load\n'); await sideBySide((c) => firstLoad(c)); }
if (ONLY.includes('roster')) {
  for (const size of ROSTERS) { process.stderr.write(`roster ${size}\n`); await sideBySide((c) => roster(c, size)); }
}
for (const count of BURSTS) {
  if (ONLY.includes('burst')) {
    process.stderr.write(`burst ${count}\n`);
    // Converse.js needs minutes for 10,000 (README, "Speed and size"): one run of each there.
    const runs = count >= 10_000 ? 1 : RUNS;
    for (let run = 0; run < runs; run += 1) {
      for (const client of (run % 2 === 0 ? [palaver, converse] : [converse, palaver]).filter(chosen)) {
        await burst(client, count);
      }
    }
  }
  if (ONLY.includes('floor')) {
    process.stderr.write(`floor ${count}\n`);
    for (let run = 0; run < RUNS; run += 1) {
      const ms = await floor(count).catch((e) => `failed (${e.message})`);
      const scenario = `4 the burst of ${count.toLocaleString('en')} to a bare client`;
      record(scenario, 'time until the last arrives (floor)', 'ms', palaver, ms);
      record(scenario, 'time until the last arrives (floor)', 'ms', converse, ms);
    }
  }
}
if (ONLY.includes('history')) { process.stderr.write(`history ${HISTORY}\n`); await sideBySide((c, run) => history(c, HISTORY, run)); }
await browser.close();

const table = render([...rows.values()].sort((a, b) => a.scenario.localeCompare(b.scenario)));
const stamp = new Date().toISOString().slice(0, 10);
const summary = `Palaver vs Converse.js 14.0.0, ${stamp}, median of ${RUNS} alternating run(s) ` +
  `(bursts of 10,000: one run), ${Math.round((Date.now() - started) / 1000)} s in all`;
console.log(`${summary}\n\n${table}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.md', import.meta.url), `${summary}\n\n${table}\n`);
writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify([...rows.values()], null, 2));
