// Delivery receipts (XEP-0184) turn a sent message "delivered", and a read marker (XEP-0333)
// "read" once the contact has the conversation on screen; typing (XEP-0085) shows on the other
// side while the contact writes, and goes away when the message arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

test('sent messages become delivered, then read, and typing is shown', async () => {
  const carolPage = await logInAs(chromium.browser, 'carol');
  const davePage = await logInAs(chromium.browser, 'dave');
  await new RosterPage(carolPage).waitForPresence('dave@localhost', 'online');
  const carol = new ChatPage(carolPage);
  const dave = new ChatPage(davePage);
  await carol.open('dave@localhost');

  // Dave's client gets it (a receipt) before he opens the conversation (a read marker).
  await carol.sendWithEnter('Did you get this?');
  const sent = await carol.waitForMessage('carol@localhost', 'Did you get this?');
  const sentId = await sent.getAttribute('data-id');
  await carolPage.locator(`[data-testid=chat-message][data-id="${sentId}"][data-state=delivered]`).waitFor();
  await dave.open('carol@localhost');
  await dave.waitForMessage('carol@localhost', 'Did you get this?');
  await carolPage.locator(`[data-testid=chat-message][data-id="${sentId}"][data-state=read]`).waitFor();

  await dave.input.pressSequentially('Yes, typing a long answer');
  await carolPage.getByTestId('typing-indicator').waitFor();
  await dave.input.press('Enter');
  await carol.waitForMessage('dave@localhost', 'Yes, typing a long answer');
  await carolPage.getByTestId('typing-indicator').waitFor({ state: 'detached' });

  // Deleting the draft tells the other side we stopped.
  await dave.input.pressSequentially('hm');
  await carolPage.getByTestId('typing-indicator').waitFor();
  await dave.input.fill('');
  await dave.input.dispatchEvent('input');
  await carolPage.getByTestId('typing-indicator').waitFor({ state: 'detached' });

  assert.deepEqual(carolPage.errors, []);
  assert.deepEqual(davePage.errors, []);
  await new RosterPage(davePage).logOut();
  await new RosterPage(carolPage).logOut();
});
