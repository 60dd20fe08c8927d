// A page reload does not lose what was written offline: Eve's link to the server is down, she
// writes two messages (pending), reloads the page, and logs in again once the link is back.
// The messages show as pending at once, go out, and Carol gets each exactly once. Logging out
// erases what was stored (ARCHITECTURE.md, "Invariants"): after it and a reload, localStorage, sessionStorage and
// IndexedDB hold nothing, and the next login sends nothing again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { allowConsoleError, useBrowser } from '../pages/browser.js';
import { LoginPage, logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { startCuttableLink } from '../pages/network.js';
import { PROSODY_HTTP_PORT } from '../pages/prosody.js';
import { storedData, whatIsStored } from '../pages/storage.js';

const chromium = useBrowser();
const link = await startCuttableLink(PROSODY_HTTP_PORT);
after(() => link.close());

const ONLINE = '[data-testid=connection-status][data-state=online]';

test('messages written offline survive a page reload and are delivered once', async () => {
  const tag = `reload-${Date.now()}`;
  allowConsoleError(link.refusedConnection,
    'Chromium logs a reconnection attempt the cut link refuses, if Palaver makes one before the reload');
  const evePage = await logInAs(chromium.browser, 'eve', { config: { websocketUrl: link.websocketUrl() } });
  const carolPage = await logInAs(chromium.browser, 'carol');
  const eve = new ChatPage(evePage);
  await eve.open('carol@localhost');

  link.cut();
  await evePage.locator('[data-testid=connection-status][data-state=reconnecting]').waitFor();
  await eve.sendWithEnter(`${tag} one`);
  await eve.sendWithEnter(`${tag} two`);
  await evePage.locator('[data-testid=chat-message][data-state=pending]').nth(1).waitFor();

  await evePage.reload();
  link.restore();
  await new LoginPage(evePage).logInAndWait('eve@localhost', 'eve');
  await eve.open('carol@localhost');
  await eve.waitForMessage('eve@localhost', `${tag} two`);
  await evePage.locator('[data-testid=chat-message][data-state=pending]').waitFor({ state: 'detached' });

  const carol = new ChatPage(carolPage);
  await carol.open('eve@localhost');
  await carol.waitForMessage('eve@localhost', `${tag} two`);
  const received = (await carol.bodies()).filter((body) => body.startsWith(tag));
  assert.deepEqual(received, [`${tag} one`, `${tag} two`]);
  const shown = (await eve.bodies()).filter((body) => body.startsWith(tag));
  assert.deepEqual(shown, [`${tag} one`, `${tag} two`], 'once on her side too');

  // Logging out erases the stored outbox: after a real reload nothing is stored, and the next
  // login neither shows nor sends anything again.
  await new RosterPage(evePage).logOut();
  await evePage.reload();
  await evePage.getByTestId('login-submit').waitFor();
  assert.deepEqual(whatIsStored(await storedData(evePage)), [], 'nothing stored after logout and a reload');
  await new LoginPage(evePage).logInAndWait('eve@localhost', 'eve');
  await eve.open('carol@localhost');
  await evePage.locator('[data-testid=message-list]:not([data-history=loading])').waitFor();
  await eve.waitForMessage('eve@localhost', `${tag} two`);
  assert.equal(await evePage.locator('[data-testid=chat-message][data-state=pending]').count(), 0, 'no pending message');
  // A new message goes out after anything this login could have sent again: once Carol has
  // it, she has all of it.
  await eve.sendWithEnter(`${tag} three`);
  await carol.waitForMessage('eve@localhost', `${tag} three`);
  const all = [`${tag} one`, `${tag} two`, `${tag} three`];
  assert.deepEqual((await carol.bodies()).filter((body) => body.startsWith(tag)), all, 'Carol got nothing twice');
  assert.deepEqual((await eve.bodies()).filter((body) => body.startsWith(tag)), all, 'Eve shows nothing twice');
  await new RosterPage(evePage).logOut();
  await new RosterPage(carolPage).logOut();
});
