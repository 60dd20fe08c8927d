// A WebSocket endpoint that only redirects (RFC 7395 §3.6.1): it accepts the `xmpp`
// subprotocol, answers the client's <open/> with its own and then closes with `see-other-uri`,
// as a load balancer or a moved service would. The login itself then happens on the real
// Prosody. Node has no WebSocket server built in, so the little of RFC 6455 this needs is here.
import http from 'node:http';
import https from 'node:https';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One unmasked server-to-client text frame. */
function textFrame(text) {
  const payload = Buffer.from(text);
  const header = payload.length < 126
    ? Buffer.from([0x81, payload.length])
    : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}

/** A throwaway self-signed certificate for 127.0.0.1 (openssl), for a wss:// redirector; the
 * browser context that talks to it is told to accept it (`ignoreHTTPSErrors`). */
function selfSignedCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'palaver-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

/**
 * Starts the redirector; `target(self)` gives the URI to send clients to (it may be its own
 * URL, for a loop). `hits` counts the connections it redirected. With `{ tls: true }` it is a
 * wss:// endpoint.
 */
export async function startRedirector(target, { tls = false } = {}) {
  const redirector = { hits: 0, url: '' };
  const notFound = (req, res) => { res.writeHead(404); res.end(); };
  const server = tls ? https.createServer(selfSignedCertificate(), notFound) : http.createServer(notFound);
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => {});
    const accept = crypto.createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}${WS_GUID}`).digest('base64');
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + `Sec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n`);
    socket.once('data', () => {
      redirector.hits += 1;
      socket.write(textFrame(`<open xmlns="${FRAMING}" from="localhost" id="redirect-${redirector.hits}" version="1.0"/>`));
      socket.write(textFrame(`<close xmlns="${FRAMING}" see-other-uri="${target(redirector)}"/>`));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  redirector.url = `${tls ? 'wss' : 'ws'}://127.0.0.1:${server.address().port}/xmpp-websocket`;
  redirector.close = () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); });
  return redirector;
}
