// The group chat rooms of the benchmark, set up over XMPP by bots (bot.js) before a client is
// measured: created by a registered account (the service lets only localhost's accounts create
// rooms), filled with anonymous bots of anon.localhost (no account each; scripts/bench.sh turns
// that host on), given some history, and kept as an account's XEP-0402 bookmarks.
// Nothing here is timed.
import { connect } from './bot.js';

export const SERVICE = 'conference.localhost';
const BOT_HOST = 'anon.localhost';
const MUC = 'http://jabber.org/protocol/muc';
// Logins at once while filling: enough to keep Prosody busy, few enough not to time out.
const LOGINS_AT_ONCE = 50;

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
let ids = 0;
const nextId = () => { ids += 1; return `setup${ids}`; };

/** `client` (bot.js) enters `room` as `nick` and waits for its own presence (status 110);
 * no history replayed (bots read none). */
export async function enterRoom(client, room, nick) {
  client.send(`<presence xmlns="jabber:client" to="${room}/${escape(nick)}"><x xmlns="${MUC}"><history maxstanzas="0"/></x></presence>`);
  const from = new RegExp(`<presence[^>]*from=["']${room.replace(/\./g, '\\.')}/`);
  for (;;) {
    const frame = await client.until(/<presence/);
    if (from.test(frame) && /code=["']110["']/.test(frame)) return;
  }
}

/** Sends an IQ and waits for its result (an error answer throws, from bot.js's `until`). */
async function ask(client, xml) {
  const id = nextId();
  client.send(xml.replace('<iq ', `<iq id="${id}" `));
  return client.until(new RegExp(`id=["']${id}["']`));
}

/**
 * `owner` (a connected bot.js client of a registered account) creates `room` as an instant room
 * (the service's defaults: public, persistent, archived) and stays in it as `nick`. Prosody keeps
 * a new room locked until its owner submits the configuration form (XEP-0045 §10.1.2).
 */
export async function createRoom(owner, room, nick = 'owner') {
  await enterRoom(owner, room, nick);
  await ask(owner, `<iq xmlns="jabber:client" type="set" to="${room}"><query xmlns="${MUC}#owner">`
    + '<x xmlns="jabber:x:data" type="submit"/></query></iq>');
}

/** `sender` says `bodies` in `room`, one groupchat message each, and waits until the room has
 * sent the last back (so all are in its history). */
export async function say(sender, room, bodies) {
  bodies.forEach((body, i) => sender.send(
    `<message xmlns="jabber:client" to="${room}" type="groupchat" id="say-${Date.now()}-${i}"><body>${escape(body)}</body></message>`));
  const last = escape(bodies[bodies.length - 1]);
  for (;;) {
    const frame = await sender.until(/<message/);
    if (frame.includes(`<body>${last}</body>`)) return;
  }
}

/** The nick of bot `i` of `count`: zero-padded, so nicks sort as numbers do ("u0001"…"u1000"). */
export const botNick = (i, count) => `u${String(i).padStart(String(count).length, '0')}`;

/**
 * Fills `rooms` with `count` anonymous bots, each in every room as `botNick(i)`: one
 * connection a bot, LOGINS_AT_ONCE logging in at a time. Returns `close()` for all of them.
 */
export async function fillRooms(websocketUrl, rooms, count, note = () => {}) {
  const bots = [];
  let next = 1;
  const worker = async () => {
    while (next <= count) {
      const i = next;
      next += 1;
      const bot = await connect(websocketUrl, null, null, { domain: BOT_HOST, presence: false });
      bots.push(bot);
      for (const room of rooms) await enterRoom(bot, room, botNick(i, count));
      if (bots.length % 100 === 0) note(`${bots.length} of ${count} bots in`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOGINS_AT_ONCE, count) }, worker));
  return { close: () => Promise.all(bots.map((bot) => bot.close())) };
}

/**
 * Publishes `rooms` as `client`'s XEP-0402 bookmarks (urn:xmpp:bookmarks:1, one item a room,
 * autojoin, with `nick`), with the publish options the XEP asks for (§3: persistent, private,
 * as many items as there are rooms).
 */
export async function bookmark(client, rooms, nick) {
  const option = (name, value) => `<field var="${name}"><value>${value}</value></field>`;
  const options = '<publish-options><x xmlns="jabber:x:data" type="submit">'
    + '<field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/pubsub#publish-options</value></field>'
    + option('pubsub#persist_items', 'true') + option('pubsub#max_items', 'max')
    + option('pubsub#send_last_published_item', 'never') + option('pubsub#access_model', 'whitelist')
    + '</x></publish-options>';
  for (const [i, room] of rooms.entries()) {
    await ask(client, '<iq xmlns="jabber:client" type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub">'
      + `<publish node="urn:xmpp:bookmarks:1"><item id="${room}"><conference xmlns="urn:xmpp:bookmarks:1" `
      + `name="Room ${i + 1}" autojoin="true"><nick>${escape(nick)}</nick></conference></item></publish>`
      + `${options}</pubsub></iq>`);
  }
}

/**
 * Makes `watcher` (a bot.js client in some rooms, not an anonymous bot: it gets the rooms'
 * presences) note when each newcomer's presence reaches it. A room sends a newcomer's presence
 * to those already in it in the same step as the newcomer's own presence, after the list of
 * everyone else (Prosody's publicise_occupant_status): so this is when the server sent its last
 * presence of a join, seen outside the page (a page's WebSocket frames are reported on its main
 * thread, late when it is busy). `arrived(room, nick)` resolves with that time (Date.now).
 */
export function watchJoins(watcher) {
  const seen = new Map();
  const waiting = new Map();
  watcher.onStanza((frame) => {
    if (!frame.startsWith('<presence') || /type=["']unavailable["']/.test(frame)) return;
    const from = /\bfrom=["']([^"']+)["']/.exec(frame)?.[1];
    if (!from || seen.has(from)) return;
    seen.set(from, Date.now());
    waiting.get(from)?.(seen.get(from));
  });
  return {
    arrived: (room, nick) => {
      const key = `${room}/${nick}`;
      return seen.has(key) ? Promise.resolve(seen.get(key)) : new Promise((resolve) => waiting.set(key, resolve));
    },
  };
}
