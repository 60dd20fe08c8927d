// Waiting for a condition that spans more than one page (so no single page.waitForFunction
// can wait for it): read again every 100 ms until it holds, or fail with the last reading.
import assert from 'node:assert/strict';

/** Reads `read()` until `deepEqual(actual, expected)` holds (both may change while waiting);
 * throws the last difference after `timeout` ms. */
export async function eventuallyDeepEqual(read, readExpected, message, { timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const [actual, expected] = await Promise.all([read(), readExpected()]);
    try {
      assert.deepEqual(actual, expected, message);
      return actual;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
