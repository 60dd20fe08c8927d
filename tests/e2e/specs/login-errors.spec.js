// Failed logins explain themselves on the login form (login-error), never a blank page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { allowConsoleError, openPalaver, useBrowser } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';

const chromium = useBrowser();

test('a wrong password says so and stays on the form', async () => {
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  await login.logIn('alice@localhost', 'not-her-password');
  assert.match(await login.errorText(), /wrong user name or password/i);
  assert.equal(await login.status.getAttribute('data-state'), 'error');
  await login.submit.waitFor();
  // The form still works: the right password now logs in.
  await login.password.fill('alice');
  await login.submit.click();
  await page.locator('[data-testid=connection-status][data-state=online]').waitFor();
  await page.getByTestId('logout').click();
  await login.submit.waitFor();
  assert.deepEqual(page.errors, []);
});

test('an unreachable server says it could not connect', async () => {
  // Chromium itself logs the failed connection (port 9 is one it refuses outright); Palaver
  // only says so on the form.
  allowConsoleError(/^WebSocket connection to 'ws:\/\/127\.0\.0\.1:9\/xmpp-websocket' failed: /,
    'Chromium reports the connection this test makes fail');
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  await login.logIn('alice@localhost', 'alice', { server: 'ws://127.0.0.1:9/xmpp-websocket' });
  assert.match(await login.errorText(), /could not connect to ws:\/\/127\.0\.0\.1:9\/xmpp-websocket/i);
  assert.deepEqual(page.errors, []);
});

test('an endpoint that does not speak the xmpp subprotocol is refused with a message', async () => {
  // A WebSocket server that completes the handshake but selects no subprotocol.
  const server = http.createServer((_, res) => res.end('not xmpp'));
  server.on('upgrade', (req, socket) => {
    const accept = crypto.createHash('sha1')
      .update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${server.address().port}/ws`;
  // Chromium itself logs the handshake it rejects (no subprotocol in the answer).
  allowConsoleError(new RegExp(`^WebSocket connection to '${url}' failed: Error during WebSocket handshake: Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received`),
    'Chromium reports the handshake this test makes fail');
  try {
    const page = await openPalaver(chromium.browser);
    const login = new LoginPage(page);
    await login.logIn('alice@localhost', 'alice', { server: url });
    const text = await login.errorText();
    assert.match(text, new RegExp(`${url}`));
    assert.match(text, /XMPP WebSocket/i);
    assert.deepEqual(page.errors, []);
  } finally {
    server.closeAllConnections?.();
    server.close();
  }
});

test('ws:// to a remote host is refused before connecting', async () => {
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  await login.logIn('alice@localhost', 'alice', { server: 'ws://chat.example.org/xmpp-websocket' });
  assert.match(await login.errorText(), /use wss:\/\//i);
  // A round trip to the page: a WebSocket it had opened before showing the error would have
  // been reported (Playwright's `websocket` event) before this answer.
  await page.evaluate(() => null);
  assert.deepEqual(page.websockets.map((socket) => socket.url), [], 'no WebSocket was opened');
});

test('a stream error from the server is explained (host-unknown)', async () => {
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  await login.logIn('alice@elsewhere.example', 'alice');
  assert.match(await login.errorText(), /does not serve this domain \(host-unknown\)/);
  assert.equal(await login.status.getAttribute('data-state'), 'error');
  assert.deepEqual(page.errors, []);
});
