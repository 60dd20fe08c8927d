// Everything by keyboard: log in with Tab and Enter, Ctrl+K to find a contact, Enter to open
// the conversation (the cursor lands in the message box), Enter to send; the focus is always
// visible; Escape closes the settings and gives the focus back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPalaver } from '../pages/browser.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();

const focused = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.tagName);
const outline = (page) => page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);

test('log in, find a contact and chat without touching the mouse', async () => {
  const bob = await openPalaver(chromium.browser);
  await bob.getByTestId('login-jid').fill('bob@localhost');
  await bob.getByTestId('login-password').fill('bob');
  await bob.getByTestId('login-submit').click();
  await bob.locator('[data-testid=connection-status][data-state=online]').waitFor();

  const page = await openPalaver(chromium.browser);
  await page.getByTestId('login-jid').focus();
  await page.keyboard.type('alice@localhost');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'login-password');
  assert.equal(await outline(page), 'solid', 'keyboard focus is visible');
  await page.keyboard.type('alice');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=connection-status][data-state=online]').waitFor();

  await page.keyboard.press('Control+k');
  assert.equal(await focused(page), 'roster-filter');
  await page.keyboard.type('bob');
  await new RosterPage(page).contact('bob@localhost').waitFor();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=chat-peer]', { hasText: 'bob@localhost' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'chat-input');
  await page.keyboard.type('typed, never clicked');
  await page.keyboard.press('Enter');
  await new ChatPage(bob).open('alice@localhost');
  await new ChatPage(bob).waitForMessage('alice@localhost', 'typed, never clicked');

  // Tab walks on from the message box to the send button, visibly.
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'chat-send');
  assert.equal(await outline(page), 'solid');

  // Settings open with the keyboard and Escape closes them, back on their button.
  await page.getByTestId('settings-toggle').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('settings').waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await page.getByTestId('settings').waitFor({ state: 'detached' });
  assert.equal(await focused(page), 'settings-toggle');
  assert.deepEqual(page.errors, []);
  await new RosterPage(page).logOut();
  await new RosterPage(bob).logOut();
});
