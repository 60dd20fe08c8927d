// Talking in a room like in a 1:1 conversation, three Palavers in one room on the real Prosody
// (Rita, Sam and Tess): Sam answers Rita's line (XEP-0461), corrects his own with ↑ (XEP-0308:
// Tess sees the corrected text once, marked edited), deletes one for everyone (XEP-0424: the
// others see a tombstone), Rita and Tess both react to one line (XEP-0444: counted, with who),
// and Tess corrects a private line to Sam.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { useBrowser } from '../pages/browser.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';

const chromium = useBrowser();

/** Opens the actions menu of `row` (a chat-message locator). */
async function openMenu(row) {
  await row.getByTestId('message-actions').click();
  return row.getByRole('menu');
}

test('reply, correct, retract and react in a room, and correct a private line', async () => {
  const room = uniqueRoom('edits');
  const tag = `ed${Date.now()}`;
  const rita = new RoomPage(await logInAs(chromium.browser, 'rita'), 'rita');
  const sam = new RoomPage(await logInAs(chromium.browser, 'sam'), 'sam');
  const tess = new RoomPage(await logInAs(chromium.browser, 'tess'), 'tess');
  await rita.create(room);
  await sam.join(room);
  await tess.join(room);
  for (const viewer of [rita, sam, tess]) await viewer.waitForOccupants(room, ['rita', 'sam', 'tess']);

  // Rita asks; Sam answers her line from its menu.
  const question = `${tag} where do we meet?`;
  await rita.send(room, question);
  const ritaOwn = await rita.waitForMessage(room, 'rita', question, { state: 'sent' });
  const questionRef = await ritaOwn.getAttribute('data-stanza-id');
  assert.ok(questionRef, 'the room gave the line its stanza id');
  const asked = await sam.waitForMessage(room, 'rita', question);
  await (await openMenu(asked)).getByTestId('message-reply').click();
  await sam.page.getByTestId('composer-reply').waitFor();
  assert.match(await sam.page.getByTestId('composer-reply').textContent(), /Replying to rita/);
  const answer = `${tag} at the station`;
  await sam.send(room, answer);
  await sam.page.getByTestId('composer-reply').waitFor({ state: 'detached' });
  for (const viewer of [rita, tess]) {
    const row = await viewer.waitForMessage(room, 'sam', answer);
    const quote = row.getByTestId('reply-quote');
    assert.equal(await quote.getAttribute('data-reply-to'), questionRef, `${viewer.who}: the reply names the line`);
    assert.match(await quote.textContent(), new RegExp(`rita: ${tag} where do we meet\\?`));
  }

  // Sam says a time, then fixes it with ↑: Tess sees the new text once, marked edited.
  const wrong = `${tag} at noon`;
  const right = `${tag} at one`;
  await sam.send(room, wrong);
  await sam.waitForMessage(room, 'sam', wrong, { state: 'sent' });
  await tess.waitForMessage(room, 'sam', wrong);
  const samInput = sam.view(room, 'joined').getByTestId('chat-input');
  await samInput.press('ArrowUp');
  await sam.page.getByTestId('composer-editing').waitFor();
  assert.equal(await samInput.inputValue(), wrong);
  await sam.send(room, right);
  const corrected = await tess.waitForMessage(room, 'sam', right);
  await tess.view(room).locator('[data-testid=chat-message][data-edited=true]')
    .filter({ hasText: right }).waitFor();
  assert.equal(await corrected.getAttribute('data-edited'), 'true');
  assert.equal(await tess.message(room, 'sam', right).count(), 1, 'the corrected text once');
  assert.equal(await tess.message(room, 'sam', wrong).count(), 0, 'the old text gone');
  await rita.waitForMessage(room, 'sam', right);

  // Sam deletes a line for everyone: a tombstone for the others, nothing of its text.
  const oops = `${tag} oops, wrong room`;
  await sam.send(room, oops);
  const samOops = await sam.waitForMessage(room, 'sam', oops, { state: 'sent' });
  const oopsRef = await samOops.getAttribute('data-stanza-id');
  for (const viewer of [rita, tess]) await viewer.waitForMessage(room, 'sam', oops);
  const menu = await openMenu(samOops);
  await menu.getByTestId('message-retract').click();
  await menu.getByTestId('message-retract-confirm').click();
  for (const viewer of [sam, rita, tess]) {
    const tombstone = viewer.view(room)
      .locator(`[data-testid=chat-message][data-stanza-id="${oopsRef}"][data-retracted=true]`);
    await tombstone.waitFor();
    assert.equal(await tombstone.getByTestId('room-line-removed').textContent(), 'This message was deleted.');
    assert.equal(await viewer.view(room).getByText(oops).count(), 0, `${viewer.who} shows none of its text`);
  }

  // Rita and Tess both give Sam's corrected line a 👍: two, and who.
  const thumb = '[data-testid=reaction][data-emoji="👍"]';
  for (const viewer of [rita, tess]) {
    const row = await viewer.waitForMessage(room, 'sam', right);
    await (await openMenu(row)).locator('[data-testid=reaction-choice][data-emoji="👍"]').click();
    await row.locator(`${thumb}[aria-pressed=true]`).waitFor();
  }
  for (const viewer of [sam, rita, tess]) {
    const chip = viewer.message(room, 'sam', right).locator(`${thumb}[data-count="2"]`);
    await chip.waitFor();
    const title = await chip.getAttribute('title');
    assert.ok(title.includes('rita') && title.includes('tess'), `${viewer.who}: ${title}`);
    assert.equal(await viewer.view(room).getByTestId('reaction').count(), 1, `${viewer.who}: one chip in all`);
  }

  // Tess writes to Sam privately and corrects it with ↑: Sam sees the fix once, edited.
  await tess.occupant(room, 'sam').getByTestId('occupant-message').click();
  const toSam = tess.view(room).locator('[data-testid=room-private][data-nick="sam"]');
  await toSam.waitFor();
  const typo = `${tag} psst, bring teh map`;
  const fixed = `${tag} psst, bring the map`;
  await toSam.getByTestId('chat-input').fill(typo);
  await toSam.getByTestId('chat-input').press('Enter');
  await toSam.getByTestId('message-body').getByText(typo, { exact: true }).waitFor();
  await sam.occupant(room, 'tess').getByTestId('occupant-message').click();
  const fromTess = sam.view(room).locator('[data-testid=room-private][data-nick="tess"]');
  await fromTess.getByTestId('message-body').getByText(typo, { exact: true }).waitFor();
  await toSam.getByTestId('chat-input').press('ArrowUp');
  await tess.page.getByTestId('composer-editing').waitFor();
  await toSam.getByTestId('chat-input').fill(fixed);
  await toSam.getByTestId('chat-input').press('Enter');
  const privateFixed = fromTess.locator('[data-testid=chat-message][data-edited=true]')
    .filter({ has: sam.page.getByTestId('message-body').getByText(fixed, { exact: true }) });
  await privateFixed.waitFor();
  assert.equal(await fromTess.getByText(typo).count(), 0, 'the typo gone');
  assert.equal(await fromTess.getByTestId('chat-message').count(), 1, 'one private line');

  for (const viewer of [rita, sam, tess]) {
    assert.deepEqual(viewer.page.errors ?? [], [], `${viewer.who}: no page errors`);
    await new RosterPage(viewer.page).logOut();
  }
});
