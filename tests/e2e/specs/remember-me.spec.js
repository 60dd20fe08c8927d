// "Keep me logged in": the page stores SCRAM keys, never the password (ARCHITECTURE.md, "Invariants"); a reload
// logs straight back in with them (resuming the stream the server still holds) and shows the
// open conversation from the local copy at once (with its delivery ticks, which the archive
// does not keep); logging out erases all of it (localStorage, sessionStorage and IndexedDB
// alike) and the next reload shows the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_URL, openPalaver, useBrowser, waitForFrame } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { storedData, whatIsStored } from '../pages/storage.js';

const chromium = useBrowser();
const ONLINE = '[data-testid=connection-status][data-state=online]';

test('a remembered login survives a reload without storing the password', async () => {
  const page = await openPalaver(chromium.browser);
  const login = new LoginPage(page);
  await page.getByTestId('login-remember').check();
  await login.logInAndWait('grace@localhost', 'grace');

  const stored = await page.evaluate(() => localStorage.getItem('palaver.account'));
  assert.ok(stored, 'the account is remembered');
  // The SCRAM keys (RFC 5802 ClientKey/ServerKey), in persist's versioned JSON.
  const account = JSON.parse(stored);
  assert.equal(account.v, 1);
  assert.ok(account.data.credentials.keys.client_key.length > 0, 'the client key is kept');
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

  // While logged in, Web Storage holds this session (the keys, the conversations, the stream's
  // state; IndexedDB holds only messages waiting to go out, none here).
  const kept = whatIsStored(await storedData(page));
  for (const kind of ['localStorage', 'sessionStorage']) {
    assert.ok(kept.some((line) => line.startsWith(kind)), `${kind} holds something while logged in (${kept})`);
  }

  await new RosterPage(page).logOut();
  assert.deepEqual(whatIsStored(await storedData(page)), [], 'nothing stored after logout');
  // A real reload (its pagehide saves whatever there is to save) brings nothing back either.
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  assert.equal(await page.getByTestId('connection-status').getAttribute('data-state'), 'offline');
  assert.deepEqual(whatIsStored(await storedData(page)), [], 'nothing stored after the reload');
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
  // Leaving the page (a real navigation away, so a real pagehide) keeps the roster with its
  // version (RFC 6121 §2.6). The page stays away: its stream hibernates on the server until
  // it times out.
  await page.goto('about:blank');

  // A second tab of the same device: a fresh session (its own sessionStorage) with the kept
  // keys and roster. What it finds kept is read before Palaver starts in it.
  await page.context().addInitScript(() => {
    // (Not in a new tab's first, opaque about:blank document, where storage is out of reach.)
    if (window.origin !== 'null') window.__keptRoster = localStorage.getItem('palaver.roster');
  });
  const second = await page.context().newPage();
  await second.goto(APP_URL);
  await second.locator(ONLINE).waitFor();
  const kept = JSON.parse(await second.evaluate(() => window.__keptRoster) ?? 'null');
  assert.ok(kept?.v === 1 && kept.data.ver, 'the roster is kept with its version');
  // (Other specs may have changed a contact or two of his.)
  assert.ok(kept.data.items.length > 2900, 'the whole roster is kept');
  const ver = kept.data.ver;
  const ask = await waitForFrame(second, /^<iq\b[^>]*type=["']get["'][^>]*>\s*<query\b[^>]*jabber:iq:roster/, { sent: true });
  assert.match(ask, new RegExp(`ver=["']${ver}["']`), 'the kept version is sent');
  // Nothing changed: the server's answer holds no contact, and the kept roster shows.
  const id = ask.match(/\bid=["']([^"']+)["']/)[1];
  const answer = await waitForFrame(second, new RegExp(`^<iq\\b(?=[^>]*\\bid=["']${id}["'])`));
  assert.doesNotMatch(answer, /<item\b/, 'the 3,000 contacts did not come again');
  await second.getByTestId('roster-filter').fill('Contact 3000');
  await new RosterPage(second).contact('contact3000@localhost').waitFor();
  await new RosterPage(second).logOut();
  assert.equal(await second.evaluate(() => localStorage.getItem('palaver.roster')), null, 'logout erases it');
});
