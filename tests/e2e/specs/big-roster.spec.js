// A roster of 3,000 contacts in 30 groups (Henry's, written into Prosody's storage by
// scripts/prosody.sh): only the rows in view are in the page, the filter finds any contact as
// you type, scrolling from top to bottom shows every group and every contact in order, and
// groups fold and unfold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const CONTACTS = 3000;
const GROUPS = 30;
/** contact-editor.spec.js (which runs after this spec, on the fresh server of scripts/test.sh)
 * removes these two from Henry's roster; on a reused server they may be gone. */
const MAYBE_REMOVED = ['contact0042@localhost', 'contact0043@localhost'];

/** Henry's roster as scripts/prosody.sh writes it, as the list must show it: "group:Team 01",
 * then its contacts by name (Contact 0001, 0031, …, 2971), then "group:Team 02", … */
function expectedRoster() {
  const keys = [];
  for (let group = 1; group <= GROUPS; group += 1) {
    keys.push(`group:Team ${String(group).padStart(2, '0')}`);
    for (let n = group; n <= CONTACTS; n += GROUPS) keys.push(`contact${String(n).padStart(4, '0')}@localhost`);
  }
  return keys;
}

/**
 * Scrolls `.roster-scroll` from the top to the bottom, one viewport at a time. At each stop it
 * waits (frame by frame) until the rows in the page cover the viewport, then reads each row's
 * key (its JID, or "group:" and its name), a header's count, its top within the list and its height.
 * Returns the rows by position (each once), the list's height, and the most rows ever in the page.
 */
async function scrollThroughRoster(page) {
  return page.locator('.roster-scroll').evaluate(async (scroller) => {
    const list = scroller.querySelector('ul');
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const read = () => {
      const origin = list.getBoundingClientRect().top;
      return [...list.children].map((row) => {
        const rect = row.getBoundingClientRect();
        return {
          key: row.dataset.jid ?? `group:${row.dataset.group}`,
          count: row.querySelector('.group-count')?.textContent,
          top: Math.round(rect.top - origin),
          height: Math.round(rect.height),
        };
      });
    };
    const byTop = new Map();
    let mostRows = 0;
    for (let top = 0; ; top += scroller.clientHeight) {
      scroller.scrollTop = top;
      const view = { from: scroller.scrollTop, to: scroller.scrollTop + scroller.clientHeight };
      let rows = read();
      for (let frames = 0; ; frames += 1) {
        const covered = rows.length > 0 && rows[0].top <= view.from
          && rows.at(-1).top + rows.at(-1).height >= Math.min(view.to, list.offsetHeight);
        if (covered) break;
        if (frames > 600) throw new Error(`the rows never covered ${view.from}–${view.to} px`);
        await frame();
        rows = read();
      }
      mostRows = Math.max(mostRows, list.children.length);
      for (const row of rows) byTop.set(row.top, row);
      if (view.to >= scroller.scrollHeight) break;
    }
    return {
      rows: [...byTop.values()].sort((a, b) => a.top - b.top),
      total: list.offsetHeight,
      mostRows,
    };
  });
}

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

  // Scrolling: the whole list, a viewport at a time, from the top to the bottom; every row
  // is read where it is drawn, so the rows put together must tile the list without a gap and
  // be all 30 groups with all their contacts, in order.
  const scan = await scrollThroughRoster(page);
  assert.ok(scan.mostRows < 80, `at most a bounded number of rows in the page (${scan.mostRows})`);
  assert.ok(scan.total > CONTACTS * 40, `the scroll height stands for all ${CONTACTS} (${scan.total} px)`);
  let bottom = 0;
  for (const row of scan.rows) {
    assert.equal(row.top, bottom, `no gap and no overlap before ${row.key} (at ${row.top} px)`);
    bottom = row.top + row.height;
  }
  assert.equal(bottom, scan.total, 'the rows read fill the whole list');
  const expected = expectedRoster().filter((key) => !(MAYBE_REMOVED.includes(key) && !scan.rows.some((r) => r.key === key)));
  assert.equal(scan.rows.filter((r) => !r.key.startsWith('group:')).length, expected.length - GROUPS,
    'every contact was reached once');
  assert.deepEqual(scan.rows.map((r) => r.key), expected, 'every group and contact, in order');
  // Each header counts the contacts under it.
  let group;
  const members = new Map();
  for (const key of expected) {
    if (key.startsWith('group:')) members.set(group = key, 0);
    else members.set(group, members.get(group) + 1);
  }
  for (const header of scan.rows.filter((r) => r.key.startsWith('group:'))) {
    assert.equal(header.count, String(members.get(header.key)), `the header of ${header.key} counts its contacts`);
  }
  await roster.contact('contact3000@localhost').waitFor();
  await page.locator('.roster-scroll').evaluate((list) => { list.scrollTop = 0; });

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
