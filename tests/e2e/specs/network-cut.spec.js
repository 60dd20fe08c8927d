// A network cut while both sides keep writing: Frank's link to the server goes down (every
// connection reset, new ones refused) while she sends and Grace sends to her. Once the link is
// back, Palaver reconnects by itself and every message arrives exactly once, in order, on both
// sides: a short cut resumes the stream (XEP-0198), a cut longer than the server keeps the
// session (30 s hibernation in our Prosody config) starts a fresh one and resends what the
// server never acknowledged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { allowConsoleError, framesOf, useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { startCuttableLink } from '../pages/network.js';
import { PROSODY_HTTP_PORT } from '../pages/prosody.js';

const chromium = useBrowser();
const link = await startCuttableLink(PROSODY_HTTP_PORT);
after(() => link.close());

const ONLINE = '[data-testid=connection-status][data-state=online]';
const RECONNECTING = '[data-testid=connection-status][data-state=reconnecting]';

/** `count` bodies like "tag-frank-007". */
function numbered(tag, who, from, count) {
  return Array.from({ length: count }, (_, i) => `${tag}-${who}-${String(from + i).padStart(3, '0')}`);
}

async function sendAll(chat, bodies) {
  for (const body of bodies) await chat.sendWithEnter(body);
}

/** This run's bodies as the conversation shows them, split by author, and the id of the newest
 * row read. The list keeps a bounded window of rows in the DOM (older ones above and newer ones
 * below are dropped as the reader moves): scroll up until the window holds a row older than the
 * run (or the conversation's very first), so nothing of the run lies above it; then read down
 * to the end, collecting rows by their id in the order they come. A message shown twice (two
 * rows with one body) counts twice. */
async function shown(chat, tag) {
  const { page } = chat;
  const list = page.getByTestId('message-list');
  for (let scrolls = 0; ; scrolls += 1) {
    const above = await list.evaluate((l, prefix) => {
      const bodies = [...l.querySelectorAll('[data-testid=message-body]')].map((b) => b.textContent);
      const first = bodies.findIndex((b) => b.startsWith(prefix));
      const start = l.dataset.history === 'complete' && l.scrollTop === 0;
      return first > 0 || (first === -1 && bodies.length > 0) || start;
    }, `${tag}-`);
    if (above) break;
    if (scrolls >= 200) {
      const state = await list.evaluate((l) => ({
        history: l.dataset.history,
        scrollTop: l.scrollTop,
        rows: l.querySelectorAll('[data-testid=chat-message]').length,
        first: [...l.querySelectorAll('[data-testid=message-body]')].slice(0, 2).map((b) => b.textContent),
      }));
      const archive = framesOf(page).filter((f) => /urn:xmpp:mam:2/.test(f.data) && /<(query|fin)\b/.test(f.data))
        .slice(-6).map((f) => `${f.sent ? 'sent' : 'received'} ${f.data.slice(0, 400)}`);
      assert.fail(`the conversation never reached back to before run ${tag}: ${JSON.stringify(state)}; ` +
        `last archive frames: ${archive.join(' | ')}`);
    }
    await chat.scrollAndSettle('top');
  }
  const seen = new Map();
  let lastId = null;
  for (let steps = 0; steps < 200; steps += 1) {
    const rows = await chat.messages.evaluateAll((rows) => rows.map((row) => ({
      id: row.dataset.id,
      from: row.dataset.from,
      body: row.querySelector('[data-testid=message-body]')?.textContent ?? '',
    })));
    for (const row of rows) {
      // The same id twice in one view is a message shown twice: it counts twice.
      const times = rows.filter((r) => r.id === row.id).length;
      const known = seen.get(row.id);
      seen.set(row.id, { row, times: Math.max(times, known?.times ?? 0) });
    }
    lastId = rows.at(-1)?.id ?? null;
    const atEnd = await list.evaluate((l) => l.scrollHeight - l.scrollTop - l.clientHeight < 4);
    if (atEnd && rows.length > 0) {
      // At the bottom of the window: newer rows dropped below come back, or this is the end.
      await chat.scrollAndSettle('bottom');
      if ((await chat.lastRowId()) === lastId) break;
      continue;
    }
    await chat.scrollAndSettle({ by: 0.8 });
  }
  const mine = [...seen.values()].flatMap(({ row, times }) => Array(times).fill(row))
    .filter((row) => row.body.startsWith(`${tag}-`));
  return {
    frank: mine.filter((r) => r.from === 'frank@localhost').map((r) => r.body),
    grace: mine.filter((r) => r.from === 'grace@localhost').map((r) => r.body),
    lastId,
  };
}

/** What separates a reading from the expected bodies, in a line a failure can print: how many
 * were read, which are missing, which are shown twice, and where the order first differs. */
function differences(actual, expected) {
  const count = new Map();
  for (const body of actual) count.set(body, (count.get(body) ?? 0) + 1);
  const missing = expected.filter((body) => !count.has(body));
  const doubled = [...count].filter(([, n]) => n > 1).map(([body]) => body);
  const at = actual.findIndex((body, i) => body !== expected[i]);
  const order = at < 0 ? 'same order' :
    `first difference at ${at}: read ${JSON.stringify(actual.slice(Math.max(0, at - 2), at + 3))}`;
  return `read ${actual.length} of ${expected.length}; missing ${JSON.stringify(missing)}; ` +
    `twice ${JSON.stringify(doubled)}; ${order}`;
}

/** The conversation as `shown` reads it, once both authors' last messages are in it: a reading
 * that misses one (still on its way) waits, at the bottom, for a newer row, then reads again. */
async function shownOnceArrived(chat, tag, frankLast, graceLast) {
  for (;;) {
    const seen = await shown(chat, tag);
    if (seen.frank.includes(frankLast) && seen.grace.includes(graceLast)) return seen;
    await chat.page.waitForFunction((was) =>
      [...document.querySelectorAll('[data-testid=chat-message]')].at(-1)?.dataset.id !== was,
    seen.lastId, { timeout: 60_000 });
  }
}

async function cutWhileChatting(t, { tag, cutSeconds, perSide, session }) {
  allowConsoleError(link.refusedConnection,
    'Chromium logs each reconnection attempt the cut link refuses; Palaver retries by design');
  const frankPage = await logInAs(chromium.browser, 'frank', { config: { websocketUrl: link.websocketUrl() } });
  const gracePage = await logInAs(chromium.browser, 'grace');
  const frank = new ChatPage(frankPage);
  const grace = new ChatPage(gracePage);
  await frank.open('grace@localhost');
  await grace.open('frank@localhost');

  const half = perSide / 2;
  const frankBefore = numbered(tag, 'frank', 1, half);
  const frankDuring = numbered(tag, 'frank', half + 1, half);
  const graceAll = numbered(tag, 'grace', 1, perSide);

  // Frank writes half, and the link drops right behind the last one: some may not have
  // reached the server, some acks never come back.
  await sendAll(frank, frankBefore);
  link.cut();
  const cutAt = Date.now();
  await frankPage.locator(RECONNECTING).waitFor();
  // Both keep writing while Frank is cut off: hers wait as pending, Grace's wait on the server.
  await Promise.all([sendAll(frank, frankDuring), sendAll(grace, graceAll)]);
  const pending = await frankPage.locator('[data-testid=chat-message][data-state=pending]').count();
  assert.ok(pending >= half, `Frank's messages written offline are pending (${pending})`);
  const wait = cutSeconds * 1000 - (Date.now() - cutAt);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  link.restore();
  const restoredAt = Date.now();
  await frankPage.locator(ONLINE).waitFor({ timeout: 45_000 });
  const backAfter = Date.now() - restoredAt;
  assert.equal(await frankPage.getByTestId('connection-status').getAttribute('data-session'), session);

  const frankAll = [...frankBefore, ...frankDuring];
  const seenByFrank = await shownOnceArrived(frank, tag, frankAll.at(-1), graceAll.at(-1));
  const seenByGrace = await shownOnceArrived(grace, tag, frankAll.at(-1), graceAll.at(-1));
  t.diagnostic(`cut ${cutSeconds}s: back online ${backAfter} ms after the link returned; ` +
    `Frank sees ${seenByFrank.frank.length}+${seenByFrank.grace.length}, ` +
    `Grace sees ${seenByGrace.frank.length}+${seenByGrace.grace.length} of ${perSide}+${perSide}`);
  assert.deepEqual(seenByFrank.frank, frankAll,
    `Frank sees her own messages once, in order: ${differences(seenByFrank.frank, frankAll)}`);
  assert.deepEqual(seenByFrank.grace, graceAll,
    `Frank gets Grace's messages once, in order: ${differences(seenByFrank.grace, graceAll)}`);
  assert.deepEqual(seenByGrace.frank, frankAll,
    `Grace gets Frank's messages once, in order: ${differences(seenByGrace.frank, frankAll)}`);
  assert.deepEqual(seenByGrace.grace, graceAll,
    `Grace sees his own messages once, in order: ${differences(seenByGrace.grace, graceAll)}`);
  await frankPage.locator('[data-testid=chat-message][data-state=pending]').waitFor({ state: 'detached' });
  assert.deepEqual(frankPage.errors, []);
  await new RosterPage(frankPage).logOut();
  await new RosterPage(gracePage).logOut();
}

test('a 5 s network cut while both sides send 200 messages: resumed, nothing lost or doubled', async (t) => {
  await cutWhileChatting(t, { tag: `cut5-${Date.now()}`, cutSeconds: 5, perSide: 200, session: 'resumed' });
});

test('a 60 s network cut outlives the server\'s session: a fresh one, nothing lost or doubled',
  { timeout: 240_000 }, async (t) => {
    await cutWhileChatting(t, { tag: `cut60-${Date.now()}`, cutSeconds: 60, perSide: 200, session: 'fresh' });
  });
