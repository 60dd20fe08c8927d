// What the benchmark measures inside the page: long main-thread tasks, memory after a forced
// garbage collection, and the bytes a page load transfers.
import { gzipSync } from 'node:zlib';

/** Init script: records the longest task (PerformanceObserver `longtask`, tasks over 50 ms). */
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

/** The longest task so far in ms (0 when none passed 50 ms). */
export const longestTask = (page) => page.evaluate(() => window.benchLongest ?? 0);

/** JS heap in use after a forced GC (CDP), plus wasm linear memory when the client has some. */
export async function memoryAfterGc(page, client) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await client.wasmMemory(page);
  await cdp.detach();
  return { heap: usedSize, wasm, total: usedSize + wasm };
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
