// A network cut while both sides keep writing: Frank's link to the server goes down (every
// connection reset, new ones refused) while she sends and Grace sends to her. Once the link is
// back, Palaver reconnects by itself and every message arrives exactly once, in order, on both
// sides: a short cut resumes the stream (XEP-0198), a cut longer than the server keeps the
// session (30 s hibernation in our Prosody config) starts a fresh one and resends what the
// server never acknowledged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
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

/** This run's bodies as the conversation shows them, split by author. The list keeps a bounded
 * window of rows in the DOM (older ones above and newer ones below are dropped as the reader
 * moves): scroll up to the run's first messages, then read down to the end, collecting rows by
 * their id in the order they come. A message shown twice (two rows with one body) counts twice. */
async function shown(page, tag) {
  const list = page.getByTestId('message-list');
  const first = [`${tag}-frank-001`, `${tag}-grace-001`];
  for (let scrolls = 0; scrolls < 60; scrolls += 1) {
    const found = await page.getByTestId('message-body').evaluateAll(
      (bodies, wanted) => wanted.every((w) => bodies.some((b) => b.textContent === w)), first);
    if (found) break;
    await list.evaluate((l) => { l.scrollTop = 0; });
    await page.waitForTimeout(150);
  }
  const seen = new Map();
  for (let steps = 0; steps < 200; steps += 1) {
    const rows = await page.getByTestId('chat-message').evaluateAll((rows) => rows.map((row) => ({
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
    const atEnd = await list.evaluate((l) => l.scrollHeight - l.scrollTop - l.clientHeight < 4);
    if (atEnd && rows.length > 0) {
      const more = await list.evaluate((l) => { const before = l.scrollHeight; l.scrollTop = l.scrollHeight; return before; });
      await page.waitForTimeout(150);
      if ((await list.evaluate((l) => l.scrollHeight)) === more) break;
      continue;
    }
    await list.evaluate((l) => { l.scrollTop += Math.floor(l.clientHeight * 0.8); });
    await page.waitForTimeout(100);
  }
  const mine = [...seen.values()].flatMap(({ row, times }) => Array(times).fill(row))
    .filter((row) => row.body.startsWith(`${tag}-`));
  return {
    frank: mine.filter((r) => r.from === 'frank@localhost').map((r) => r.body),
    grace: mine.filter((r) => r.from === 'grace@localhost').map((r) => r.body),
  };
}

/** Waits until both authors' last bodies show on `page`. The list keeps only the newest rows
 * in the page, and one author's last message may be far above the other's: scroll up to bring
 * older rows back while waiting. */
async function waitForBoth(chat, frankLast, graceLast) {
  const wanted = [frankLast, graceLast];
  for (let tries = 0; tries < 300; tries += 1) {
    const found = await chat.page.getByTestId('message-body').evaluateAll(
      (bodies, w) => w.every((text) => bodies.some((b) => b.textContent === text)), wanted);
    if (found) break;
    if (tries % 5 === 4) await chat.page.getByTestId('message-list').evaluate((list) => { list.scrollTop = 0; });
    await chat.page.waitForTimeout(200);
  }
  await chat.waitForMessage('frank@localhost', frankLast);
  await chat.waitForMessage('grace@localhost', graceLast);
}

async function cutWhileChatting(t, { tag, cutSeconds, perSide, session }) {
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
  await waitForBoth(frank, frankAll.at(-1), graceAll.at(-1));
  await waitForBoth(grace, frankAll.at(-1), graceAll.at(-1));
  const seenByFrank = await shown(frankPage, tag);
  const seenByGrace = await shown(gracePage, tag);
  t.diagnostic(`cut ${cutSeconds}s: back online ${backAfter} ms after the link returned; ` +
    `Frank sees ${seenByFrank.frank.length}+${seenByFrank.grace.length}, ` +
    `Grace sees ${seenByGrace.frank.length}+${seenByGrace.grace.length} of ${perSide}+${perSide}`);
  assert.deepEqual(seenByFrank.frank, frankAll, 'Frank sees her own messages once, in order');
  assert.deepEqual(seenByFrank.grace, graceAll, "Frank gets Grace's messages once, in order");
  assert.deepEqual(seenByGrace.frank, frankAll, "Grace gets Frank's messages once, in order");
  assert.deepEqual(seenByGrace.grace, graceAll, 'Grace sees his own messages once, in order');
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
