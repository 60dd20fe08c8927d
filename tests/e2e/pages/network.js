// A TCP relay between a browser and Prosody that a test can cut, like a network going down:
// every open connection is reset (RST) and new ones are refused until `restore()`. Both sides
// see the drop as they would in real life; nothing about XMPP is faked.
import net from 'node:net';

/** Starts a relay to 127.0.0.1:`targetPort`; use `websocketUrl(path)` as Palaver's server. */
export async function startCuttableLink(targetPort) {
  const sockets = new Set();
  let down = false;
  // While held, what the server sends is kept back (a slow or stalled network on the way in).
  let held = false;
  const heldBack = [];
  const server = net.createServer((client) => {
    client.on('error', () => {});
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    upstream.on('error', () => {});
    const pair = [client, upstream];
    for (const socket of pair) {
      sockets.add(socket);
      socket.on('close', () => {
        sockets.delete(socket);
        for (const other of pair) if (!other.destroyed) other.resetAndDestroy();
      });
    }
    client.pipe(upstream);
    upstream.on('data', (data) => {
      if (held) heldBack.push([client, data]);
      else if (!client.destroyed) client.write(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    websocketUrl: (path = '/xmpp-websocket') => `ws://127.0.0.1:${port}${path}`,
    /** What Chromium logs (a console error) for each connection this relay resets or refuses
     * while cut: the page's reconnection attempts. */
    refusedConnection: new RegExp(`^WebSocket connection to 'ws://127\\.0\\.0\\.1:${port}/xmpp-websocket' failed: `
      + 'Error (during WebSocket handshake|in connection establishment): net::ERR_(CONNECTION_RESET|SOCKET_NOT_CONNECTED)'),
    /** The network goes down: open connections reset, new ones refused. */
    cut() {
      down = true;
      for (const socket of [...sockets]) if (!socket.destroyed) socket.resetAndDestroy();
    },
    /** The network is back. */
    restore() { down = false; },
    /** From now on, what the server sends waits (the client hears nothing) until `release()`. */
    hold() { held = true; },
    /** What was held back goes through, and everything after it. */
    release() {
      held = false;
      for (const [client, data] of heldBack.splice(0)) if (!client.destroyed) client.write(data);
    },
    async close() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
