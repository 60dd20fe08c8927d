// A roster of 3,000 contacts in 30 groups (Henry's, written into Prosody's storage by
// scripts/prosody.sh): only the rows in view are in the page, the filter finds any contact as
// you type, scrolling reaches the last one, and groups fold and unfold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const CONTACTS = 3000;
const GROUPS = 30;

test('3,000 contacts: a bounded number of rows in the page, every one reachable', async () => {
  const page = await logInAs(chromium.browser, 'henry');
  const roster = new RosterPage(page);
  const groups = page.getByTestId('roster-group');
  await groups.first().waitFor();
  const counts = await page.evaluate(() => ({
    rows: document.querySelectorAll('[data-testid=roster-item]').length,
    headers: document.querySelectorAll('[data-testid=roster-group]').length,
  }));
  assert.ok(counts.rows > 5 && counts.rows < 80, `only the rows in view are rendered (${counts.rows})`);
  assert.equal(await groups.first().getAttribute('data-group'), 'Team 01');
  assert.match(await groups.first().textContent(), /Team 01\s*100/, 'the header counts its contacts');

  // Filtering: one contact among thousands, as you type.
  await page.getByTestId('roster-filter').fill('contact 2999');
  await roster.contact('contact2999@localhost').waitFor();
  assert.equal(await page.getByTestId('roster-item').count(), 1, 'exactly the match');
  await page.getByTestId('roster-filter').fill('');

  // Scrolling: the last contact of the last group.
  const scroller = page.locator('.roster-scroll');
  await scroller.evaluate((list) => { list.scrollTop = list.scrollHeight; });
  await roster.contact('contact3000@localhost').waitFor();
  assert.ok(await page.getByTestId('roster-item').count() < 80, 'still bounded at the bottom');
  const total = await scroller.evaluate((list) => list.scrollHeight);
  assert.ok(total > CONTACTS * 40, `the scroll height stands for all ${CONTACTS} (${total} px)`);
  await scroller.evaluate((list) => { list.scrollTop = 0; });

  // Folding a group hides its contacts and keeps its header; unfolding brings them back.
  const team01 = page.locator('[data-testid=roster-group][data-group="Team 01"] button');
  await team01.click();
  assert.equal(await team01.getAttribute('aria-expanded'), 'false');
  await roster.contact('contact0001@localhost').waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid=roster-group]').first().getAttribute('data-group'), 'Team 01');
  assert.equal(await page.locator('[data-testid=roster-group]').nth(1).getAttribute('data-group'), 'Team 02',
    'the next group follows the folded header');
  await team01.click();
  await roster.contact('contact0001@localhost').waitFor();
  assert.equal(await team01.getAttribute('aria-expanded'), 'true');

  // The filter searches folded groups too.
  await team01.click();
  await page.getByTestId('roster-filter').fill('Contact 0031');
  await roster.contact('contact0031@localhost').waitFor();
  await page.getByTestId('roster-filter').fill('');
  assert.equal(await groups.count() <= GROUPS, true);
  assert.deepEqual(page.errors, []);
  await roster.logOut();
});
