// Managing contacts: add one, answer their subscription request, find them with the filter and
// the "online only" toggle; unread messages show in the page title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settled, useBrowser, waitForFrame } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

test('alice adds eve, eve accepts, both see each other', async () => {
  const alicePage = await logInAs(chromium.browser, 'alice');
  const evePage = await logInAs(chromium.browser, 'eve');
  const alice = new RosterPage(alicePage);
  const eve = new RosterPage(evePage);
  // Eve starts alone: the roster the server sent her has no one in it (so what her page shows
  // next is her whole roster), and her page shows no one.
  const evesRoster = await waitForFrame(evePage, /^<iq\b(?=[^>]*type=["']result["'])[^>]*>\s*<query\b[^>]*jabber:iq:roster/);
  assert.doesNotMatch(evesRoster, /<item\b/, 'eve starts alone');
  await settled(evePage);
  assert.equal(await eve.page.getByTestId('roster-item').count(), 0, 'her page shows no contact');

  await alicePage.getByTestId('add-contact').click();
  await alicePage.getByTestId('add-contact-jid').fill('eve@localhost');
  await alicePage.getByTestId('add-contact-name').fill('Eve');
  await alicePage.getByTestId('add-contact-group').fill('Friends');
  await alicePage.getByTestId('add-contact-submit').click();
  await alice.contact('eve@localhost').waitFor();
  assert.equal(await alice.contact('eve@localhost').locator('.contact-name').textContent(), 'Eve');
  await alice.waitForPresence('eve@localhost', 'offline');
  // Until eve answers, alice's row says the request is on its way.
  const pending = alice.contact('eve@localhost').getByTestId('contact-pending');
  await pending.waitFor();
  assert.equal(await pending.textContent(), 'request sent');

  const request = evePage.locator('[data-testid=subscription-request][data-jid="alice@localhost"]');
  await request.waitFor();
  await request.getByTestId('subscription-accept').click();
  await request.waitFor({ state: 'detached' });

  await alice.waitForPresence('eve@localhost', 'online');
  await alice.contact('eve@localhost').getByTestId('contact-pending').waitFor({ state: 'detached' });
  await eve.waitForPresence('alice@localhost', 'online');
  assert.deepEqual(alicePage.errors, []);
  assert.deepEqual(evePage.errors, []);
  await eve.logOut();
  await alice.logOut();
});

test('the filter finds contacts as you type and "online only" hides offline ones', async () => {
  const alicePage = await logInAs(chromium.browser, 'alice');
  const bobPage = await logInAs(chromium.browser, 'bob');
  const alice = new RosterPage(alicePage);
  await alice.waitForPresence('bob@localhost', 'online');
  const visible = async () => alicePage.getByTestId('roster-item')
    .evaluateAll((rows) => rows.map((r) => r.dataset.jid).sort());

  await alicePage.getByTestId('roster-filter').fill('car');
  await alice.contact('bob@localhost').waitFor({ state: 'detached' });
  assert.deepEqual(await visible(), ['carol@localhost']);
  await alicePage.getByTestId('roster-filter').fill('DAVE@');
  await alice.contact('dave@localhost').waitFor();
  assert.deepEqual(await visible(), ['dave@localhost']);
  await alicePage.getByTestId('roster-filter').fill('');
  await alice.contact('carol@localhost').waitFor();

  await alicePage.getByTestId('roster-online-only').check();
  await alice.contact('carol@localhost').waitFor({ state: 'detached' });
  assert.ok((await visible()).includes('bob@localhost'));
  assert.ok(!(await visible()).includes('dave@localhost'));
  await alicePage.getByTestId('roster-online-only').uncheck();
  await alice.contact('dave@localhost').waitFor();

  // Unread messages show in the title until the conversation is opened.
  const bobChat = new ChatPage(bobPage);
  await bobChat.open('alice@localhost');
  await bobChat.sendWithEnter('one');
  await bobChat.sendWithEnter('two');
  await alicePage.waitForFunction(() => document.title === '(2) Palaver');
  await new ChatPage(alicePage).open('bob@localhost');
  await alicePage.waitForFunction(() => document.title === 'Palaver');

  await new RosterPage(bobPage).logOut();
  await alice.logOut();
});
