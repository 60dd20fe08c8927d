// Rooms notify only about what is for me: with the tab hidden (faked, pages/notifications.js),
// a line naming me and a private message each bring a desktop notification and count in the
// title; other lines do not. Clicking the notification (its onclick called) opens the room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';
import { instrument, setHidden } from '../pages/notifications.js';

const chromium = useBrowser();

test('a hidden tab notifies a mention and a private message from a room, not its other lines', async () => {
  const room = uniqueRoom('notify');
  const name = room.split('@')[0];
  const carol = new RoomPage(await logInAs(chromium.browser, 'carol', {
    contextOptions: { permissions: ['notifications'] }, initScripts: [instrument],
  }), 'carol');
  const bob = new RoomPage(await logInAs(chromium.browser, 'bob'), 'bob');
  await carol.page.getByTestId('settings-toggle').click();
  await carol.page.getByTestId('settings-notifications').check();
  await carol.page.keyboard.press('Escape');
  await bob.create(room);
  await carol.join(room);
  await bob.waitForOccupants(room, ['bob', 'carol']);
  await carol.page.evaluate(() => { window.location.hash = '#/'; });

  await setHidden(carol.page, true);
  await bob.send(room, 'good morning all');
  await bob.send(room, 'carol: the report?');
  await carol.page.waitForFunction(() => window.__notifications.length >= 1);
  await bob.occupant(room, 'carol').getByTestId('occupant-message').click();
  const toCarol = bob.view(room).locator('[data-testid=room-private][data-nick=carol]');
  await toCarol.getByTestId('chat-input').fill('between us');
  await toCarol.getByTestId('chat-input').press('Enter');
  await carol.page.waitForFunction(() => window.__notifications.length >= 2);
  const shown = await carol.page.evaluate(() => window.__notifications.map(({ title, body, tag }) => ({ title, body, tag })));
  assert.deepEqual(shown, [
    { title: `bob in ${name}`, body: 'carol: the report?', tag: `palaver:room:${room}` },
    { title: `bob (private, in ${name})`, body: 'between us', tag: `palaver:room:${room}` },
  ], 'the mention and the private message, not "good morning all"');
  assert.equal(await carol.page.title(), '(2) Palaver', 'what is for carol counts in the title');

  await setHidden(carol.page, false);
  await carol.page.evaluate(() => window.__notifications[0].instance.onclick());
  await carol.view(room, 'joined').waitFor();
  await carol.page.waitForFunction(() => document.title === 'Palaver').catch(async (error) => {
    throw new Error(`the title still says ${await carol.page.title()} with the room open (${error.message})`);
  });
  for (const viewer of [carol, bob]) await new RosterPage(viewer.page).logOut();
});
