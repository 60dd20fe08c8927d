// XEP-0156: with the server field left empty, Palaver asks the JID's domain for its WebSocket
// address (/.well-known/host-meta) and logs in there. Our dev server answers host-meta for
// `localhost`, so the page is opened as http://localhost:PORT/ (the domain's own origin), with
// no `window.palaverConfig`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_URL, useBrowser } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();

test('a JID alone is enough: the WebSocket URL comes from the domain', async () => {
  const page = await chromium.browser.newPage();
  const domainOrigin = APP_URL.replace('127.0.0.1', 'localhost');
  await page.goto(domainOrigin);
  const hostMeta = await page.evaluate(async () => (await fetch('/.well-known/host-meta')).text());
  assert.match(hostMeta, /urn:xmpp:alt-connections:websocket/, 'the dev server announces it');

  const login = new LoginPage(page);
  await login.server.fill('');
  await login.logInAndWait('alice@localhost', 'alice');
  await new RosterPage(page).waitForPresence('bob@localhost', 'offline');
  await new RosterPage(page).logOut();
});
