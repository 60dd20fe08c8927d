// Editing a contact from the conversation header: rename, move to another group, remove
// (after a confirmation). Henry's big roster is the playground (scripts/prosody.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();

for (const [device, viewport, number, team, group] of [
  ['desktop', { width: 1200, height: 800 }, '0042', 'Team 12', 'Aardvarks'],
  ['phone', { width: 390, height: 844 }, '0043', 'Team 13', 'Aaaphone'],
]) test(`rename, regroup and remove a contact; Escape closes the editor (${device})`, async () => {
  const page = await logInAs(chromium.browser, 'henry', { viewport });
  const roster = new RosterPage(page);
  const jid = `contact${number}@localhost`;
  await new ChatPage(page).open(jid);

  await page.getByTestId('contact-edit').click();
  await page.getByTestId('contact-editor').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('contact-editor').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'contact-edit',
    'the focus returns to the button');

  await page.getByTestId('contact-edit').click();
  assert.equal(await page.getByTestId('contact-edit-name').inputValue(), `Contact ${number}`);
  assert.equal(await page.getByTestId('contact-edit-group').inputValue(), team);
  await page.getByTestId('contact-edit-name').fill('Ada Lovelace');
  await page.getByTestId('contact-edit-group').fill(group);
  await page.getByTestId('contact-edit-save').click();
  await page.getByTestId('contact-editor').waitFor({ state: 'detached' });
  await page.locator('[data-testid=chat-title]', { hasText: 'Ada Lovelace' }).waitFor();

  // The roster moved her to the new group, which sorts first.
  if (device === 'phone') await page.getByTestId('chat-back').click();
  const firstGroup = page.getByTestId('roster-group').first();
  await page.locator(`[data-testid=roster-group][data-group="${group}"]`).waitFor();
  assert.equal(await firstGroup.getAttribute('data-group'), group);
  assert.equal(await roster.contact(jid).locator('.contact-name').textContent(), 'Ada Lovelace');

  if (device === 'phone') await roster.openChat(jid);
  await page.getByTestId('contact-edit').click();
  await page.getByTestId('contact-remove').click();
  await page.getByTestId('contact-remove-confirm').click();
  await roster.contact(jid).waitFor({ state: 'detached' });
  await page.locator(`[data-testid=roster-group][data-group="${group}"]`).waitFor({ state: 'detached' });
  await page.getByTestId('roster-filter').fill('Ada');
  assert.equal(await page.getByTestId('roster-item').count(), 0, 'gone from the roster');
  assert.deepEqual(page.errors, []);
  await roster.logOut();
});
