// Two devices of one account (XEP-0280 carbons): what one sends shows on the other as sent by
// us, and both see the reply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

test('a conversation looks the same on two devices of the same user', async () => {
  const laptop = await logInAs(chromium.browser, 'carol');
  const phone = await logInAs(chromium.browser, 'carol', { viewport: { width: 390, height: 844 } });
  const eve = await logInAs(chromium.browser, 'eve');

  // Eve is not in Carol's roster: carbons work for any correspondent.
  const laptopChat = new ChatPage(laptop);
  const phoneChat = new ChatPage(phone);
  await laptopChat.open('eve@localhost');
  await phoneChat.open('eve@localhost');
  await laptopChat.sendWithEnter('sent from the laptop');
  const copy = await phoneChat.waitForMessage('carol@localhost', 'sent from the laptop');
  assert.match(await copy.getAttribute('class'), /outgoing/);

  const eveChat = new ChatPage(eve);
  await eveChat.open('carol@localhost');
  await eveChat.waitForMessage('carol@localhost', 'sent from the laptop');
  await eveChat.sendWithEnter('hello both of you');
  await laptopChat.waitForMessage('eve@localhost', 'hello both of you');
  await phoneChat.waitForMessage('eve@localhost', 'hello both of you');

  for (const chat of [laptopChat, phoneChat]) {
    const bodies = await chat.bodies();
    assert.equal(bodies.filter((b) => b === 'sent from the laptop').length, 1);
    assert.equal(bodies.filter((b) => b === 'hello both of you').length, 1);
  }
  assert.deepEqual(laptop.errors, []);
  assert.deepEqual(phone.errors, []);
  await new RosterPage(eve).logOut();
  await new RosterPage(phone).logOut();
  await new RosterPage(laptop).logOut();
});
