// Long history pages in from the archive (XEP-0313), newest first: opening the conversation
// shows the last 50 messages; scrolling to the top shows the 50 before them without moving
// what the reader was looking at, again and again, until the archive has nothing older. The
// conversation is longer than the most rows the page keeps (300), so later pages push rows out
// at the bottom: the list no longer grows, and only keeping the reader's row in place lets the
// next scroll to the top happen at all. Kate and Leo (each other's contacts) talk nowhere else in
// the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, WEBSOCKET_URL } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { connect } from '../../bench/bot.js';

const chromium = useBrowser();
const COUNT = 420;
/** The most message rows Palaver keeps in the page (src/ui/chat/message_window.rs). */
const MAX_ROWS = 300;

/**
 * Scrolls the message list to its top, as a reader does, and waits until older rows are shown
 * in front (from the page or from the archive) and drawn, or the archive says it has nothing
 * older (then "Load earlier messages" goes away). Returns the row that was first then:
 * its id, its text, and where it was on screen at the top (read in the same task as the scroll,
 * before Palaver has seen the scroll event).
 */
async function scrollToTop(page) {
  const before = await page.getByTestId('message-list').evaluate((l) => {
    l.scrollTop = 0;
    const row = l.querySelector('[data-testid=chat-message]');
    return {
      id: row.dataset.id,
      body: row.querySelector('[data-testid=message-body]').textContent,
      top: row.getBoundingClientRect().top,
    };
  });
  await page.waitForFunction((id) =>
    document.querySelector('[data-testid=chat-message]')?.dataset.id !== id
    || !document.querySelector('[data-testid=history-more]'), before.id);
  await page.locator('[data-testid=message-list]:not([data-history=loading])').waitFor();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return before;
}

/** Kate writes `COUNT` numbered messages to Leo from a bare client; returns their bodies. With
 * `receiptsAfter`, after that many messages she sends `receipts` delivery receipts and read
 * markers (XEP-0184, XEP-0333) without a body, which the server archives too. */
async function kateWrites(tag, { receiptsAfter = -1, receipts = 0 } = {}) {
  const bodies = Array.from({ length: COUNT }, (_, i) => `${tag}-${String(i + 1).padStart(3, '0')}`);
  const kate = await connect(WEBSOCKET_URL, 'kate', 'kate', { presence: false });
  bodies.forEach((body, i) => {
    if (i === receiptsAfter) {
      for (let r = 0; r < receipts; r += 1) {
        const mark = r % 2 ? `<displayed xmlns="urn:xmpp:chat-markers:0" id="leo-${r}"/>`
          : `<received xmlns="urn:xmpp:receipts" id="leo-${r}"/>`;
        kate.send(`<message xmlns="jabber:client" to="leo@localhost" type="chat" id="${tag}-r${r}">${mark}</message>`);
      }
    }
    kate.send(
      `<message xmlns="jabber:client" to="leo@localhost" type="chat" id="${tag}-${i + 1}"><body>${body}</body></message>`);
  });
  await kate.close(); // the server answers our <close/> after everything sent before it
  return bodies;
}

/**
 * Scrolls to the top again and again until the archive has nothing older, checking at every
 * step: at most MAX_ROWS rows, ours in order, the row that was first still where it was on
 * screen. Every one of `bodies` must have been shown on the way.
 */
async function readBackToTheStart(page, tag, bodies) {
  const chat = new ChatPage(page);
  const seen = new Set(await chat.bodies());
  // (A reused test server may hold older runs too: on to the archive's own start.)
  for (let pages = 0; await page.getByTestId('history-more').count() > 0; pages += 1) {
    assert.ok(pages < 80, 'the archive ends');
    const before = await scrollToTop(page);
    const shown = await chat.bodies();
    shown.forEach((body) => seen.add(body));
    assert.ok(shown.length <= MAX_ROWS, `at most ${MAX_ROWS} rows (${shown.length})`);
    const ours = shown.filter((body) => body.startsWith(tag));
    assert.deepEqual(ours, [...ours].sort(), 'oldest first, no gap or repeat');
    if (shown[0] === before.body) continue; // the start: nothing older was left to show
    const row = page.locator(`[data-testid=chat-message][data-id="${before.id}"]`);
    const top = await row.evaluate((r) => r.getBoundingClientRect().top);
    assert.ok(Math.abs(top - before.top) <= 2,
      `"${before.body}" stays in place (${before.top} → ${top}) after ${pages + 1} pages`);
  }
  assert.deepEqual(bodies.filter((body) => !seen.has(body)), [], 'every message was shown');
  assert.deepEqual(page.errors, []);
}

test('scrolling up pages the archive in, in order, the reader\'s row kept in place, until the start', async () => {
  const tag = `page-${Date.now()}`;
  const bodies = await kateWrites(tag);
  // Leo gets them (offline delivery) and leaves.
  const first = await logInAs(chromium.browser, 'leo');
  await new ChatPage(first).open('kate@localhost');
  await new ChatPage(first).waitForMessage('kate@localhost', bodies.at(-1));
  await new RosterPage(first).logOut();

  // A new session: the conversation starts from the archive alone, a page of 50 at a time.
  const page = await logInAs(chromium.browser, 'leo');
  const chat = new ChatPage(page);
  await chat.open('kate@localhost');
  await page.locator('[data-testid=message-list][data-history=more]').waitFor();
  assert.deepEqual(await chat.bodies(), bodies.slice(-50), 'the newest page');
  await readBackToTheStart(page, tag, bodies);
  await new RosterPage(page).logOut();
});

test('messages delivered while away, then the archive before them: scrolling up reaches the start', async () => {
  const tag = `away-${Date.now()}`;
  const bodies = await kateWrites(tag);
  // All of them arrive at login (offline delivery); the archive holds them too, and older ones.
  const page = await logInAs(chromium.browser, 'leo');
  const chat = new ChatPage(page);
  await chat.open('kate@localhost');
  await chat.waitForMessage('kate@localhost', bodies.at(-1));
  await readBackToTheStart(page, tag, bodies);
  await new RosterPage(page).logOut();
});

test('a stretch of the archive longer than a page with only receipts and read markers does not stop the paging', async () => {
  const tag = `marks-${Date.now()}`;
  // 150 archived receipts and markers in the middle: three pages that show no message.
  const bodies = await kateWrites(tag, { receiptsAfter: 200, receipts: 150 });
  const first = await logInAs(chromium.browser, 'leo');
  await new ChatPage(first).open('kate@localhost');
  await new ChatPage(first).waitForMessage('kate@localhost', bodies.at(-1));
  await new RosterPage(first).logOut();

  const page = await logInAs(chromium.browser, 'leo');
  await new ChatPage(page).open('kate@localhost');
  await page.locator('[data-testid=message-list][data-history=more]').waitFor();
  await readBackToTheStart(page, tag, bodies);
  await new RosterPage(page).logOut();
});
