// The conversation list: newest first, the last message and the unread count; opening a
// conversation reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();

test('conversations list newest first with previews and unread counts', async () => {
  const alicePage = await logInAs(chromium.browser, 'alice');
  const bobPage = await logInAs(chromium.browser, 'bob');
  const carolPage = await logInAs(chromium.browser, 'carol');
  const bob = new ChatPage(bobPage);
  const carol = new ChatPage(carolPage);
  await bob.open('alice@localhost');
  await carol.open('alice@localhost');
  await bob.sendWithEnter('bob one');
  await bob.sendWithEnter('bob two');
  const items = alicePage.getByTestId('conversation-item');
  await alicePage.locator('[data-testid=conversation-item][data-jid="bob@localhost"]', { hasText: 'bob two' }).waitFor();
  await carol.sendWithEnter('carol last');
  await alicePage.locator('[data-testid=conversation-item][data-jid="carol@localhost"]', { hasText: 'carol last' }).waitFor();

  assert.deepEqual(await items.evaluateAll((rows) => rows.map((r) => r.dataset.jid)),
    ['carol@localhost', 'bob@localhost'], 'newest first');
  const bobItem = items.filter({ has: alicePage.locator('[data-jid="bob@localhost"]') });
  assert.equal(await alicePage.locator('[data-testid=conversation-item][data-jid="bob@localhost"] [data-testid=conversation-unread]').textContent(), '2');

  await alicePage.locator('[data-testid=conversation-item][data-jid="bob@localhost"] button').click();
  await new ChatPage(alicePage).waitForMessage('bob@localhost', 'bob two');
  await alicePage.locator('[data-testid=conversation-item][data-jid="bob@localhost"] [data-testid=conversation-unread]')
    .waitFor({ state: 'detached' });
  await new ChatPage(alicePage).sendWithEnter('alice answers');
  await alicePage.locator('[data-testid=conversation-item][data-jid="bob@localhost"]', { hasText: 'You: alice answers' }).waitFor();
  assert.deepEqual(await items.evaluateAll((rows) => rows.map((r) => r.dataset.jid)),
    ['bob@localhost', 'carol@localhost'], 'the answered one moves up');
  void bobItem;
  assert.deepEqual(alicePage.errors, []);
  for (const page of [alicePage, bobPage, carolPage]) await new RosterPage(page).logOut();
});

test('on a phone: the chats list, one pane at a time, back to the list', async () => {
  const phone = { width: 390, height: 844 };
  const alicePage = await logInAs(chromium.browser, 'alice', { viewport: phone });
  const davePage = await logInAs(chromium.browser, 'dave');
  const dave = new ChatPage(davePage);
  await dave.open('alice@localhost');
  await dave.sendWithEnter('phone ping');
  const item = alicePage.locator('[data-testid=conversation-item][data-jid="dave@localhost"]');
  await item.filter({ hasText: 'phone ping' }).waitFor();
  assert.equal(await item.getByTestId('conversation-unread').textContent(), '1');
  await item.locator('button').click();
  const chat = new ChatPage(alicePage);
  await chat.waitForMessage('dave@localhost', 'phone ping');
  assert.equal(await alicePage.getByTestId('conversation-list').isVisible(), false, 'the chat has the screen');
  await chat.sendWithEnter('phone pong');
  await dave.waitForMessage('alice@localhost', 'phone pong');
  await alicePage.getByTestId('chat-back').click();
  await item.filter({ hasText: 'You: phone pong' }).waitFor();
  assert.equal(await item.getByTestId('conversation-unread').count(), 0);
  assert.deepEqual(alicePage.errors, []);
  await new RosterPage(alicePage).logOut();
  await new RosterPage(davePage).logOut();
});
