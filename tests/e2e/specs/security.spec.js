// The hardening a browser shows: a host that only looks like this machine is not loopback, a
// wss:// endpoint never redirects Palaver to ws://, a page left while the logout waits for the
// server writes nothing back, what a stranger writes waits as a message request with nothing
// going back to them, and no script of the page can reach Palaver's memory. All but the logout
// race failed on the build before the fixes; the logout race guards the driver's design (its
// native test, driver_storage.rs, pins the old defect).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser, WEBSOCKET_URL, APP_URL } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { startRedirector } from '../pages/redirector.js';
import { startCuttableLink } from '../pages/network.js';
import { PROSODY_HTTP_PORT } from '../pages/prosody.js';
import { storedData, whatIsStored } from '../pages/storage.js';

const chromium = useBrowser();
// wss:// (a self-signed certificate the test's context accepts) redirecting to the test
// Prosody's plain ws:// on this very machine.
const downgrade = await startRedirector(() => WEBSOCKET_URL, { tls: true });
const link = await startCuttableLink(PROSODY_HTTP_PORT);
after(() => Promise.all([downgrade.close(), link.close()]));

test('a host name that only starts with 127. is not this machine: ws:// to it is refused before connecting', async () => {
  const page = await openPalaver(chromium.browser, {
    config: { websocketUrl: 'ws://127.evil.example/xmpp-websocket' },
  });
  await new LoginPage(page).logIn('alice@localhost', 'alice');
  const error = await new LoginPage(page).errorText();
  assert.match(error, /Refusing unencrypted ws:\/\/ to 127\.evil\.example/);
  assert.deepEqual(page.websockets.map((ws) => ws.url), [], 'no WebSocket was opened');
});

test('a wss:// endpoint that redirects to ws:// (even on this machine) is refused, the password never sent', async () => {
  const page = await openPalaver(chromium.browser, {
    config: { websocketUrl: downgrade.url },
    contextOptions: { ignoreHTTPSErrors: true },
  });
  await new LoginPage(page).logIn('alice@localhost', 'alice');
  const error = await new LoginPage(page).errorText();
  assert.match(error, /redirected us to ws:\/\/127\.0\.0\.1/);
  assert.match(error, /never moves to ws:\/\//);
  assert.equal(downgrade.hits, 1);
  // Only the redirector was ever spoken to, and no SASL exchange happened anywhere.
  assert.deepEqual(page.websockets.map((ws) => ws.url), [downgrade.url]);
  const sent = page.websockets.flatMap((ws) => ws.frames.filter((f) => f.sent).map((f) => f.data));
  assert.ok(!sent.some((frame) => frame.includes('<auth')), `no <auth/>: ${sent}`);
});

test('a page left while the logout waits for the server writes nothing back', async () => {
  const page = await openPalaver(chromium.browser, { config: { websocketUrl: link.websocketUrl() } });
  await page.getByTestId('login-remember').check();
  await new LoginPage(page).logInAndWait('frank@localhost', 'frank');
  const chat = new ChatPage(page);
  await chat.open('grace@localhost');
  await chat.sendWithEnter(`before logging out ${Date.now()}`);
  await page.locator('[data-testid=chat-message][data-state=sent]').first().waitFor();
  assert.ok(whatIsStored(await storedData(page)).length > 0, 'a kept login stores things');
  // The server's answer to our <close/> (and anything else) is held back: the logout waits
  // for it (up to five seconds), and the page goes away meanwhile (a real pagehide).
  link.hold();
  await page.getByTestId('logout').click();
  await page.goto('about:blank');
  link.release();
  await page.goto(APP_URL);
  await page.getByTestId('login-submit').waitFor();
  assert.deepEqual(whatIsStored(await storedData(page)), [], 'nothing written back after the logout');
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-state'), 'offline');
});

test('a stranger\'s messages wait as a request: no receipt or marker goes back until accepted', async () => {
  const tag = `request-${Date.now()}`;
  // Oscar is in nobody's roster.
  const oscarPage = await logInAs(chromium.browser, 'oscar');
  const alicePage = await logInAs(chromium.browser, 'alice');
  const oscar = new ChatPage(oscarPage);
  await oscar.open('alice@localhost');
  await oscar.sendWithEnter(`${tag} hello from a stranger`);
  const request = alicePage.locator('[data-testid=requests] [data-testid=request-item][data-jid="oscar@localhost"]');
  await request.waitFor();
  assert.equal(
    await alicePage.locator('[data-testid=conversation-item][data-jid="oscar@localhost"]').count(), 0,
    'not among the conversations',
  );
  assert.equal(await alicePage.title(), 'Palaver', 'no unread count for a stranger');
  // Alice reads it: still nothing goes back (Oscar's message stays "sent": no receipt, no marker).
  const alice = new ChatPage(alicePage);
  await alice.open('oscar@localhost');
  await alice.waitForMessage('oscar@localhost', `${tag} hello from a stranger`);
  const mine = oscar.page.locator('[data-testid=chat-message]', { hasText: tag }).first();
  await oscar.sendWithEnter(`${tag} second`);
  await alice.waitForMessage('oscar@localhost', `${tag} second`);
  assert.equal(await mine.getAttribute('data-state'), 'sent');
  // Accepting adds her: the conversation moves to the chats.
  await request.getByTestId('request-accept').click();
  await alicePage.locator('[data-testid=conversation-item][data-jid="oscar@localhost"]').waitFor();
  await request.waitFor({ state: 'detached' });
  // (Leave Oscar out of Alice's roster for the other specs.)
  await alicePage.locator('[data-testid=roster-item][data-jid="oscar@localhost"]').waitFor();
  await new RosterPage(oscarPage).logOut();
  await alice.page.getByTestId('contact-edit').click();
  await alicePage.getByTestId('contact-remove').click();
  await alicePage.getByTestId('contact-remove-confirm').click();
  await alicePage.locator('[data-testid=roster-item][data-jid="oscar@localhost"]').waitFor({ state: 'detached' });
  await new RosterPage(alicePage).logOut();
});

test('a dismissed request is forgotten', async () => {
  const tag = `dismiss-${Date.now()}`;
  const oscarPage = await logInAs(chromium.browser, 'oscar');
  const alicePage = await logInAs(chromium.browser, 'alice');
  const oscar = new ChatPage(oscarPage);
  await oscar.open('alice@localhost');
  await oscar.sendWithEnter(`${tag} buy now`);
  const request = alicePage.locator('[data-testid=request-item][data-jid="oscar@localhost"]');
  await request.waitFor();
  await request.getByTestId('request-dismiss').click();
  await request.waitFor({ state: 'detached' });
  assert.equal(await alicePage.locator('[data-testid=conversation-item][data-jid="oscar@localhost"]').count(), 0);
  await new RosterPage(oscarPage).logOut();
  await new RosterPage(alicePage).logOut();
});

test('the page\'s own scripts find no handle on Palaver\'s memory', async () => {
  const page = await logInAs(chromium.browser, 'alice');
  // What any other script of the page (an embedding site's too) can reach: every global, and
  // one level into each object found there. No wasm memory, instance or module among them.
  const handles = await page.evaluate(() => {
    const isWasm = (value) => value instanceof WebAssembly.Memory
      || value instanceof WebAssembly.Instance || value instanceof WebAssembly.Module;
    const found = [];
    for (const name of Object.getOwnPropertyNames(window)) {
      let value;
      try { value = window[name]; } catch { continue; }
      if (isWasm(value)) found.push(name);
      if (value && typeof value === 'object' && value !== window) {
        let keys = [];
        try { keys = Object.getOwnPropertyNames(value); } catch { continue; }
        for (const key of keys) {
          try { if (isWasm(value[key])) found.push(`${name}.${key}`); } catch { /* a getter that throws */ }
        }
      }
    }
    return found;
  });
  assert.deepEqual(handles, [], 'no global leads to the wasm memory');
  await new RosterPage(page).logOut();
});
