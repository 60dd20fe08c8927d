// A network cut while both sides keep writing: Carol's link to the server goes down (every
// connection reset, new ones refused) while she sends and Dave sends to her. Once the link is
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

/** `count` bodies like "tag-carol-007". */
function numbered(tag, who, from, count) {
  return Array.from({ length: count }, (_, i) => `${tag}-${who}-${String(from + i).padStart(3, '0')}`);
}

async function sendAll(chat, bodies) {
  for (const body of bodies) await chat.sendWithEnter(body);
}

/** This run's bodies as shown, split by author. */
async function shown(page, tag) {
  const rows = await page.getByTestId('chat-message').evaluateAll((rows) => rows.map((row) => ({
    from: row.dataset.from,
    body: row.querySelector('[data-testid=message-body]')?.textContent ?? '',
  })));
  const mine = rows.filter((row) => row.body.startsWith(`${tag}-`));
  return {
    carol: mine.filter((r) => r.from === 'carol@localhost').map((r) => r.body),
    dave: mine.filter((r) => r.from === 'dave@localhost').map((r) => r.body),
  };
}

/** Waits until both authors' last bodies show on `page`. */
async function waitForBoth(chat, carolLast, daveLast) {
  await chat.waitForMessage('carol@localhost', carolLast);
  await chat.waitForMessage('dave@localhost', daveLast);
}

async function cutWhileChatting(t, { tag, cutSeconds, perSide, session }) {
  const carolPage = await logInAs(chromium.browser, 'carol', { config: { websocketUrl: link.websocketUrl() } });
  const davePage = await logInAs(chromium.browser, 'dave');
  const carol = new ChatPage(carolPage);
  const dave = new ChatPage(davePage);
  await carol.open('dave@localhost');
  await dave.open('carol@localhost');

  const half = perSide / 2;
  const carolBefore = numbered(tag, 'carol', 1, half);
  const carolDuring = numbered(tag, 'carol', half + 1, half);
  const daveAll = numbered(tag, 'dave', 1, perSide);

  // Carol writes half, and the link drops right behind the last one: some may not have
  // reached the server, some acks never come back.
  await sendAll(carol, carolBefore);
  link.cut();
  const cutAt = Date.now();
  await carolPage.locator(RECONNECTING).waitFor();
  // Both keep writing while Carol is cut off: hers wait as pending, Dave's wait on the server.
  await Promise.all([sendAll(carol, carolDuring), sendAll(dave, daveAll)]);
  const pending = await carolPage.locator('[data-testid=chat-message][data-state=pending]').count();
  assert.ok(pending >= half, `Carol's messages written offline are pending (${pending})`);
  const wait = cutSeconds * 1000 - (Date.now() - cutAt);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  link.restore();
  const restoredAt = Date.now();
  await carolPage.locator(ONLINE).waitFor({ timeout: 45_000 });
  const backAfter = Date.now() - restoredAt;
  assert.equal(await carolPage.getByTestId('connection-status').getAttribute('data-session'), session);

  const carolAll = [...carolBefore, ...carolDuring];
  await waitForBoth(carol, carolAll.at(-1), daveAll.at(-1));
  await waitForBoth(dave, carolAll.at(-1), daveAll.at(-1));
  const seenByCarol = await shown(carolPage, tag);
  const seenByDave = await shown(davePage, tag);
  t.diagnostic(`cut ${cutSeconds}s: back online ${backAfter} ms after the link returned; ` +
    `Carol sees ${seenByCarol.carol.length}+${seenByCarol.dave.length}, ` +
    `Dave sees ${seenByDave.carol.length}+${seenByDave.dave.length} of ${perSide}+${perSide}`);
  assert.deepEqual(seenByCarol.carol, carolAll, 'Carol sees her own messages once, in order');
  assert.deepEqual(seenByCarol.dave, daveAll, "Carol gets Dave's messages once, in order");
  assert.deepEqual(seenByDave.carol, carolAll, "Dave gets Carol's messages once, in order");
  assert.deepEqual(seenByDave.dave, daveAll, 'Dave sees his own messages once, in order');
  await carolPage.locator('[data-testid=chat-message][data-state=pending]').waitFor({ state: 'detached' });
  assert.deepEqual(carolPage.errors, []);
  await new RosterPage(carolPage).logOut();
  await new RosterPage(davePage).logOut();
}

test('a 5 s network cut while both sides send 200 messages: resumed, nothing lost or doubled', async (t) => {
  await cutWhileChatting(t, { tag: `cut5-${Date.now()}`, cutSeconds: 5, perSide: 200, session: 'resumed' });
});

test('a 60 s network cut outlives the server\'s session: a fresh one, nothing lost or doubled',
  { timeout: 240_000 }, async (t) => {
    await cutWhileChatting(t, { tag: `cut60-${Date.now()}`, cutSeconds: 60, perSide: 200, session: 'fresh' });
  });
