// Two devices of one account (XEP-0280 carbons): what either sends shows on the other as sent
// by us, both see the replies, and the two show the same conversation: the same messages, in
// the same order, with the same delivery states. After the phone reloads, the archive brings
// the conversation back with each message once, in the same order.
// Frank and Grace are each other's contacts, so receipts and read markers flow (a stranger is
// never asked for them, and every message would stay "sent").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage, conversationRows } from '../pages/chat-page.js';
import { eventuallyDeepEqual } from '../pages/poll.js';

const chromium = useBrowser();

test('a conversation looks the same on two devices of the same user', async () => {
  // A unique tag: a reused test server keeps earlier runs in the archive.
  const tag = `carbons-${Date.now()}`;
  const laptop = await logInAs(chromium.browser, 'frank');
  const phone = await logInAs(chromium.browser, 'frank', { viewport: { width: 390, height: 844 } });
  const gracePage = await logInAs(chromium.browser, 'grace');
  const laptopChat = new ChatPage(laptop);
  const phoneChat = new ChatPage(phone);
  const grace = new ChatPage(gracePage);
  await laptopChat.open('grace@localhost');
  await phoneChat.open('grace@localhost');
  await grace.open('frank@localhost');

  // Both devices write and Grace answers, in turns, so the order is known.
  const turns = [
    [laptopChat, 'frank@localhost', `${tag} 1 from the laptop`],
    [grace, 'grace@localhost', `${tag} 2 from Grace`],
    [phoneChat, 'frank@localhost', `${tag} 3 from the phone`],
    [laptopChat, 'frank@localhost', `${tag} 4 from the laptop again`],
    [grace, 'grace@localhost', `${tag} 5 from Grace again`],
  ];
  for (const [chat, from, body] of turns) {
    await chat.sendWithEnter(body);
    for (const reader of [laptopChat, phoneChat, grace]) await reader.waitForMessage(from, body);
  }
  const expected = turns.map(([, from, body]) => ({ from, body }));

  // Grace has the conversation on screen, so each of Frank's messages ends up read: the device
  // that sent it learns it from her marker, the other from the marker's carbon copy.
  for (const [, from, body] of turns.filter(([, from]) => from === 'frank@localhost')) {
    await laptop.locator(`[data-testid=chat-message][data-from="${from}"][data-state=read]`, { hasText: body }).waitFor();
  }
  const laptopRows = await eventuallyDeepEqual(() => conversationRows(laptop, tag),
    () => conversationRows(phone, tag), 'the phone shows what the laptop shows');
  assert.deepEqual(laptopRows.map(({ from, body }) => ({ from, body })), expected, 'each message once, in order');
  for (const row of laptopRows) {
    const mine = row.from === 'frank@localhost';
    assert.equal(row.outgoing, mine, `${row.body} is on ${mine ? 'our' : "Grace's"} side`);
    if (mine) assert.equal(row.state, 'read', `${row.body} is read`);
  }
  // Grace sees the same messages with the same ids.
  assert.deepEqual((await conversationRows(gracePage, tag)).map(({ id, from, body }) => ({ id, from, body })),
    laptopRows.map(({ id, from, body }) => ({ id, from, body })));

  // The phone reloads (no "keep me logged in": it logs in again) and reopens the conversation:
  // from the archive, the same messages in the same order, ours on our side. (The archive
  // keeps no delivery states, so those are not compared.)
  await phone.reload();
  await new LoginPage(phone).logInAndWait('frank@localhost', 'frank');
  await phoneChat.open('grace@localhost');
  await phone.locator('[data-testid=message-list]:not([data-history=loading])').waitFor();
  await phoneChat.waitForMessage('grace@localhost', turns.at(-1)[2]);
  const withoutState = (rows) => rows.map(({ id, from, body, outgoing }) => ({ id, from, body, outgoing }));
  assert.deepEqual(withoutState(await conversationRows(phone, tag)), withoutState(laptopRows));

  await new RosterPage(gracePage).logOut();
  await new RosterPage(phone).logOut();
  await new RosterPage(laptop).logOut();
});
