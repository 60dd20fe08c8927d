// Light and dark themes: Palaver follows the browser's prefers-color-scheme, and the `theme`
// setting overrides it either way; axe finds no contrast problem in the dark one either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useBrowser, openPalaver } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The app's background colour as [r, g, b]. */
async function background(page) {
  const css = await page.locator('.palaver').evaluate((e) => getComputedStyle(e).backgroundColor);
  return css.match(/\d+/g).slice(0, 3).map(Number);
}
const isDark = ([r, g, b]) => r + g + b < 3 * 60;

test('the theme follows prefers-color-scheme unless the configuration picks one', async () => {
  // bypassCSP: axe is injected as a script later, which the page's own CSP would refuse.
  const dark = await openPalaver(chromium.browser, { contextOptions: { colorScheme: 'dark', bypassCSP: true } });
  assert.ok(isDark(await background(dark)), 'dark system, dark Palaver');
  const light = await openPalaver(chromium.browser, { contextOptions: { colorScheme: 'light' } });
  assert.ok(!isDark(await background(light)), 'light system, light Palaver');
  const forcedLight = await openPalaver(chromium.browser,
    { contextOptions: { colorScheme: 'dark' }, config: { theme: 'light' } });
  assert.ok(!isDark(await background(forcedLight)), 'theme: light wins over a dark system');
  const forcedDark = await openPalaver(chromium.browser,
    { contextOptions: { colorScheme: 'light' }, config: { theme: 'dark' } });
  assert.ok(isDark(await background(forcedDark)), 'theme: dark wins over a light system');

  // The dark roster and chat pass axe's contrast rules too.
  await new LoginPage(dark).logInAndWait('alice@localhost', 'alice');
  await dark.evaluate((hash) => { window.location.hash = hash; }, '#/chat/bob@localhost');
  await dark.getByTestId('chat-input').waitFor();
  await dark.addScriptTag({ path: AXE });
  const violations = await dark.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id}: ${v.nodes.length}`);
  });
  assert.deepEqual(violations, []);
  for (const page of [dark, light, forcedLight, forcedDark]) assert.deepEqual(page.errors, []);
  await new RosterPage(dark).logOut();
});
