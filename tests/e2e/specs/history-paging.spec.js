// Long history pages in from the archive (XEP-0313), newest first: opening the conversation
// shows the last 50 messages; scrolling to the top loads the 50 before them without moving
// what the reader was looking at, until the archive has nothing older. Bob and Eve talk
// nowhere else in the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const COUNT = 120;

/** Scrolls the message list to its top and waits for the page it asks for to arrive. */
async function scrollToTop(page) {
  const shown = await page.getByTestId('message-body').count();
  await page.getByTestId('message-list').evaluate((l) => { l.scrollTop = 0; });
  await page.waitForFunction((before) =>
    document.querySelectorAll('[data-testid=message-body]').length > before, shown);
  await page.locator('[data-testid=message-list]:not([data-history=loading])').waitFor();
}

test('scrolling up pages older messages in, in order, until the start', async () => {
  const tag = `page-${Date.now()}`;
  const bodies = Array.from({ length: COUNT }, (_, i) => `${tag}-${String(i + 1).padStart(3, '0')}`);
  const evePage = await logInAs(chromium.browser, 'eve');
  const bobPage = await logInAs(chromium.browser, 'bob');
  const eve = new ChatPage(evePage);
  await eve.open('bob@localhost');
  for (const body of bodies) await eve.sendWithEnter(body);
  await new ChatPage(bobPage).open('eve@localhost');
  await new ChatPage(bobPage).waitForMessage('eve@localhost', bodies.at(-1));
  await new RosterPage(bobPage).logOut();
  await new RosterPage(evePage).logOut();

  // A new session: the conversation starts from the archive alone.
  const page = await logInAs(chromium.browser, 'bob');
  const chat = new ChatPage(page);
  await chat.open('eve@localhost');
  await page.locator('[data-testid=message-list][data-history=more]').waitFor();
  assert.deepEqual(await chat.bodies(), bodies.slice(-50), 'the newest page');

  const reading = page.getByTestId('message-body').getByText(bodies.at(-50), { exact: true });
  await scrollToTop(page);
  assert.deepEqual(await chat.bodies(), bodies.slice(-100), 'one page older, in front');
  // The message that was on top is still in view: the list did not jump to the new top.
  const listBox = await page.getByTestId('message-list').boundingBox();
  const readingBox = await reading.boundingBox();
  assert.ok(readingBox.y >= listBox.y && readingBox.y < listBox.y + listBox.height,
    `the message read before stays visible (${readingBox.y} in ${listBox.y}…${listBox.y + listBox.height})`);

  // Down to the start of the archive (a reused test server may hold older runs too).
  for (let pages = 0; await page.getByTestId('history-more').count() > 0; pages += 1) {
    assert.ok(pages < 20, 'the archive ends');
    await scrollToTop(page);
  }
  const ours = (await chat.bodies()).filter((body) => body.startsWith(tag));
  assert.deepEqual(ours, bodies, 'everything, once, oldest first');
  assert.equal(await page.getByTestId('history-more').count(), 0, 'nothing more to offer');
  assert.deepEqual(page.errors, []);
  await new RosterPage(page).logOut();
});
