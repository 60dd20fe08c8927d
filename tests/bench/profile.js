// Where Palaver's long main-thread tasks go in the room rows: joins a room of N bot occupants
// (or receives a burst of N room messages) with the V8 CPU profiler on (CDP Profiler, sampling
// every 100 µs), finds the longest stretch of samples without idle time (the longest task, near
// enough), and prints the functions that took it: self time, and total time (on the stack).
// A Chromium trace of the same run splits the longest task (RunTask) into what the browser
// did in it (script, style, layout, paint, GC): the profile shows those as "(program)".
// Needs a build that keeps function names (README, "Speed and size": the names build) served at
// BENCH_PALAVER_URL and the bench server running: PALAVER_DIST=<names build> scripts/bench.sh --profile join.
//   node --experimental-websocket profile.js [join|burst] [N]
import { chromium } from 'playwright-core';
import { palaver as client } from './clients.js';
import { connect, burstBody } from './bot.js';
import { newAccount } from './accounts.js';
import { SERVICE, createRoom, say, fillRooms } from './rooms.js';
import { observeRoomFrames } from './room-measure.js';
import { settle } from './measure.js';

const [what = 'join', size = what === 'join' ? '1000' : '5000'] = process.argv.slice(2);
const count = Number(size);
const WS = process.env.BENCH_WS ?? 'ws://127.0.0.1:5480/xmpp-websocket';
const URL_ = process.env.BENCH_PALAVER_URL ?? 'http://127.0.0.1:8096/';
const room = `prof-${Date.now().toString(36)}@${SERVICE}`;

const ownerName = newAccount('profowner');
const owner = await connect(WS, ownerName, ownerName, { presence: false });
await createRoom(owner, room, 'owner');
const tag = `p${Date.now()}`;
await say(owner, room, [burstBody(tag, 0)]);
const bots = what === 'join' ? await fillRooms(WS, [room], count) : { close: async () => {} };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const user = newAccount('prof');
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
await client.prepare(context, { websocketUrl: WS, jid: `${user}@localhost`, password: user });
const page = await context.newPage();
const frames = observeRoomFrames(page);
// When the page's WebSocket handed it the burst's last message (reported on its main thread).
let lastFrameAt = 0;
page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
  if (String(payload).includes(`<body>${burstBody(tag, count)}</body>`)) lastFrameAt = Date.now();
}));
await page.goto(URL_);
await client.waitOnline(page);
const submit = await client.prepareJoin(page, room, user);
const cdp = await context.newCDPSession(page);
await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
if (what === 'join') {
  await settle(page);
  await cdp.send('Profiler.start');
  await submit();
  await frames.selvesReach(1);
  // The room's history comes after everyone's presence: its line on screen ends the join.
  await page.waitForFunction((body) => [...document.querySelectorAll('[data-testid=message-body]')]
    .some((e) => e.textContent === body), burstBody(tag, 0), { polling: 200 });
} else {
  await submit();
  await frames.selvesReach(1);
  await settle(page);
  await cdp.send('Profiler.start');
  const sent = Date.now();
  for (let i = 1; i <= count; i += 1) {
    owner.send(`<message xmlns="jabber:client" to="${room}" type="groupchat" id="${tag}-${i}"><body>${burstBody(tag, i)}</body></message>`);
  }
  const last = burstBody(tag, count);
  await page.waitForFunction((body) => [...document.querySelectorAll('[data-testid=message-body]')].some((e) => e.textContent === body),
    last, { polling: 200, timeout: 300_000 });
  console.log(`burst sent → last frame in the page ${lastFrameAt - sent} ms, → last on screen ${Date.now() - sent} ms`);
}
await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 3000 })));
const { profile } = await cdp.send('Profiler.stop');
const trace = JSON.parse(String(await browser.stopTracing()));
await browser.close();
await bots.close();
await owner.close();

// Each sample's stack, leaf first, as function names.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;
const stack = (id) => { const s = []; for (let at = id; at !== undefined; at = parent.get(at)) s.push(name(byId.get(at))); return s; };
// Layout, style and GC count as busy (they are part of a task); only idle ends a stretch.
const idle = new Set(['(idle)']);
let [start, best, at] = [0, [0, 0], 0];
const times = [];
for (let i = 0; i < profile.samples.length; i += 1) { at += profile.timeDeltas[i]; times.push(at); }
for (let i = 0; i < profile.samples.length; i += 1) {
  if (idle.has(name(byId.get(profile.samples[i])))) { start = i + 1; continue; }
  if (times[i] - times[start] > times[best[1]] - times[best[0]]) best = [start, i];
}
const self = new Map();
const total = new Map();
for (let i = best[0]; i <= best[1]; i += 1) {
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  const s = stack(profile.samples[i]);
  self.set(s[0], (self.get(s[0]) ?? 0) + dt);
  for (const f of new Set(s)) total.set(f, (total.get(f) ?? 0) + dt);
}
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([f, ms]) => `${ms.toFixed(1).padStart(8)} ms  ${f}`).join('\n');
console.log(`${what} ${count}: longest busy stretch ${((times[best[1]] - times[best[0]]) / 1000).toFixed(1)} ms`);
const ours = new Map([...total].filter(([f]) => f.includes('palaver::')));
// The whole profile too (every busy sample, all tasks): where a join spread over many frames goes.
const wholeSelf = new Map();
const wholeOurs = new Map();
let busy = 0;
for (let i = 0; i < profile.samples.length; i += 1) {
  const s = stack(profile.samples[i]);
  if (idle.has(s[0])) continue;
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  busy += dt;
  wholeSelf.set(s[0], (wholeSelf.get(s[0]) ?? 0) + dt);
  for (const f of new Set(s)) if (f.includes('palaver::')) wholeOurs.set(f, (wholeOurs.get(f) ?? 0) + dt);
}
console.log(`\nself time:\n${top(self)}\n\ntotal time (on the stack):\n${top(total)}`);
console.log(`\nPalaver's own functions, total time:\n${top(ours)}`);
console.log(`\nthe whole profile: ${busy.toFixed(0)} ms busy; self time:\n${top(wholeSelf)}\n\nPalaver's own functions, total time:\n${top(wholeOurs)}`);

// The trace: the longest RunTask of a renderer's main thread, and the time of the events in it
// by name (nested ones counted in their own name and in their parent's: a breakdown, not a sum).
const events = trace.traceEvents ?? trace;
const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
const onMain = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`));
const longest = onMain.filter((e) => e.name === 'RunTask').sort((a, b) => b.dur - a.dur)[0];
if (longest) {
  const inside = onMain.filter((e) => e !== longest && e.pid === longest.pid && e.tid === longest.tid
    && e.ts >= longest.ts && e.ts + e.dur <= longest.ts + longest.dur);
  const byName = new Map();
  for (const e of inside) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  // tdur is the thread's CPU time: far below dur, the thread was waiting for a core (this
  // machine's other work), not working.
  const cpu = longest.tdur === undefined ? 'unknown' : `${(longest.tdur / 1000).toFixed(1)} ms`;
  const over50 = onMain.filter((e) => e.name === 'RunTask' && e.dur > 50_000)
    .map((e) => `${(e.dur / 1000).toFixed(0)}/${e.tdur === undefined ? '?' : (e.tdur / 1000).toFixed(0)}`);
  console.log(`\ntrace: longest task ${(longest.dur / 1000).toFixed(1)} ms (CPU time ${cpu}); tasks over 50 ms `
    + `(wall/CPU ms): ${over50.join(', ') || 'none'}; inside the longest, by event:\n${top(byName)}`);
  // The whole trace, every task of the main thread: what the profile's "(program)" was.
  const all = new Map();
  for (const e of onMain) if (e.pid === longest.pid && e.tid === longest.tid) all.set(e.name, (all.get(e.name) ?? 0) + e.dur / 1000);
  console.log(`\ntrace, the whole run, by event (wall time):\n${top(all)}`);
} else {
  console.log(`\ntrace: no task found (${events.length} events, ${mains.size} renderer main threads)`);
}
