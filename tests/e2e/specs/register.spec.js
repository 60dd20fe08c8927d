// "Create this account" (XEP-0077 in-band registration): a new name is registered and logged in
// at once, and logs in again later with its password; a taken name is refused with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const ONLINE = '[data-testid=connection-status][data-state=online]';

async function createAccount(page, jid, password) {
  const login = new LoginPage(page);
  await login.jid.fill(jid);
  await login.password.fill(password);
  await page.getByTestId('login-register').click();
}

test('a new account is created and logged in', async () => {
  const jid = `newcomer${Date.now()}@localhost`;
  const page = await openPalaver(chromium.browser);
  await createAccount(page, jid, 'a-long-new-password');
  await page.locator(ONLINE).waitFor();
  assert.equal(await page.getByTestId('own-jid').textContent(), jid);
  await new RosterPage(page).logOut();

  await new LoginPage(page).logInAndWait(jid, 'a-long-new-password');
  await new RosterPage(page).logOut();
  assert.deepEqual(page.errors, []);
});

test('a taken name is refused', async () => {
  const page = await openPalaver(chromium.browser);
  await createAccount(page, 'alice@localhost', 'not-alices-password');
  assert.match(await new LoginPage(page).errorText(), /already taken/);
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-state'), 'error');
});
