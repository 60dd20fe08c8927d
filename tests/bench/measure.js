// What the benchmark measures inside the page: long main-thread tasks, memory after a forced
// garbage collection, the bytes a page load transfers, and the archive queries a page sends.
// The same code for both clients: nothing here reads a client's own globals.
import { gzipSync } from 'node:zlib';

/** Init script: records the longest task (PerformanceObserver `longtask`). */
export function observeLongTasks() {
  window.benchLongest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.benchLongest = Math.max(window.benchLongest, entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}

/** Init script: `window.benchShown(selector)` sums up the messages in the page (how many, the
 * first and the last), so a wait can tell when the list changed. */
export function observeShownMessages() {
  window.benchShown = (selector) => {
    const messages = document.querySelectorAll(selector);
    const text = (i) => messages[i]?.textContent.trim() ?? '';
    return `${messages.length}|${text(0)}|${text(messages.length - 1)}`;
  };
}

/** The observer only reports tasks over this many ms: no report means "shorter", not 0. */
export const LONG_TASK_MS = 50;

/** The longest task since the last `settle`: `{ value }` in ms, or `{ below: 50 }` when no
 * task was long enough to be reported. */
export async function longestTask(page) {
  const longest = await page.evaluate(() => window.benchLongest ?? 0);
  return longest > 0 ? { value: longest } : { below: LONG_TASK_MS };
}

/** Waits until the page's main thread is idle (the work before is over), then starts the
 * longest-task count afresh, so it covers only what follows. */
export async function settle(page) {
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 5000 })));
  await page.evaluate(() => { window.benchLongest = 0; });
}

/** Init script: `window.benchWasmBytes()` sums the byte lengths of the page's wasm memories,
 * the ones its modules export or it makes itself, found by wrapping WebAssembly's entry points
 * (held weakly, and only a number is handed out). The same for every page: no client has to
 * expose its memory (a global holding it would hand it to every script of the page). CDP's
 * Runtime.queryObjects would find them without wrapping, but did not answer within 10 minutes on
 * Converse.js with 2,000 contacts. */
export function observeWasmMemory() {
  const memories = [];
  const { Memory, Instance, instantiate, instantiateStreaming } = WebAssembly;
  const keep = (instance) => {
    for (const value of Object.values(instance.exports)) if (value instanceof Memory) memories.push(new WeakRef(value));
    return instance;
  };
  WebAssembly.Memory = new Proxy(Memory, {
    construct: (target, args, newTarget) => {
      const memory = Reflect.construct(target, args, newTarget);
      memories.push(new WeakRef(memory));
      return memory;
    },
  });
  WebAssembly.Instance = new Proxy(Instance, {
    construct: (target, args, newTarget) => keep(Reflect.construct(target, args, newTarget)),
  });
  // With a module: the instance; with bytes or a response: { module, instance }.
  const result = (r) => (r instanceof Instance ? keep(r) : (keep(r.instance), r));
  WebAssembly.instantiate = (...args) => instantiate(...args).then(result);
  WebAssembly.instantiateStreaming = (...args) => instantiateStreaming(...args).then(result);
  window.benchWasmBytes = () => [...new Set(memories.map((m) => m.deref()).filter(Boolean))]
    .reduce((sum, m) => sum + m.buffer.byteLength, 0);
}

/** Memory after a forced garbage collection: the JS heap and the DOM (Blink's own garbage-
 * collected heap, where a client with many elements keeps most of its memory) via CDP, and
 * the wasm memories (observeWasmMemory). */
export async function memoryAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, embedderHeapUsedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.benchWasmBytes());
    return { heap: usedSize, dom: embedderHeapUsedSize, wasm, total: usedSize + embedderHeapUsedSize + wasm };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Counts every response body of the page's requests: raw bytes and gzip -9 bytes. */
export function countBytes(page) {
  const sizes = [];
  page.on('response', async (response) => {
    try {
      const body = await response.body();
      sizes.push({ raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    } catch { /* redirects and aborted requests have no body */ }
  });
  return () => sizes.reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, files: sum.files + 1 }),
    { raw: 0, gzip: 0, files: 0 });
}

/** Watches the page's XMPP traffic (its WebSocket frames) for archive (XEP-0313) queries:
 * `older` counts the queries for messages before a known one (`<before>id</before>`, what a
 * "load older" sends), `answered` the query ends received, `complete` whether the server said
 * the archive has nothing older. `olderPast(n)` resolves once more than n such queries were sent. */
export function observeArchive(page) {
  const state = { asked: 0, older: 0, answered: 0, complete: false };
  let waiting = []; // [n, resolve]
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const xml = String(payload);
      if (!/<query[^>]*urn:xmpp:mam:2/.test(xml)) return;
      state.asked += 1;
      if (/<before>[^<]+<\/before>/.test(xml)) {
        state.older += 1;
        for (const [n, resolve] of waiting) if (state.older > n) resolve();
        waiting = waiting.filter(([n]) => state.older <= n);
      }
    });
    socket.on('framereceived', ({ payload }) => {
      const xml = String(payload);
      if (!/<fin[^>]*urn:xmpp:mam:2/.test(xml)) return;
      state.answered += 1;
      if (/complete=["']true["']/.test(xml)) state.complete = true;
    });
  });
  state.olderPast = (n) => new Promise((resolve) => {
    if (state.older > n) resolve(); else waiting.push([n, resolve]);
  });
  return state;
}
