// A user logs in and sees the connection online and their roster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();

test('alice logs in and sees her demo contacts', async () => {
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  assert.match(await login.server.inputValue(), /^ws:\/\/127\.0\.0\.1:\d+\/xmpp-websocket$/);
  await login.logInAndWait('alice@localhost', 'alice');
  const roster = new RosterPage(page);
  for (const jid of ['bob@localhost', 'carol@localhost', 'dave@localhost']) {
    await roster.contact(jid).waitFor();
  }
  assert.equal(await page.getByTestId('own-jid').textContent(), 'alice@localhost');
  assert.equal(await roster.contact('carol@localhost').locator('.contact-name').textContent(), 'Carol');
  await roster.logOut();
  assert.equal(await page.locator('[data-testid=connection-status]').getAttribute('data-state'), 'offline');
  assert.deepEqual(page.errors, []);
});
