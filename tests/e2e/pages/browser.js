// Launching Debian's Chromium and opening Palaver pointed at the test Prosody; watching every
// page a test opens for errors.
import { before, after, afterEach } from 'node:test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EventEmitter } from 'node:events';
import { chromium } from 'playwright-core';

/** The built app and the XMPP WebSocket the specs use (scripts/test.sh sets both). */
export const APP_URL = process.env.PALAVER_E2E_URL ?? 'http://127.0.0.1:8090/';
export const WEBSOCKET_URL = process.env.PALAVER_E2E_WS ?? 'ws://127.0.0.1:5380/xmpp-websocket';
/** Screenshots of failed tests (and of the README, see screenshots.spec.js) land here; it is
 * gitignored. */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Flags that keep Chromium quiet on a closed network (see the README). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Contexts opened by the running test, closed (after a logout if needed) when it ends. */
const openContexts = [];
/** Every page the running test opened, in any context and by any means (a second tab, a
 * popup, `browser.newPage()`), with what went wrong in it. */
const watchedPages = [];
/** Console errors the running test expects, each with the reason (see `allowConsoleError`). */
const allowedConsoleErrors = [];

/**
 * Chromium, with every context it opens watched: each page of each context (however it was
 * opened) has its page errors (uncaught exceptions) in `page.errors`, its console errors in
 * `page.consoleErrors`, and the WebSockets it opened in `page.websockets` (each with its
 * `frames`: `{ sent, data }` in order). A test fails if any of its pages had a page error or a
 * console error that the test did not allow (see `allowConsoleError`).
 */
export async function launchBrowser() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  // `browser.newPage()` goes through `newContext` too, so this sees every context.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    openContexts.push(context);
    context.on('page', watchPage);
    return context;
  };
  return browser;
}

/** Starts recording a new page's errors and WebSockets (the context's `page` event comes
 * before the page has loaded anything). */
function watchPage(page) {
  const errors = [];
  const consoleErrors = [];
  const websockets = [];
  const frameEvents = new EventEmitter();
  Object.defineProperties(page, {
    errors: { value: errors },
    consoleErrors: { value: consoleErrors },
    websockets: { value: websockets },
    frameEvents: { value: frameEvents },
  });
  page.on('pageerror', (error) => errors.push(error.stack || error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    consoleErrors.push(url ? `${message.text()} (${url}:${lineNumber})` : message.text());
  });
  page.on('websocket', (socket) => {
    const record = { url: socket.url(), frames: [] };
    websockets.push(record);
    const add = (sent) => ({ payload }) => {
      const frame = { sent, data: String(payload) };
      record.frames.push(frame);
      frameEvents.emit('frame', frame);
    };
    socket.on('framesent', add(true));
    socket.on('framereceived', add(false));
  });
  watchedPages.push(page);
}

/**
 * Lets the running test's pages log a console error matching `pattern` without failing it;
 * `reason` says why it is expected (it is printed with the test). Only for messages the
 * browser itself logs about something the test provokes on purpose (an unreachable server,
 * say): an error the app logs is a bug to report, not to allow.
 */
export function allowConsoleError(pattern, reason) {
  if (!reason) throw new Error('allowConsoleError needs the reason the error is expected');
  allowedConsoleErrors.push({ pattern, reason });
}

/** The page's WebSocket frames so far, all its sockets in order: `{ sent, data }`. */
export function framesOf(page) {
  return page.websockets.flatMap((socket) => socket.frames);
}

/** Waits until the page has received (or, with `sent: true`, sent) a frame matching
 * `pattern`; returns its text. */
export function waitForFrame(page, pattern, { sent = false, timeout = 30_000 } = {}) {
  const matches = (frame) => frame.sent === sent && pattern.test(frame.data);
  const seen = framesOf(page).find(matches);
  if (seen) return Promise.resolve(seen.data);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.frameEvents.off('frame', listener);
      reject(new Error(`no ${sent ? 'sent' : 'received'} frame matching ${pattern} within ${timeout} ms`));
    }, timeout);
    function listener(frame) {
      if (!matches(frame)) return;
      clearTimeout(timer);
      page.frameEvents.off('frame', listener);
      resolve(frame.data);
    }
    page.frameEvents.on('frame', listener);
  });
}

/** Waits until the page has handled what it had queued (a received frame's message event, the
 * effects it starts): the next rendering frame, then one more task. */
export async function settled(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
}

/**
 * A fresh browser context (its own storage, like a separate device) whose pages see
 * `window.palaverConfig` before Palaver boots. The browser must come from `launchBrowser`
 * (as `useBrowser` does), so the page is watched for errors.
 */
export async function openPalaver(browser, {
  config = {}, viewport = { width: 1200, height: 800 }, contextOptions = {}, initScripts = [],
} = {}) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  for (const script of initScripts) await context.addInitScript(script);
  await context.addInitScript((cfg) => { window.palaverConfig = cfg; },
    { websocketUrl: WEBSOCKET_URL, ...config });
  const page = await context.newPage();
  await page.goto(APP_URL);
  return page;
}

/** A file name made of the test's name. */
function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/**
 * After each test: a page still logged in means the test stopped before its own logout, so it
 * failed. Its screenshot goes to tests/e2e/artifacts/, then it logs out (`<close/>`, so no
 * stream-management session hibernates on the server and haunts the next test) and every
 * context of the test is closed.
 */
async function closePages(t) {
  const contexts = openContexts.splice(0);
  const pages = contexts.flatMap((context) => context.pages());
  for (const [index, page] of pages.entries()) {
    const logout = page.getByTestId('logout');
    const loggedIn = await logout.isVisible().catch(() => false);
    if (t?.passed === false || loggedIn) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const path = `${ARTIFACTS}failed-${slug(t?.name ?? 'test')}-${index + 1}.png`;
      await page.screenshot({ path }).catch(() => {});
      console.log(`# screenshot of page ${index + 1}: ${path}`);
    }
    if (loggedIn) {
      await logout.click({ timeout: 2_000 }).catch(() => {});
      await page.getByTestId('login-submit').waitFor({ timeout: 2_000 }).catch(() => {});
    }
  }
  for (const context of contexts) await context.close().catch(() => {});
}

/**
 * Fails the test if any page it opened had a page error, or a console error it did not allow;
 * lists them all. Runs once the test's contexts are closed, so nothing more can come.
 */
function checkErrors() {
  const pages = watchedPages.splice(0);
  const allowed = allowedConsoleErrors.splice(0);
  const problems = [];
  for (const [index, page] of pages.entries()) {
    const which = `page ${index + 1} (${page.url()})`;
    for (const error of page.errors) problems.push(`${which}: page error: ${error}`);
    for (const error of page.consoleErrors) {
      const allowance = allowed.find(({ pattern }) => pattern.test(error));
      if (allowance) console.log(`# ${which}: allowed console error (${allowance.reason}): ${error}`);
      else problems.push(`${which}: console error: ${error}`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`errors in the test's pages:\n${problems.join('\n')}`);
  }
}

/**
 * One Chromium for the spec file: launched before its tests, closed after them; each test's
 * contexts are closed when the test ends, and the test fails if any of its pages had an error
 * (see `launchBrowser`). Use `shared.browser` inside tests.
 */
export function useBrowser() {
  const shared = { browser: undefined };
  before(async () => { shared.browser = await launchBrowser(); });
  afterEach(async (t) => {
    try {
      await closePages(t);
    } finally {
      checkErrors();
    }
  });
  after(async () => {
    await closePages();
    await shared.browser?.close();
    checkErrors();
  });
  return shared;
}
