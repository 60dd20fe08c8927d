// Changing messages after they were sent, between two Palavers (Ivan on a desktop, Judy on a
// phone): replies quote what they answer (XEP-0461), ↑ corrects the last message (XEP-0308),
// "Delete for everyone" leaves a tombstone (XEP-0424), reactions add up and toggle (XEP-0444),
// a message turns "read" once the contact has it on screen (XEP-0333), styling is drawn safely
// (XEP-0393); and all of it comes back from the archive after a new login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();
const PHONE = { width: 390, height: 844 };

/** Opens the actions menu of `message` (a chat-message locator). */
async function openMenu(message) {
  await message.getByTestId('message-actions').click();
  return message.getByRole('menu');
}

test('reply, correct, retract, react and read: the other side sees each change once', async () => {
  const tag = `act${Date.now()}`;
  const ivanPage = await logInAs(chromium.browser, 'ivan');
  const judyPage = await logInAs(chromium.browser, 'judy', { viewport: PHONE });
  const ivan = new ChatPage(ivanPage);
  const judy = new ChatPage(judyPage);
  await new RosterPage(ivanPage).waitForPresence('judy@localhost', 'online');
  await ivan.open('judy@localhost');

  // Judy's phone does not show the conversation yet: the message is delivered, not read.
  const question = `${tag} lunch on Tuesday?`;
  await ivan.sendWithEnter(question);
  const sentId = await (await ivan.waitForMessage('ivan@localhost', question)).getAttribute('data-id');
  const ivanRow = ivanPage.locator(`[data-testid=chat-message][data-id="${sentId}"]`);
  await ivanPage.locator(`[data-testid=chat-message][data-id="${sentId}"][data-state=delivered]`).waitFor();
  await judy.open('ivan@localhost');
  const received = await judy.waitForMessage('ivan@localhost', question);
  assert.equal(await received.getAttribute('data-id'), sentId);
  const judyRow = judyPage.locator(`[data-testid=chat-message][data-id="${sentId}"]`);
  await ivanPage.locator(`[data-testid=chat-message][data-id="${sentId}"][data-state=read]`).waitFor();

  // Judy answers that message.
  const menu = await openMenu(received);
  await menu.getByTestId('message-reply').click();
  await judyPage.getByTestId('composer-reply').waitFor();
  assert.match(await judyPage.getByTestId('composer-reply').textContent(), /Replying to Ivan/);
  await judy.sendWithEnter(`${tag} sure!`);
  await judyPage.getByTestId('composer-reply').waitFor({ state: 'detached' });
  const answer = await ivan.waitForMessage('judy@localhost', `${tag} sure!`);
  const answerId = await answer.getAttribute('data-id');
  const quote = answer.getByTestId('reply-quote');
  assert.equal(await quote.getAttribute('data-reply-to'), sentId);
  assert.match(await quote.textContent(), new RegExp(`Me.*${tag} lunch on Tuesday\\?`));

  // Ivan fixes the day: ↑ in the empty box edits his last message.
  await ivan.input.press('ArrowUp');
  await ivanPage.getByTestId('composer-editing').waitFor();
  assert.equal(await ivan.input.inputValue(), question);
  const fixed = `${tag} lunch on Thursday?`;
  await ivan.sendWithEnter(fixed);
  const corrected = await judy.waitForMessage('ivan@localhost', fixed);
  assert.equal(await corrected.getAttribute('data-edited'), 'true');
  assert.equal(await corrected.getAttribute('data-id'), sentId, 'the same row, changed');
  await ivan.waitForMessage('ivan@localhost', fixed);
  assert.equal(await judyPage.getByTestId('message-body').getByText(question, { exact: true }).count(), 0);

  // A message to the wrong person, taken back.
  const mistake = `${tag} meant for someone else`;
  await ivan.sendWithEnter(mistake);
  const mistaken = await judy.waitForMessage('ivan@localhost', mistake);
  const mistakeId = await mistaken.getAttribute('data-id');
  const own = await ivan.waitForMessage('ivan@localhost', mistake);
  assert.equal(await own.getAttribute('data-id'), mistakeId);
  const ownMenu = await openMenu(own);
  await ownMenu.getByTestId('message-retract').click();
  await ownMenu.getByTestId('message-retract-confirm').click();
  // That message, and only that one, is a tombstone on both sides.
  for (const page of [judyPage, ivanPage]) {
    const tombstone = page.locator(`[data-testid=chat-message][data-id="${mistakeId}"][data-retracted=true]`);
    await tombstone.waitFor();
    assert.equal(await tombstone.getByTestId('message-body').textContent(), 'This message was deleted.');
    for (const id of [sentId, answerId]) {
      assert.equal(await page.locator(`[data-testid=chat-message][data-id="${id}"]`).getAttribute('data-retracted'), null,
        `message ${id} is not retracted`);
    }
  }

  // Reactions: Judy's 👍, then Ivan's on the same message; clicking his own again withdraws it.
  const judyMenu = await openMenu(corrected);
  await judyMenu.locator('[data-testid=reaction-choice][data-emoji="👍"]').click();
  const thumb = '[data-testid=reaction][data-emoji="👍"]';
  await judyRow.locator(`${thumb}[data-count="1"][aria-pressed=true]`).waitFor();
  await ivanRow.locator(`${thumb}[data-count="1"][aria-pressed=false]`).waitFor();
  await ivanRow.locator(thumb).click();
  await ivanRow.locator(`${thumb}[data-count="2"][aria-pressed=true]`).waitFor();
  await judyRow.locator(`${thumb}[data-count="2"][aria-pressed=true]`).waitFor();
  await ivanRow.locator(thumb).click();
  await judyRow.locator(`${thumb}[data-count="1"][aria-pressed=true]`).waitFor();
  await ivanRow.locator(`${thumb}[data-count="1"][aria-pressed=false]`).waitFor();
  // The reactions are on that message only, one of each on each side.
  for (const [page, row] of [[ivanPage, ivanRow], [judyPage, judyRow]]) {
    assert.equal(await row.getByTestId('reaction').count(), 1, 'one reaction on the message');
    for (const id of [answerId, mistakeId]) {
      assert.equal(await page.locator(`[data-testid=chat-message][data-id="${id}"] [data-testid=reaction]`).count(), 0,
        `no reaction on message ${id}`);
    }
  }

  // A new login brings it all back from the archive: the correction, the tombstone, the
  // reaction and the reply, each message once.
  await new RosterPage(judyPage).logOut();
  const again = await logInAs(chromium.browser, 'judy', { viewport: PHONE });
  const judyAgain = new ChatPage(again);
  await judyAgain.open('ivan@localhost');
  const restored = await judyAgain.waitForMessage('ivan@localhost', fixed);
  assert.equal(await restored.getAttribute('data-id'), sentId);
  assert.equal(await restored.getAttribute('data-edited'), 'true');
  await restored.locator(`${thumb}[data-count="1"][aria-pressed=true]`).waitFor();
  assert.equal(await restored.getByTestId('reaction').count(), 1, 'one reaction on the message');
  assert.equal(await restored.getAttribute('data-retracted'), null);
  await again.locator(`[data-testid=chat-message][data-id="${mistakeId}"][data-retracted=true]`).waitFor();
  assert.equal(await again.locator(`[data-testid=chat-message][data-id="${mistakeId}"] [data-testid=reaction]`).count(), 0);
  const mine = await judyAgain.waitForMessage('judy@localhost', `${tag} sure!`);
  assert.equal(await mine.getByTestId('reply-quote').getAttribute('data-reply-to'), sentId);
  assert.equal(await mine.getByTestId('reaction').count(), 0);
  const bodies = await judyAgain.bodies();
  assert.equal(bodies.filter((b) => b.startsWith(tag)).length, 2, `${bodies.filter((b) => b.startsWith(tag))}`);
  assert.ok(!bodies.includes(question) && !bodies.includes(mistake));

  assert.deepEqual(ivanPage.errors, []);
  assert.deepEqual(again.errors, []);
  await new RosterPage(again).logOut();
  await new RosterPage(ivanPage).logOut();
});

test('styling is drawn with elements around text, never as markup', async () => {
  const tag = `sty${Date.now()}`;
  const ivanPage = await logInAs(chromium.browser, 'ivan');
  const judyPage = await logInAs(chromium.browser, 'judy');
  const ivan = new ChatPage(ivanPage);
  const judy = new ChatPage(judyPage);
  await ivan.open('judy@localhost');
  await judy.open('ivan@localhost');

  const body = `${tag} *bold* _soft_ ~gone~ \`x < y\` <b>not bold</b>\n> quoted https://example.org/q\n\`\`\`\nlet *a* = 1;\n\`\`\``;
  await judy.input.fill(body);
  await judy.input.press('Enter');
  const row = ivanPage.locator('[data-testid=chat-message][data-from="judy@localhost"]', { hasText: tag }).last();
  await row.waitFor();
  const shown = row.getByTestId('message-body');
  assert.equal(await shown.textContent(), body, 'every character is kept, directives included');
  assert.equal(await shown.locator('strong').textContent(), '*bold*');
  assert.equal(await shown.locator('em').textContent(), '_soft_');
  assert.equal(await shown.locator('s').textContent(), '~gone~');
  assert.equal(await shown.locator(':scope code:not(.pre)').textContent(), '`x < y`');
  assert.equal(await shown.locator('b').count(), 0, 'markup in a message stays text');
  assert.equal(await shown.locator('blockquote a').getAttribute('href'), 'https://example.org/q');
  assert.match(await shown.locator('code.pre').textContent(), /let \*a\* = 1;/);
  assert.equal(await shown.locator('code.pre strong').count(), 0, 'nothing is styled in a code block');

  assert.deepEqual(ivanPage.errors, []);
  assert.deepEqual(judyPage.errors, []);
  await new RosterPage(judyPage).logOut();
  await new RosterPage(ivanPage).logOut();
});
