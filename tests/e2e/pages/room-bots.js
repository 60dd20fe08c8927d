// Bare XMPP clients over WebSocket (RFC 7395) that fill a room (XEP-0045) for the specs of big
// rooms: each registers its own account in band (XEP-0077; the test server allows it from
// loopback), logs in with SASL PLAIN, and can join, change nick and leave. Node 20+: the specs
// run with --experimental-websocket.
import { WEBSOCKET_URL } from './browser.js';

/** One bot: logged in as `user` (password = user name), not in any room yet. */
async function connect(user) {
  const socket = new WebSocket(WEBSOCKET_URL, ['xmpp']);
  const frames = [];
  const waiters = [];
  socket.addEventListener('message', (event) => {
    const frame = String(event.data);
    const waiter = waiters.find((w) => w.pattern.test(frame));
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
      return;
    }
    // A room's traffic reaches every bot in it: keep only the latest frames.
    frames.push(frame);
    if (frames.length > 100) frames.shift();
  });
  /** The first frame from now on (or already received and unclaimed) matching `pattern`. */
  const until = (pattern, what) => {
    const seen = frames.findIndex((frame) => pattern.test(frame));
    if (seen >= 0) return Promise.resolve(frames.splice(seen, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = { pattern, resolve };
      waiters.push(waiter);
      setTimeout(() => reject(new Error(`${user}: no ${what} within 120 s`)), 120_000).unref();
    });
  };
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`${user}: cannot reach ${WEBSOCKET_URL}`)), { once: true });
  });
  const open = '<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>';
  socket.send(open);
  await until(/<stream:features|<features/, 'stream features');
  socket.send(`<iq xmlns="jabber:client" type="set" id="reg"><query xmlns="jabber:iq:register"><username>${user}</username><password>${user}</password></query></iq>`);
  // Registered now, or by an earlier spec on the same server (a conflict): either way, log in.
  await until(/id=["']reg["']/, 'answer to the registration');
  const credentials = Buffer.from(`\0${user}\0${user}`).toString('base64');
  socket.send(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${credentials}</auth>`);
  const auth = await until(/<success|<failure/, 'SASL outcome');
  if (auth.includes('<failure')) throw new Error(`${user}: login refused: ${auth}`);
  socket.send(open);
  await until(/<bind/, 'bind feature');
  socket.send('<iq xmlns="jabber:client" type="set" id="bind"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></iq>');
  await until(/id=["']bind["']/, 'bound resource');
  frames.length = 0;
  let room = null;
  let nick = null;
  return {
    user,
    get nick() { return nick; },
    /** Joins `jid` as `as`, asking for no history; resolves on the room's own presence (110). */
    async join(jid, as = user) {
      room = jid;
      nick = as;
      socket.send(`<presence xmlns="jabber:client" to="${jid}/${as}"><x xmlns="http://jabber.org/protocol/muc"><history maxstanzas="0"/></x></presence>`);
      await until(/status code=["']110["']/, `own presence in ${jid}`);
      frames.length = 0;
    },
    /** Changes nick in the room (XEP-0045 §7.6). */
    async rename(to) {
      socket.send(`<presence xmlns="jabber:client" to="${room}/${to}"/>`);
      await until(new RegExp(`from=["']${room}/${to}["'][^>]*>[\\s\\S]*status code=["']110["']`), `renamed presence as ${to}`);
      nick = to;
      frames.length = 0;
    },
    /** Says `text` in the room (XEP-0045 §7.4), without waiting for its reflection. */
    say(text) {
      socket.send(`<message xmlns="jabber:client" type="groupchat" to="${room}"><body>${text}</body></message>`);
    },
    /** Leaves the room (XEP-0045 §7.14). */
    leave() {
      socket.send(`<presence xmlns="jabber:client" type="unavailable" to="${room}/${nick}"/>`);
    },
    /** Ends the session. */
    close() {
      return new Promise((resolve) => {
        socket.addEventListener('close', resolve, { once: true });
        try { socket.send('<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>'); } catch { resolve(); }
        setTimeout(() => { try { socket.close(); } catch { /* closed */ } resolve(); }, 1_000).unref();
      });
    },
  };
}

/** `count` bots named `<prefix>001`…, logged in (a few at a time, so the server's hashing of
 * passwords does not make a queue). */
export async function startBots(prefix, count, { parallel = 10 } = {}) {
  const bots = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + parallel); j += 1) {
      batch.push(connect(`${prefix}${String(j + 1).padStart(3, '0')}`));
    }
    bots.push(...await Promise.all(batch));
  }
  return bots;
}

/** Ends every bot's session. */
export async function stopBots(bots) {
  await Promise.all(bots.map((bot) => bot.close()));
}
