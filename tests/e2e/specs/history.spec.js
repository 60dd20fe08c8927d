// Bob and Dave talk nowhere else in the suite, so this conversation starts empty.
// History: after logging out and in again, opening a conversation shows its archived messages
// (XEP-0313) in order, once, and new messages continue below them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

test('a conversation reopened in a new session shows its history once', async () => {
  const bobPage = await logInAs(chromium.browser, 'bob');
  const bobChat = new ChatPage(bobPage);
  await bobChat.open('dave@localhost');
  // Dave is offline: the archive (and offline storage) keep these.
  await bobChat.sendWithEnter('history one');
  await bobChat.sendWithEnter('history two');
  await bobChat.waitForMessage('bob@localhost', 'history two');
  await new RosterPage(bobPage).logOut();

  const davePage = await logInAs(chromium.browser, 'dave');
  const daveChat = new ChatPage(davePage);
  await daveChat.open('bob@localhost');
  await daveChat.waitForMessage('bob@localhost', 'history one');
  await daveChat.waitForMessage('bob@localhost', 'history two');
  await daveChat.sendWithEnter('got them');
  await daveChat.waitForMessage('dave@localhost', 'got them');
  // Offline delivery and the archive both had Bob's messages: each shows once.
  assert.deepEqual(await daveChat.bodies(), ['history one', 'history two', 'got them']);
  await new RosterPage(davePage).logOut();

  // A new session of Bob's: the archive brings back both sides, in order.
  const bobAgain = await logInAs(chromium.browser, 'bob');
  const chatAgain = new ChatPage(bobAgain);
  await chatAgain.open('dave@localhost');
  // 'got them' also arrives from offline storage at login, before the archive answers: wait
  // for the archived part too.
  await chatAgain.waitForMessage('bob@localhost', 'history one');
  await chatAgain.waitForMessage('dave@localhost', 'got them');
  assert.deepEqual(await chatAgain.bodies(), ['history one', 'history two', 'got them']);
  const fromAttrs = await bobAgain.getByTestId('chat-message')
    .evaluateAll((rows) => rows.map((r) => r.dataset.from));
  assert.deepEqual(fromAttrs, ['bob@localhost', 'bob@localhost', 'dave@localhost']);
  assert.match(await bobAgain.locator('.message').first().getAttribute('class'), /outgoing/);

  // Leaving and reopening the conversation does not load it twice.
  await chatAgain.open('carol@localhost');
  await chatAgain.open('dave@localhost');
  await chatAgain.waitForMessage('dave@localhost', 'got them');
  assert.equal((await chatAgain.bodies()).length, 3);
  assert.deepEqual(bobAgain.errors, []);
  await new RosterPage(bobAgain).logOut();
});
