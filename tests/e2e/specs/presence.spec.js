// Two users see each other online; a presence change with a status reaches the other side.
import { test } from 'node:test';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();

test('presence changes travel between two browsers', async () => {
  const alicePage = await logInAs(chromium.browser, 'alice');
  const bobPage = await logInAs(chromium.browser, 'bob');
  const alice = new RosterPage(alicePage);
  const bob = new RosterPage(bobPage);

  await alice.waitForPresence('bob@localhost', 'online');
  await bob.waitForPresence('alice@localhost', 'online');

  await bob.setPresence('dnd', 'In a meeting');
  await alice.waitForPresence('bob@localhost', 'dnd', { status: 'In a meeting' });

  await bob.setPresence('away');
  await alice.waitForPresence('bob@localhost', 'away', { status: 'In a meeting' });

  await bob.statusInput.fill('Back soon');
  await bob.statusInput.press('Enter');
  await alice.waitForPresence('bob@localhost', 'away', { status: 'Back soon' });

  await bob.setPresence('offline');
  await alice.waitForPresence('bob@localhost', 'offline');
  await bob.setPresence('online');
  await alice.waitForPresence('bob@localhost', 'online');

  await bob.logOut();
  await alice.waitForPresence('bob@localhost', 'offline');
  await alice.logOut();
});
