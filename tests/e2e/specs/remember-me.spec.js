// "Keep me logged in": the page stores SCRAM keys, never the password (DESIGN.md §5); a reload
// logs straight back in with them (resuming the stream the server still holds) and shows the open conversation from the local copy at once
// (with its delivery ticks, which the archive does not keep); logging out erases all of it and
// the next reload shows the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const ONLINE = '[data-testid=connection-status][data-state=online]';

test('a remembered login survives a reload without storing the password', async () => {
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  await page.getByTestId('login-remember').check();
  await login.logInAndWait('grace@localhost', 'grace');

  const stored = await page.evaluate(() => localStorage.getItem('palaver.account'));
  assert.ok(stored, 'the account is remembered');
  assert.match(stored, /client-key/);
  assert.doesNotMatch(stored, /password/i);
  // The password ("grace") appears nowhere but inside the JID.
  assert.doesNotMatch(stored.replaceAll('grace@localhost', ''), /grace/);

  // A message Frank's client confirms, so it shows delivered.
  const frankPage = await logInAs(chromium.browser, 'frank');
  const chat = new ChatPage(page);
  await chat.open('frank@localhost');
  const body = `remembered ${Date.now()}`;
  await chat.sendWithEnter(body);
  await page.locator('[data-testid=chat-message][data-state=delivered]', { hasText: body }).waitFor();

  await page.reload();
  await page.locator(ONLINE).waitFor();
  assert.equal(await page.getByTestId('login-submit').count(), 0, 'no form to fill');
  // The server still held the stream (a reload takes less than its 30 s): resumed, and the
  // roster and Frank's presence come back although a resumed stream repeats neither.
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-session'), 'resumed');
  await new RosterPage(page).waitForPresence('frank@localhost', 'online');
  // The route kept the conversation open; the local copy brings the tick back with it, and
  // the archive's copy of the same message does not show twice.
  await page.locator('[data-testid=chat-message][data-state=delivered]', { hasText: body }).waitFor();
  await page.locator('[data-testid=message-list]:not([data-history=loading])').waitFor();
  assert.equal((await chat.bodies()).filter((b) => b === body).length, 1);
  await new RosterPage(frankPage).logOut();

  await new RosterPage(page).logOut();
  assert.equal(await page.evaluate(() => localStorage.getItem('palaver.account')), null);
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored after logout');
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-state'), 'offline');
  assert.deepEqual(page.errors, []);
});

test('without "keep me logged in" a reload asks for the password again', async () => {
  const page = await openPalaver(chromium.browser);
  await new LoginPage(page).logInAndWait('grace@localhost', 'grace');
  assert.equal(await page.evaluate(() => localStorage.getItem('palaver.account')), null);
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-state'), 'offline');
  assert.deepEqual(page.errors, []);
});
