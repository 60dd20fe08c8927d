// Takes the README's screenshots of a real conversation, desktop and phone size. A test run
// writes them to tests/e2e/artifacts/screenshots/ (ignored by git); only with
// PALAVER_UPDATE_SCREENSHOTS=1 do they replace the README's pictures in tests/e2e/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const SHOTS = process.env.PALAVER_UPDATE_SCREENSHOTS === '1'
  ? fileURLToPath(new URL('../screenshots/', import.meta.url))
  : `${ARTIFACTS}screenshots/`;

const chromium = useBrowser();

test('desktop and phone layouts of a conversation', async () => {
  const carolPage = await logInAs(chromium.browser, 'carol');
  const davePage = await logInAs(chromium.browser, 'dave', { viewport: { width: 390, height: 844 } });
  const carol = new RosterPage(carolPage);
  const dave = new RosterPage(davePage);
  await dave.setPresence('away', 'On the train');
  await carol.waitForPresence('dave@localhost', 'away', { status: 'On the train' });

  await carol.openChat('dave@localhost');
  const carolChat = new ChatPage(carolPage);
  await carolChat.sendWithEnter('Are we still on for lunch?');
  const daveChat = new ChatPage(davePage);
  await daveChat.open('carol@localhost');
  await daveChat.waitForMessage('carol@localhost', 'Are we still on for lunch?');
  // On a phone only the conversation shows; the roster is one "back" away.
  assert.equal(await dave.contact('carol@localhost').isVisible(), false);
  // Dave answers that very question (a reply quotes it), Carol likes the answer, and the
  // styling of the next one shows.
  const question = await daveChat.waitForMessage('carol@localhost', 'Are we still on for lunch?');
  await question.getByTestId('message-actions').click();
  await question.getByTestId('message-reply').click();
  await daveChat.sendWithEnter('Yes! 12:30 at the usual place.');
  const answer = await carolChat.waitForMessage('dave@localhost', 'Yes! 12:30 at the usual place.');
  await answer.getByTestId('reply-quote').waitFor();
  await answer.getByTestId('message-actions').click();
  await answer.locator('[data-testid=reaction-choice][data-emoji="👍"]').click();
  await davePage.locator('[data-testid=reaction][data-emoji="👍"]').waitFor();
  await daveChat.sendWithEnter('Bring the *slides*, please');
  await carolChat.waitForMessage('dave@localhost', 'Bring the *slides*, please');
  await carolPage.locator('[data-testid=chat-message][data-from="carol@localhost"][data-state=read]').last().waitFor();

  mkdirSync(SHOTS, { recursive: true });
  await carolPage.screenshot({ path: `${SHOTS}chat-desktop.png` });
  await davePage.screenshot({ path: `${SHOTS}chat-phone.png` });
  await dave.logOut();
  await carol.logOut();
});
