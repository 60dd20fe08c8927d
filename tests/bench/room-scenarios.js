// The group chat rows of the benchmark (issue 13), measured like the other rows (run.js hands
// in its harness: the failure-keeping `attempt`, fresh pages, login, memory, the timeout):
//   6. join a room of N bot occupants: the server's last presence, then the room's newest
//      message and its last occupant on screen;
//   7. a burst of N groupchat messages into the joined room, until the last is on screen (and
//      the floor: a bare bot receiving the same burst in a room);
//   8. login with N bookmarked rooms (XEP-0402, autojoin): all joined and listed.
// Rooms and bots are set up before anything is timed (rooms.js) and shared by both clients.
import { connect, burstBody, receiveBurst } from './bot.js';
import { newAccount } from './accounts.js';
import { SERVICE, createRoom, enterRoom, say, fillRooms, botNick, bookmark, watchJoins } from './rooms.js';
import { observeRoomFrames, reachRoom, countRows, traceTasks } from './room-measure.js';
import { settle, longestTask } from './measure.js';

/** The room scenarios over run.js's harness; `close()` lets every bot go. */
export function roomScenarios(h) {
  const { attempt, withPage, login, putMemory, waitForText, MEMORY, WS, FLOOR } = h;
  const cleanups = [];
  let roomsMade = 0;
  const newRoom = (prefix) => { roomsMade += 1; return `${prefix}-${Date.now().toString(36)}-${roomsMade}@${SERVICE}`; };

  /** A registered account connected by bot.js (no initial presence: it is no contact of anyone). */
  async function registeredBot(prefix) {
    const user = newAccount(prefix);
    const bot = await connect(WS, user, user, { presence: false });
    cleanups.push(() => bot.close());
    return { user, bot };
  }

  /** Joins `room` as `nick` from the page, the client's own way; resolves once the page has the
   * room's presence for us, with the time of the submit and (`trace`) the task trace's stop. */
  async function join(page, client, frames, room, nick, trace = false) {
    await client.waitOnline(page);
    const submit = await client.prepareJoin(page, room, nick);
    await settle(page); // login and form over: the longest-task count starts here
    const stopTrace = trace ? await traceTasks(page) : null;
    const started = Date.now();
    await submit();
    await frames.selvesReach(1);
    return { started, stopTrace };
  }
  const CPU = ['longest main-thread task, CPU time', 'ms'];

  // 6. Join a room of `count` occupants (one room for every run of both clients).
  const JOIN = [['join → the server\'s last presence', 'ms'], ['last presence → newest message on screen', 'ms'],
    ['last presence → last occupant on screen', 'ms'], ['longest main-thread task', 'ms'], CPU,
    ['occupant rows in the DOM', 'count'], ...MEMORY];
  const joinRooms = new Map(); // count → { room, newest, watcher }
  async function bigRoom(count) {
    if (!joinRooms.has(count)) {
      const room = newRoom(`big${count}`);
      const { bot: owner } = await registeredBot('bigowner');
      await createRoom(owner, room);
      const tag = `j${Date.now()}`;
      const bodies = Array.from({ length: 20 }, (_, i) => burstBody(tag, i + 1));
      await say(owner, room, bodies); // the history a newcomer gets (Prosody's default 20)
      // The owner stays (a moderator: first in both clients' lists), watching who comes in.
      const watcher = watchJoins(owner);
      process.stderr.write(`  filling ${room} with ${count} bots\n`);
      const bots = await fillRooms(WS, [room], count);
      cleanups.push(bots.close);
      joinRooms.set(count, { room, newest: bodies[bodies.length - 1], watcher });
    }
    return joinRooms.get(count);
  }

  async function roomJoin(client, count, run) {
    const { room, newest, watcher } = await bigRoom(count);
    const user = newAccount('rjoin'); // its nick sorts before every bot's ("u0001"…)
    await attempt(`6 room of ${count.toLocaleString('en')} occupants: join`, JOIN, client.name, run, (put, note) =>
      withPage(client, { jid: `${user}@localhost`, password: user }, async (page) => {
        const frames = observeRoomFrames(page);
        await login(page, client, user);
        const { started, stopTrace } = await join(page, client, frames, room, user, true);
        const lastPresence = await watcher.arrived(room, user);
        put(JOIN[0][0], lastPresence - started);
        note(`joined, ${frames.others(room)} presences before ours`);
        const at = await page.evaluate(reachRoom, { messages: client.messageSelector, body: newest,
          list: client.occupantList, rows: client.occupantRow, nickOf: client.occupantNick, nick: botNick(count, count) });
        put(JOIN[1][0], Math.max(0, at.message - lastPresence));
        put(JOIN[2][0], Math.max(0, at.occupant - lastPresence));
        put(JOIN[3][0], await longestTask(page));
        put(CPU[0], await stopTrace());
        put(JOIN[5][0], await page.evaluate(countRows, client.occupantRow));
        await putMemory(page, put);
      }));
  }

  // 7. A burst of `count` groupchat messages from a bot into the room the client just joined
  // (a fresh small room each run: the client, the sender).
  const BURST = [['time until the last is rendered', 'ms'], ['longest main-thread task', 'ms'], CPU,
    ['timeline rows in the DOM', 'count'], ...MEMORY];
  const sendGroupBurst = (sender, room, tag, count) => {
    for (let i = 1; i <= count; i += 1) {
      sender.send(`<message xmlns="jabber:client" to="${room}" type="groupchat" id="${tag}-${i}"><body>${burstBody(tag, i)}</body></message>`);
    }
  };
  const burstScenario = (count) => `7 burst of ${count.toLocaleString('en')} into a room`;

  async function roomBurst(client, count, run) {
    const room = newRoom('burst');
    const { bot: sender } = await registeredBot('rsender');
    await createRoom(sender, room, 'sender');
    const user = newAccount('rburst');
    await attempt(burstScenario(count), BURST, client.name, run, (put) =>
      withPage(client, { jid: `${user}@localhost`, password: user }, async (page) => {
        const frames = observeRoomFrames(page);
        await login(page, client, user);
        await join(page, client, frames, room, user);
        await settle(page); // the join's own work is over: count from here
        const stopTrace = await traceTasks(page);
        const tag = `r${Date.now()}`;
        const started = performance.now();
        sendGroupBurst(sender, room, tag, count);
        await waitForText(page, client.messageSelector, burstBody(tag, count));
        put(BURST[0][0], performance.now() - started);
        put(BURST[1][0], await longestTask(page));
        put(CPU[0], await stopTrace());
        put(BURST[3][0], await page.evaluate(countRows, client.messageSelector));
        await putMemory(page, put);
      }));
    await sender.close();
  }

  /** The same burst received by a bare bot in a room (no UI, no browser). */
  async function roomBurstFloor(count, run) {
    const room = newRoom('floor');
    const { bot: sender } = await registeredBot('fsender');
    await createRoom(sender, room, 'sender');
    const { bot: receiver } = await registeredBot('freceiver');
    await enterRoom(receiver, room, 'receiver');
    await attempt(burstScenario(count), [['time until the last arrives', 'ms']], FLOOR, run, async (put) => {
      const tag = `q${Date.now()}`;
      const done = receiveBurst(receiver, tag, count);
      const started = performance.now();
      sendGroupBurst(sender, room, tag, count);
      put('time until the last arrives', (await done) - started);
    });
    await Promise.all([sender.close(), receiver.close()]);
  }

  // 8. Login with `count` bookmarked rooms (autojoin), each with an owner, 5 bots and 10 lines.
  const REJOIN = [['login → every room joined (server\'s last presence)', 'ms'], ['login → every room listed', 'ms'],
    ['longest main-thread task', 'ms'], CPU];
  const rejoinRooms = new Map(); // count → { rooms, watcher }
  async function bookmarkedRooms(count) {
    if (!rejoinRooms.has(count)) {
      const rooms = Array.from({ length: count }, () => newRoom('kept'));
      const { bot: owner } = await registeredBot('keptowner');
      for (const room of rooms) {
        await createRoom(owner, room);
        await say(owner, room, Array.from({ length: 10 }, (_, i) => `${room.split('@')[0]} line ${i + 1}`));
      }
      const bots = await fillRooms(WS, rooms, 5);
      cleanups.push(bots.close);
      rejoinRooms.set(count, { rooms, watcher: watchJoins(owner) }); // the owner stays in each
    }
    return rejoinRooms.get(count);
  }

  async function roomRejoin(client, count, run) {
    const { rooms, watcher } = await bookmarkedRooms(count);
    const user = newAccount('rkeep');
    const keeper = await connect(WS, user, user, { presence: false });
    await bookmark(keeper, rooms, user);
    await keeper.close();
    await attempt(`8 login with ${count} bookmarked rooms`, REJOIN, client.name, run, (put, note) =>
      withPage(client, { jid: `${user}@localhost`, password: user }, async (page) => {
        const frames = observeRoomFrames(page);
        const stopTrace = await traceTasks(page);
        const started = Date.now();
        await login(page, client, user);
        const listed = page.waitForFunction((selectors) => selectors.every((s) => document.querySelector(s)),
          rooms.map(client.roomItem), { polling: 'raf', timeout: 0 }).then(() => Date.now());
        listed.catch(() => {}); // awaited below, unless joining fails first
        let joinedRooms = 0;
        const joined = Promise.all(rooms.map((room) => watcher.arrived(room, user).then((at) => {
          joinedRooms += 1;
          note(`${joinedRooms} of ${count} rooms joined (by the server), ${frames.selves} in the page`);
          return at;
        })));
        put(REJOIN[0][0], Math.max(...await joined) - started);
        put(REJOIN[1][0], (await listed) - started);
        put(REJOIN[2][0], await longestTask(page));
        put(CPU[0], await stopTrace());
      }));
  }

  return {
    roomJoin, roomBurst, roomBurstFloor, roomRejoin,
    close: () => Promise.all(cleanups.splice(0).map((fn) => fn().catch(() => {}))),
  };
}
