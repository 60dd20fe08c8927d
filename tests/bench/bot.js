// A bare XMPP client over WebSocket (RFC 7395), no UI: it sends the message bursts of the
// benchmark, and receiving the same burst it is the floor no UI can beat. SASL PLAIN (the bench
// server is on loopback), or SASL ANONYMOUS for the room bots (no account: `user` null and
// `domain` the benchmark's anonymous host). Node 20: run with --experimental-websocket.

/** Logs `user` in and returns a small client: `jid`, `send(xml)`, `until(pattern)` (the next
 * frame matching it, once no `onStanza` listener takes frames), `onStanza(fn)`, `close()`. */
export async function connect(websocketUrl, user, password, { domain = 'localhost', presence = true } = {}) {
  const socket = new WebSocket(websocketUrl, ['xmpp']);
  const listeners = [];
  let waiting = null;
  const frames = [];
  socket.addEventListener('message', (event) => {
    const frame = String(event.data);
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(frame);
    } else if (listeners.length === 0) {
      frames.push(frame);
    }
    for (const listener of listeners) listener(frame);
  });
  const next = () => (frames.length > 0 ? Promise.resolve(frames.shift())
    : new Promise((resolve) => { waiting = resolve; }));
  /** Frames until one matches `pattern` (the stream's bookkeeping in between is skipped). */
  const until = async (pattern) => {
    for (;;) {
      const frame = await next();
      if (/<failure|<stream:error|<error/.test(frame) && !pattern.test(frame)) {
        throw new Error(`${user}: ${frame}`);
      }
      if (pattern.test(frame)) return frame;
    }
  };
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot reach ${websocketUrl}`)), { once: true });
  });
  const open = `<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="${domain}" version="1.0"/>`;
  socket.send(open);
  await until(/<stream:features|<features/);
  if (user === null) {
    socket.send('<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="ANONYMOUS"/>');
  } else {
    const credentials = Buffer.from(`\0${user}\0${password}`).toString('base64');
    socket.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${credentials}</auth>`);
  }
  await until(/<success/);
  socket.send(open);
  await until(/<bind/);
  socket.send('<iq type="set" id="bind1" xmlns="jabber:client"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></iq>');
  const bound = await until(/id=["']bind1["']/);
  const jid = /<jid>([^<]+)<\/jid>/.exec(bound)?.[1];
  if (presence) socket.send('<presence xmlns="jabber:client"/>');
  return {
    jid,
    send: (xml) => socket.send(xml),
    until,
    onStanza: (fn) => { listeners.push(fn); },
    close: () => new Promise((resolve) => {
      socket.addEventListener('close', resolve, { once: true });
      try { socket.send('<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>'); } catch { resolve(); }
      setTimeout(() => { socket.close(); resolve(); }, 1000);
    }),
  };
}

/** The body of burst message `i` (`tag` keeps runs apart). */
export function burstBody(tag, i) {
  return `${tag} message ${String(i).padStart(5, '0')}`;
}

/** Sends `count` chat messages to `to` as fast as the socket takes them; returns when queued. */
export function sendBurst(client, to, tag, count) {
  for (let i = 1; i <= count; i += 1) {
    client.send(`<message xmlns="jabber:client" to="${to}" type="chat" id="${tag}-${i}"><body>${burstBody(tag, i)}</body></message>`);
  }
}

/** Resolves with the time (ms, performance.now) the `count`th burst message of `tag` arrived. */
export function receiveBurst(client, tag, count) {
  let received = 0;
  return new Promise((resolve) => {
    client.onStanza((frame) => {
      if (frame.startsWith('<message') && frame.includes(`<body>${tag} message`)) {
        received += 1;
        if (received === count) resolve(performance.now());
      }
    });
  });
}
