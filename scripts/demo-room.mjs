// Creates a persistent public group chat (XEP-0045) on the demo Prosody, owned by a demo user:
//   node --experimental-websocket scripts/demo-room.mjs WEBSOCKET_URL ROOM_JID USER [NAME] [SUBJECT]
// e.g. node --experimental-websocket scripts/demo-room.mjs ws://127.0.0.1:5280/xmpp-websocket \
//        lobby@conference.localhost alice Lobby "Say hello"
// Logs in as USER (password = user name, as all demo accounts), joins ROOM_JID/USER, answers
// the server's status 201 (a new, locked room) with the room's configuration (NAME, public and
// persistent as scripts/prosody/prosody.cfg.lua makes them by default), sets SUBJECT, leaves and
// logs out. The room stays (it is persistent), with USER as its owner. A room that already exists
// is left as it is. RFC 7395 over the WebSocket; SASL PLAIN, which this loopback-only server
// allows on ws:// (consider_websocket_secure). Each RFC 7395 frame is one element, so plain
// pattern matching on frames is enough here.
const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
const TIMEOUT_MS = 10_000;

const [url, room, user, name = 'Lobby', subject = ''] = process.argv.slice(2);
if (!url || !room || !user) {
  console.error('usage: node --experimental-websocket demo-room.mjs WEBSOCKET_URL ROOM_JID USER [NAME] [SUBJECT]');
  process.exit(2);
}
if (typeof WebSocket !== 'function') {
  console.error('demo-room.mjs: this Node has no global WebSocket (Node >= 20.10 with --experimental-websocket, or >= 22)');
  process.exit(2);
}

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const domain = user.includes('@') ? user.split('@')[1] : 'localhost';
const local = user.split('@')[0];

const socket = new WebSocket(url, 'xmpp');
const frames = [];
const waiters = new Set();
socket.addEventListener('message', ({ data }) => {
  const frame = String(data);
  frames.push(frame);
  for (const waiter of waiters) waiter(frame);
});

/** The first frame from `from` on (an index into `frames`) that matches `pattern`. */
function next(pattern, from, what) {
  const seen = frames.slice(from).find((frame) => pattern.test(frame));
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(waiter);
      reject(new Error(`no answer from the server: ${what} (last frames: ${frames.slice(-3).join(' ')})`));
    }, TIMEOUT_MS);
    function waiter(frame) {
      if (!pattern.test(frame)) return;
      clearTimeout(timer);
      waiters.delete(waiter);
      resolve(frame);
    }
    waiters.add(waiter);
  });
}

/** Sends `xml`; returns the first frame after it that matches `pattern`. */
function exchange(xml, pattern, what) {
  const from = frames.length;
  socket.send(xml);
  return next(pattern, from, what);
}

function fail(frame, what) {
  if (/<(stream:)?error|type=["']error["']|<failure/.test(frame)) throw new Error(`${what}: ${frame}`);
  return frame;
}

const open = `<open xmlns="${FRAMING}" to="${escape(domain)}" version="1.0"/>`;
try {
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot open ${url}`)), { once: true });
  });
  const features = await exchange(open, /<mechanisms/, 'stream features');
  if (!/<mechanism>PLAIN<\/mechanism>/.test(features)) throw new Error(`PLAIN not offered: ${features}`);
  const credentials = Buffer.from(`\0${local}\0${local}`).toString('base64');
  fail(await exchange(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">${credentials}</auth>`,
    /<success|<failure/, 'authentication'), `logging in as ${local}@${domain}`);
  await exchange(open, /<bind/, 'stream features after authentication');
  fail(await exchange('<iq xmlns="jabber:client" type="set" id="bind"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></iq>',
    /id=["']bind["']/, 'resource binding'), 'binding a resource');

  // Join without history: only the self-presence (status 110) matters, with 201 if it is new.
  const self = fail(await exchange(
    `<presence xmlns="jabber:client" to="${escape(room)}/${escape(local)}"><x xmlns="http://jabber.org/protocol/muc"><history maxstanzas="0"/></x></presence>`,
    /status code=["']110["']|type=["']error["']/, `joining ${room}`), `joining ${room}`);
  const created = /status code=["']201["']/.test(self);
  if (created) {
    const field = (v, value) => `<field var="${v}"><value>${escape(value)}</value></field>`;
    fail(await exchange(
      `<iq xmlns="jabber:client" type="set" id="config" to="${escape(room)}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit">${
        field('FORM_TYPE', 'http://jabber.org/protocol/muc#roomconfig')}${
        field('muc#roomconfig_roomname', name)}${
        field('muc#roomconfig_persistentroom', '1')}${
        field('muc#roomconfig_publicroom', '1')}</x></query></iq>`,
      /id=["']config["']/, `configuring ${room}`), `configuring ${room}`);
    if (subject) {
      await exchange(
        `<message xmlns="jabber:client" type="groupchat" to="${escape(room)}"><subject>${escape(subject)}</subject></message>`,
        /<subject>/, `setting the subject of ${room}`);
    }
  }
  await exchange(`<presence xmlns="jabber:client" type="unavailable" to="${escape(room)}/${escape(local)}"/>`,
    /type=["']unavailable["'][\s\S]*status code=["']110["']/,
    `leaving ${room}`).catch(() => {});
  await exchange(`<close xmlns="${FRAMING}"/>`, /<close/, 'closing the stream').catch(() => {});
  socket.close();
  console.log(created ? `created ${room} ("${name}"), owned by ${local}@${domain}` : `${room} already exists`);
} catch (error) {
  console.error(`demo-room.mjs: ${error.message}`);
  socket.close();
  process.exit(1);
}
