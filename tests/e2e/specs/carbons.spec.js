// Two devices of one account (XEP-0280 carbons): what one sends shows on the other as sent by
// us, and both see the reply; after the phone reloads, the archive brings the conversation
// back with each message once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

test('a conversation looks the same on two devices of the same user', async () => {
  // Unique texts: a reused test server keeps earlier runs in the archive.
  const sent = `sent from the laptop ${Date.now()}`;
  const reply = `hello both of you ${Date.now()}`;
  const laptop = await logInAs(chromium.browser, 'carol');
  const phone = await logInAs(chromium.browser, 'carol', { viewport: { width: 390, height: 844 } });
  const eve = await logInAs(chromium.browser, 'eve');

  // Eve is not in Carol's roster: carbons work for any correspondent.
  const laptopChat = new ChatPage(laptop);
  const phoneChat = new ChatPage(phone);
  await laptopChat.open('eve@localhost');
  await phoneChat.open('eve@localhost');
  await laptopChat.sendWithEnter(sent);
  const copy = await phoneChat.waitForMessage('carol@localhost', sent);
  assert.match(await copy.getAttribute('class'), /outgoing/);

  const eveChat = new ChatPage(eve);
  await eveChat.open('carol@localhost');
  await eveChat.waitForMessage('carol@localhost', sent);
  await eveChat.sendWithEnter(reply);
  await laptopChat.waitForMessage('eve@localhost', reply);
  await phoneChat.waitForMessage('eve@localhost', reply);

  for (const chat of [laptopChat, phoneChat]) {
    const bodies = await chat.bodies();
    assert.equal(bodies.filter((b) => b === sent).length, 1);
    assert.equal(bodies.filter((b) => b === reply).length, 1);
  }
  assert.deepEqual(laptop.errors, []);
  assert.deepEqual(phone.errors, []);

  // The phone reloads (no "keep me logged in": it logs in again) and reopens the conversation.
  await phone.reload();
  await new LoginPage(phone).logInAndWait('carol@localhost', 'carol');
  await phoneChat.open('eve@localhost');
  await phone.locator('[data-testid=message-list]:not([data-history=loading])').waitFor();
  await phoneChat.waitForMessage('eve@localhost', reply);
  const afterReload = await phoneChat.bodies();
  assert.equal(afterReload.filter((b) => b === sent).length, 1);
  assert.equal(afterReload.filter((b) => b === reply).length, 1);
  const mine = phone.locator('[data-testid=chat-message][data-from="carol@localhost"]', { hasText: sent });
  assert.match(await mine.getAttribute('class'), /outgoing/);

  await new RosterPage(eve).logOut();
  await new RosterPage(phone).logOut();
  await new RosterPage(laptop).logOut();
});
