// Launching Debian's Chromium and opening Palaver pointed at the test Prosody.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

/** The built app and the XMPP WebSocket the specs use (scripts/test.sh sets both). */
export const APP_URL = process.env.PALAVER_E2E_URL ?? 'http://127.0.0.1:8090/';
export const WEBSOCKET_URL = process.env.PALAVER_E2E_WS ?? 'ws://127.0.0.1:5380/xmpp-websocket';

/** Flags that keep Chromium quiet on a closed network (see the README). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A fresh browser context (its own storage, like a separate device) whose pages see
 * `window.palaverConfig` before Palaver boots. Page errors fail loudly in the test output.
 */
export async function openPalaver(browser, { config = {}, viewport = { width: 1200, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((cfg) => { window.palaverConfig = cfg; },
    { websocketUrl: WEBSOCKET_URL, ...config });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(APP_URL);
  return page;
}

/**
 * One Chromium for the spec file: launched before its tests, closed after them.
 * Use `shared.browser` inside tests.
 */
export function useBrowser() {
  const shared = { browser: undefined };
  before(async () => { shared.browser = await launchBrowser(); });
  after(async () => { await shared.browser?.close(); });
  return shared;
}
