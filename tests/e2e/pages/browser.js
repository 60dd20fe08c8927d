// Launching Debian's Chromium and opening Palaver pointed at the test Prosody.
import { before, after, afterEach } from 'node:test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The built app and the XMPP WebSocket the specs use (scripts/test.sh sets both). */
export const APP_URL = process.env.PALAVER_E2E_URL ?? 'http://127.0.0.1:8090/';
export const WEBSOCKET_URL = process.env.PALAVER_E2E_WS ?? 'ws://127.0.0.1:5380/xmpp-websocket';
/** Screenshots of failed tests (and the README's screenshots) land here; it is gitignored. */
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Flags that keep Chromium quiet on a closed network (see the README). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Pages opened by the running test, closed (after a logout if needed) when it ends. */
const openPages = [];

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (its own storage, like a separate device) whose pages see
 * `window.palaverConfig` before Palaver boots. Page errors are collected in `page.errors` and
 * console errors in `page.consoleErrors`, for the test to assert on.
 */
export async function openPalaver(browser, {
  config = {}, viewport = { width: 1200, height: 800 }, contextOptions = {}, initScripts = [],
} = {}) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  for (const script of initScripts) await context.addInitScript(script);
  await context.addInitScript((cfg) => { window.palaverConfig = cfg; },
    { websocketUrl: WEBSOCKET_URL, ...config });
  const page = await context.newPage();
  page.errors = [];
  page.consoleErrors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.consoleErrors.push(message.text());
  });
  openPages.push(page);
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
  const pages = openPages.splice(0);
  for (const [index, page] of pages.entries()) {
    if (page.isClosed()) continue;
    const logout = page.getByTestId('logout');
    const loggedIn = await logout.isVisible().catch(() => false);
    if (t?.passed === false || loggedIn) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const path = `${ARTIFACTS}failed-${slug(t?.name ?? 'test')}-${index + 1}.png`;
      await page.screenshot({ path }).catch(() => {});
      console.log(`# screenshot of page ${index + 1}: ${path}`);
      for (const error of [...page.errors, ...page.consoleErrors]) console.log(`# page ${index + 1} error: ${error}`);
    }
    if (loggedIn) {
      await logout.click({ timeout: 2_000 }).catch(() => {});
      await page.getByTestId('login-submit').waitFor({ timeout: 2_000 }).catch(() => {});
    }
    await page.context().close().catch(() => {});
  }
}

/**
 * One Chromium for the spec file: launched before its tests, closed after them; each test's
 * contexts are closed when the test ends. Use `shared.browser` inside tests.
 */
export function useBrowser() {
  const shared = { browser: undefined };
  before(async () => { shared.browser = await launchBrowser(); });
  afterEach(async (t) => { await closePages(t); });
  after(async () => { await closePages(); await shared.browser?.close(); });
  return shared;
}
