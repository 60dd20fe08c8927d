// Two users chat both ways; own and received messages are told apart; Shift+Enter breaks lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

test('alice and bob exchange messages both ways', async () => {
  const alicePage = await logInAs(chromium.browser, 'alice');
  const bobPage = await logInAs(chromium.browser, 'bob');
  const aliceRoster = new RosterPage(alicePage);
  const bobRoster = new RosterPage(bobPage);
  await aliceRoster.waitForPresence('bob@localhost', 'online');

  // Alice opens the chat from her roster and sends with Enter.
  await aliceRoster.openChat('bob@localhost');
  const aliceChat = new ChatPage(alicePage);
  assert.equal(await aliceChat.title.textContent(), 'Bob');
  await aliceChat.sendWithEnter('Hi Bob! <b>not bold</b> & fine');
  const sent = await aliceChat.waitForMessage('alice@localhost', 'Hi Bob! <b>not bold</b> & fine');
  // "sent" at once, "delivered" as soon as Bob's client acknowledges it (receipts.spec covers it).
  assert.match(await sent.getAttribute('data-state'), /^(sent|delivered)$/);
  assert.match(await sent.getAttribute('class'), /outgoing/);
  assert.equal(await aliceChat.input.inputValue(), '');

  // Bob sees an unread badge on Alice, then opens the chat by route.
  await bobRoster.contact('alice@localhost').getByTestId('unread-badge').waitFor();
  const bobChat = new ChatPage(bobPage);
  await bobChat.open('alice@localhost');
  const received = await bobChat.waitForMessage('alice@localhost', 'Hi Bob! <b>not bold</b> & fine');
  assert.match(await received.getAttribute('class'), /incoming/);
  assert.equal(await bobPage.locator('.message .body b').count(), 0, 'markup from the network is text');
  assert.equal(await bobRoster.contact('alice@localhost').getByTestId('unread-badge').count(), 0);

  // Bob replies with the Send button; Shift+Enter makes a two-line message.
  await bobChat.sendWithButton('Hello Alice');
  await aliceChat.waitForMessage('bob@localhost', 'Hello Alice');
  await bobChat.input.fill('line one');
  await bobChat.input.press('Shift+Enter');
  await bobChat.input.pressSequentially('line two');
  assert.equal(await bobChat.input.inputValue(), 'line one\nline two');
  await bobChat.input.press('Enter');
  await aliceChat.waitForMessage('bob@localhost', 'line one\nline two');

  // Older history from the archive may come first; this conversation ends with exactly these.
  const bodies = await aliceChat.bodies();
  const ours = ['Hi Bob! <b>not bold</b> & fine', 'Hello Alice', 'line one\nline two'];
  assert.deepEqual(bodies.slice(-3), ours);
  for (const body of ours) assert.equal(bodies.filter((b) => b === body).length, 1, body);
  // Switching to another conversation and back keeps the history.
  await aliceRoster.openChat('carol@localhost');
  await alicePage.locator('[data-testid=chat-title]', { hasText: 'Carol' }).waitFor();
  assert.ok(!(await aliceChat.bodies()).includes('Hello Alice'));
  await aliceRoster.openChat('bob@localhost');
  await alicePage.locator('[data-testid=chat-title]', { hasText: 'Bob' }).waitFor();
  await aliceChat.waitForMessage('bob@localhost', 'line one\nline two');
  assert.deepEqual(await aliceChat.bodies(), bodies);
  assert.deepEqual(alicePage.errors, []);
  assert.deepEqual(bobPage.errors, []);
  await new RosterPage(bobPage).logOut();
  await aliceRoster.logOut();
});
