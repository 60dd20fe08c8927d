// The XML console (settings → XML console): the traffic with the server, both directions,
// with every credential masked; the choice stays on for the next login on this page, and
// logging out empties it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPalaver, useBrowser } from '../pages/browser.js';
import { logInAs, LoginPage } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const LINE = '[data-testid=xml-console-line]';
/** The one account whose password is not its name (scripts/prosody.sh), so a search for the
 * password cannot be fooled by the JID. */
const MALLORY = { jid: 'mallory@localhost', password: 'Mallory-s3cret-7Qx9-unlike-her-name-Zk4w' };

/** Records the text of every XML console line the page ever shows, as it is added: the console
 * keeps only its newest lines and Clear and logout empty it, so lines that came and went are
 * inspected too. (An init script: it runs before Palaver boots.) */
function recordConsoleLines() {
  window.__consoleLines = [];
  const selector = '[data-testid=xml-console-line]';
  const keep = (line) => window.__consoleLines.push(line.textContent);
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      const target = mutation.target.nodeType === Node.ELEMENT_NODE
        ? mutation.target : mutation.target.parentElement;
      const around = target?.closest(selector);
      if (around) keep(around);
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.matches(selector)) keep(node);
        for (const line of node.querySelectorAll(selector)) keep(line);
      }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

/** What a console line must never contain for this password: the password itself, and the
 * base64 of any text that contains it (SASL PLAIN's "\0user\0password", say). In base64, the
 * password's bytes from offset k (k = 0, 1 or 2, whichever falls on a 3-byte boundary of the
 * whole) are encoded on their own, so one of these three encodings is in any such text. */
function secretForms(user, password) {
  const bytes = Buffer.from(password);
  const aligned = [0, 1, 2].map((k) =>
    bytes.subarray(k, k + Math.floor((bytes.length - k) / 3) * 3).toString('base64'));
  return [password, Buffer.from(`\0${user}\0${password}`).toString('base64'), ...aligned];
}

/** A SASL element (RFC 6120 §6.4) whose content is neither empty nor masked. */
const SASL_PAYLOAD = /<(auth|response|challenge|success)\b[^>]*urn:ietf:params:xml:ns:xmpp-sasl[^>]*>(?!\[credentials hidden\]<)[^<]+</;

test('the XML console shows stanzas both ways, stays on for the next login, and Clear empties it', async () => {
  const page = await logInAs(chromium.browser, 'alice');
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('settings-xml-console').check();
  const console_ = page.getByTestId('xml-console');
  await console_.waitFor();

  await new ChatPage(page).open('bob@localhost');
  await new ChatPage(page).sendWithEnter('seen in the console');
  const sent = console_.locator(`${LINE}[data-direction=out]`, { hasText: 'seen in the console' });
  await sent.waitFor();
  assert.match(await sent.textContent(), /<message[^>]*to=["']bob@localhost["']/);
  // The server acknowledges (XEP-0198) or answers something: incoming lines too.
  await console_.locator(`${LINE}[data-direction=in]`).first().waitFor();

  // Log out and in again: the console stays on and shows the new login.
  await new RosterPage(page).logOut();
  await new LoginPage(page).logInAndWait('alice@localhost', 'alice');
  const auth = console_.locator(`${LINE}[data-direction=out]`, { hasText: '<auth' });
  await auth.waitFor();

  // Clear empties what was there. Traffic still arriving after the login (presences, avatars,
  // the archive catch-up, which carries 'seen in the console' back) may add new lines at once,
  // so the check is on lines only this login's start sends, and once: the SASL and the bind.
  const bind = console_.locator(`${LINE}[data-direction=out]`, { hasText: 'urn:ietf:params:xml:ns:xmpp-bind' });
  await bind.waitFor();
  await page.getByTestId('xml-console-clear').click();
  assert.equal(await auth.count(), 0, 'the login is gone from the console');
  assert.equal(await bind.count(), 0, 'the resource binding is gone from the console');
  await page.getByTestId('xml-console-close').click();
  await console_.waitFor({ state: 'detached' });
  await new RosterPage(page).logOut();
});

test('no console line ever holds a password: not a login\'s, not a registration\'s; logout empties the console', async () => {
  const page = await openPalaver(chromium.browser, { initScripts: [recordConsoleLines] });
  const login = new LoginPage(page);
  const console_ = page.getByTestId('xml-console');
  const roster = new RosterPage(page);
  /** Logs out and waits until the console, still on, shows nothing of the session. */
  const logOutAndExpectEmptyConsole = async (what) => {
    await roster.logOut();
    await console_.waitFor();
    await page.waitForFunction((line) => document.querySelectorAll(line).length === 0, LINE)
      .catch(async () => assert.fail(`after ${what}'s logout the console still shows ${await console_.locator(LINE).count()} lines`));
  };

  // Mallory logs in, switches the console on (it stays on for this page), logs out.
  await login.logInAndWait(MALLORY.jid, MALLORY.password);
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('settings-xml-console').check();
  await page.keyboard.press('Escape');
  await roster.setPresence('away', 'in the console');
  await console_.locator(`${LINE}[data-direction=out]`, { hasText: 'in the console' }).waitFor();
  await logOutAndExpectEmptyConsole('the first login');

  // She logs in again with the console on: the SASL exchange is in it, masked.
  await login.logInAndWait(MALLORY.jid, MALLORY.password);
  const auth = console_.locator(`${LINE}[data-direction=out]`, { hasText: '<auth' });
  await auth.waitFor();
  assert.match(await auth.textContent(), /\[credentials hidden\]/);
  await console_.locator(`${LINE}[data-direction=in]`, { hasText: '<success' }).waitFor();
  await logOutAndExpectEmptyConsole('the second login');

  // "Create this account" from the form, console on: the registration carries a password too.
  const stamp = Date.now();
  const newcomer = { jid: `console${stamp}@localhost`, password: `Fresh-${stamp}-registration-passphrase-Qm8` };
  await login.jid.fill(newcomer.jid);
  await login.password.fill(newcomer.password);
  await page.getByTestId('login-register').click();
  await page.locator('[data-testid=connection-status][data-state=online]').waitFor();
  const registration = console_.locator(`${LINE}[data-direction=out]`, { hasText: 'jabber:iq:register' })
    .filter({ hasText: `console${stamp}` });
  await registration.first().waitFor();
  await logOutAndExpectEmptyConsole('the new account');

  // Every line ever shown, checked for both passwords in every form, and for SASL payloads.
  const lines = await page.evaluate(() => window.__consoleLines);
  assert.ok(lines.some((l) => l.includes('<auth')) && lines.some((l) => l.includes(`console${stamp}`)),
    'the recording saw the logins and the registration');
  for (const [user, password] of [['mallory', MALLORY.password], [`console${stamp}`, newcomer.password]]) {
    for (const secret of secretForms(user, password)) {
      const leaks = lines.filter((line) => line.includes(secret));
      assert.deepEqual(leaks, [], `${user}'s password (as "${secret}") is shown`);
    }
  }
  assert.deepEqual(lines.filter((line) => SASL_PAYLOAD.test(line)), [], 'no SASL payload shown');
});
