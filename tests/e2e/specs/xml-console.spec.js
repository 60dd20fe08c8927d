// The XML console (settings → XML console): the traffic with the server, both directions,
// with the login's credentials masked; the choice is remembered on this device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs, LoginPage } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();

test('the XML console shows stanzas both ways and never the password', async () => {
  const page = await logInAs(chromium.browser, 'alice');
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('settings-xml-console').check();
  const console_ = page.getByTestId('xml-console');
  await console_.waitFor();

  await new ChatPage(page).open('bob@localhost');
  await new ChatPage(page).sendWithEnter('seen in the console');
  const sent = console_.locator('[data-testid=xml-console-line][data-direction=out]', { hasText: 'seen in the console' });
  await sent.waitFor();
  assert.match(await sent.textContent(), /<message[^>]*to=["']bob@localhost["']/);
  // The server acknowledges (XEP-0198) or answers something: incoming lines too.
  await console_.locator('[data-testid=xml-console-line][data-direction=in]').first().waitFor();

  // Log out and in again: the console stays on (remembered) and shows the login, masked.
  await new RosterPage(page).logOut();
  await new LoginPage(page).logInAndWait('alice@localhost', 'alice');
  const auth = console_.locator('[data-testid=xml-console-line][data-direction=out]', { hasText: '<auth' });
  await auth.waitFor();
  assert.match(await auth.textContent(), /\[credentials hidden\]/);
  const everything = (await console_.getByTestId('xml-console-line').allTextContents()).join('\n');
  const plain = Buffer.from('\0alice\0alice').toString('base64');
  assert.ok(!everything.includes(plain), 'no PLAIN credentials');
  assert.ok(!/<(response|auth)[^>]*>[A-Za-z0-9+/=]{8,}</.test(everything), 'no SASL payload shown');

  // Clear empties what was there; traffic still arriving after the login (presences, avatars,
  // the archive catch-up) may add new lines at once, so the check is on what was shown before.
  await page.getByTestId('xml-console-clear').click();
  assert.equal(await auth.count(), 0, 'the login is gone from the console');
  assert.equal(await sent.count(), 0, 'the sent message is gone from the console');
  await page.getByTestId('xml-console-close').click();
  await console_.waitFor({ state: 'detached' });
  assert.deepEqual(page.errors, []);
  await new RosterPage(page).logOut();
});
