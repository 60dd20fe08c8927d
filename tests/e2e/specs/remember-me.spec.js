// "Keep me logged in": the page stores SCRAM keys, never the password (DESIGN.md §5); a reload
// logs straight back in with them; logging out erases them and the next reload shows the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const ONLINE = '[data-testid=connection-status][data-state=online]';

test('a remembered login survives a reload without storing the password', async () => {
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  await page.getByTestId('login-remember').check();
  await login.logInAndWait('dave@localhost', 'dave');

  const stored = await page.evaluate(() => localStorage.getItem('palaver.account'));
  assert.ok(stored, 'the account is remembered');
  assert.match(stored, /client-key/);
  assert.doesNotMatch(stored, /password/i);
  // The password ("dave") appears nowhere but inside the JID.
  assert.doesNotMatch(stored.replaceAll('dave@localhost', ''), /dave/);

  await page.reload();
  await page.locator(ONLINE).waitFor();
  await new RosterPage(page).waitForPresence('carol@localhost', 'offline');
  assert.equal(await page.getByTestId('login-submit').count(), 0, 'no form to fill');

  await new RosterPage(page).logOut();
  assert.equal(await page.evaluate(() => localStorage.getItem('palaver.account')), null);
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-state'), 'offline');
  assert.deepEqual(page.errors, []);
});

test('without "keep me logged in" a reload asks for the password again', async () => {
  const page = await openPalaver(chromium.browser);
  await new LoginPage(page).logInAndWait('dave@localhost', 'dave');
  assert.equal(await page.evaluate(() => localStorage.getItem('palaver.account')), null);
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-state'), 'offline');
  assert.deepEqual(page.errors, []);
});
