// Two devices of one account (XEP-0280 carbons): what one sends shows on the other as sent by
// us, and both see the reply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPalaver } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a conversation looks the same on two devices of the same user', async () => {
  const laptop = await openPalaver(browser);
  const phone = await openPalaver(browser, { viewport: { width: 390, height: 844 } });
  const eve = await openPalaver(browser);
  await new LoginPage(laptop).logInAndWait('carol@localhost', 'carol');
  await new LoginPage(phone).logInAndWait('carol@localhost', 'carol');
  await new LoginPage(eve).logInAndWait('eve@localhost', 'eve');

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
