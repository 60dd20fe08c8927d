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

test('a kept roster is asked for by its version: an unchanged one is not downloaded again', async () => {
  // Henry's 3,000 contacts (Prosody versions his roster; it does not version the rosters its
  // shared groups add to, such as the demo accounts').
  const page = await openPalaver(chromium.browser);
  await page.getByTestId('login-remember').check();
  await new LoginPage(page).logInAndWait('henry@localhost', 'henry');
  await page.getByTestId('roster-filter').fill('Contact 3000');
  await new RosterPage(page).contact('contact3000@localhost').waitFor();
  // The XML console shows the next page's traffic (the choice is kept on the device).
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('settings-xml-console').check();
  // Hiding the page keeps the roster with its version (RFC 6121 §2.6), as pagehide does.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  const kept = await page.evaluate(() => localStorage.getItem('palaver.roster'));
  assert.match(kept ?? '', /ver="[^"]+"/, 'the roster is kept with its version');
  // (Other specs may have changed a contact or two of his.)
  assert.ok((kept.match(/<item /g) ?? []).length > 2900, 'the whole roster is kept');

  // A second tab of the same device: a fresh session with the kept keys and roster.
  const second = await page.context().newPage();
  second.errors = [];
  second.on('pageerror', (error) => second.errors.push(error.message));
  await second.goto(page.url());
  await second.locator(ONLINE).waitFor();
  const console_ = second.getByTestId('xml-console');
  const ask = console_.locator('[data-testid=xml-console-line][data-direction=out]', { hasText: 'jabber:iq:roster' }).first();
  await ask.waitFor();
  const ver = kept.match(/ver="([^"]+)"/)[1];
  assert.match(await ask.textContent(), new RegExp(`ver=["']${ver}["']`), 'the kept version is sent');
  // Nothing changed: the server answers with an empty result, and the kept roster shows.
  await second.getByTestId('roster-filter').fill('Contact 3000');
  await new RosterPage(second).contact('contact3000@localhost').waitFor();
  const lines = await console_.locator('[data-testid=xml-console-line][data-direction=in]').allTextContents();
  assert.ok(!lines.some((l) => l.includes('contact0001@localhost')), 'the 3,000 contacts did not come again');
  assert.deepEqual(second.errors, []);
  await new RosterPage(second).logOut();
  assert.equal(await second.evaluate(() => localStorage.getItem('palaver.roster')), null, 'logout erases it');
  await new RosterPage(page).logOut();
});
