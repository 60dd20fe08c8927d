// Redirects (RFC 7395 §3.6.1): a server that says "see other URI" is followed to the real
// Prosody; a redirect to an unencrypted remote URL or an endless loop is refused with a message.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser, WEBSOCKET_URL } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { startRedirector } from '../pages/redirector.js';

const chromium = useBrowser();
const toProsody = await startRedirector(() => WEBSOCKET_URL);
const toPlainRemote = await startRedirector(() => 'ws://chat.example.org/xmpp-websocket');
const toItself = await startRedirector((self) => self.url);
after(() => Promise.all([toProsody.close(), toPlainRemote.close(), toItself.close()]));

async function logInThrough(redirector, user) {
  const page = await openPalaver(chromium.browser, { config: { websocketUrl: redirector.url } });
  await new LoginPage(page).logIn(`${user}@localhost`, user);
  return page;
}

test('a see-other-uri redirect is followed to the real server', async () => {
  const page = await logInThrough(toProsody, 'alice');
  await page.locator('[data-testid=connection-status][data-state=online]').waitFor();
  assert.equal(toProsody.hits, 1);
  await new RosterPage(page).waitForPresence('bob@localhost', 'offline');
  assert.deepEqual(page.errors, []);
  await new RosterPage(page).logOut();
});

test('a redirect to unencrypted ws:// on another host is refused', async () => {
  const page = await logInThrough(toPlainRemote, 'alice');
  const error = await new LoginPage(page).errorText();
  assert.match(error, /redirected us to ws:\/\/chat\.example\.org/);
  assert.match(error, /refus/i);
  assert.equal(toPlainRemote.hits, 1);
});

test('a redirect loop stops after a few hops', async () => {
  const page = await logInThrough(toItself, 'alice');
  const error = await new LoginPage(page).errorText();
  assert.match(error, /more than 3 times/);
  assert.equal(toItself.hits, 4, 'the first answer and three redirects followed');
});
