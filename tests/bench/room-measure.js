// What the group chat rows measure in the page, the same for both clients: the rooms'
// presences its WebSocket handed it, and when the room's newest message and its last occupant
// were on screen. (When the server sent its last presence is seen outside the page, by a bot in
// the room: rooms.js, watchJoins.)

/**
 * Watches the page's XMPP frames for presences from rooms. `self(room)` is the time (Date.now)
 * our own presence from `room` arrived (status 110, which a room sends after everyone else's
 * presence: the server's last presence of a join), `selves` how many rooms sent it so far,
 * `others(room)` how many other presences that room sent before it. Frames are seen as the
 * browser's network stack receives them, whatever the page's main thread is doing.
 */
export function observeRoomFrames(page) {
  const selfAt = new Map();
  const before = new Map();
  let waiting = []; // [count, resolve]
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
    const xml = String(payload);
    if (!xml.startsWith('<presence')) return;
    const room = /\bfrom=["']([^"'/]+@conference\.localhost)\//.exec(xml)?.[1];
    if (!room || selfAt.has(room)) return;
    if (/code=["']110["']/.test(xml) && !/type=["']unavailable["']/.test(xml)) {
      selfAt.set(room, Date.now());
      for (const [count, resolve] of waiting) if (selfAt.size >= count) resolve();
      waiting = waiting.filter(([count]) => selfAt.size < count);
    } else {
      before.set(room, (before.get(room) ?? 0) + 1);
    }
  }));
  return {
    self: (room) => selfAt.get(room),
    get selves() { return selfAt.size; },
    others: (room) => before.get(room) ?? 0,
    /** Resolves once `count` rooms have sent our own presence. */
    selvesReach: (count) => new Promise((resolve) => {
      if (selfAt.size >= count) resolve(); else waiting.push([count, resolve]);
    }),
  };
}

/**
 * In the page: resolves with { message, occupant } (Date.now) once a message whose text is
 * `body` is in the page (`messages`), and the occupant `nick` is on screen: its row's centre
 * inside the window and not covered, the occupant list scrolled to its end as a user looking
 * for the last one would (the same rule as the roster's last contact, run.js). The scrolling
 * box is the list's nearest scrollable ancestor (or the list), found the same way for both
 * clients; rows are `rows`, whose nick is the text of `nickOf` inside (or `data-nick`).
 * Checked every animation frame, so a busy main thread delays it as it delays the user.
 */
export function reachRoom({ messages, body, list, rows, nickOf, nick }) {
  const at = {};
  const nickOfRow = (row) => (nickOf ? row.querySelector(nickOf)?.textContent : row.dataset.nick)?.trim();
  const onScreen = (row) => {
    const box = row.getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    return box.height > 0 && x >= 0 && y >= 0 && x < innerWidth && y < innerHeight
      && row.contains(document.elementFromPoint(x, y));
  };
  return new Promise((resolve) => {
    const tick = () => {
      if (!at.message && [...document.querySelectorAll(messages)].some((e) => e.textContent.trim() === body)) {
        at.message = Date.now();
      }
      if (!at.occupant) {
        const all = document.querySelectorAll(rows);
        let row = null;
        for (let i = all.length - 1; i >= 0 && !row; i -= 1) if (nickOfRow(all[i]) === nick) row = all[i];
        if (row && onScreen(row)) {
          at.occupant = Date.now();
        } else {
          let scroller = document.querySelector(list);
          while (scroller && !(scroller.scrollHeight > scroller.clientHeight
              && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
          if (scroller) scroller.scrollTop = scroller.scrollHeight;
        }
      }
      if (at.message && at.occupant) resolve(at); else requestAnimationFrame(tick);
    };
    tick();
  });
}

/** In the page: how many elements match `selector` (rows a client keeps in its DOM). */
export const countRows = (selector) => document.querySelectorAll(selector).length;

/**
 * Starts a Chromium trace of the page's tasks (category toplevel: one event a task,
 * ThreadControllerImpl::RunTask, with its wall time `dur` and its thread's CPU time `tdur`). The
 * returned function stops it and gives the longest task of a renderer's main thread in CPU time (ms). On this shared 2-core
 * machine a task's wall time (the longtask observer's measure) also counts the time its thread
 * waited for a core while other builds ran: its CPU time is the work the page itself did.
 */
export async function traceTasks(page) {
  const browser = page.context().browser();
  await browser.stopTracing().catch(() => {}); // one left running by a failed run
  await browser.startTracing(page, { categories: ['toplevel'] });
  return async () => {
    const trace = JSON.parse(String(await browser.stopTracing()));
    const events = trace.traceEvents ?? trace;
    const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`));
    const cpu = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`))
      .map((e) => (e.tdur ?? 0) / 1000);
    return Math.max(0, ...cpu);
  };
}
