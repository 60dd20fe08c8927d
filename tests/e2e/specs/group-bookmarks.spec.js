// Rooms are kept as bookmarks (XEP-0402, PEP `urn:xmpp:bookmarks:1`): a room joined on one
// device appears, joined, on the other at once (the server's notification); un-keeping it on one
// device keeps that one in and makes the other leave; the next login joins a kept room again by
// itself; leaving it on one device takes it off every device and off the next login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logInAs } from '../pages/login-page.js';
import { useBrowser, waitForFrame } from '../pages/browser.js';
import { RosterPage } from '../pages/roster-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';

const chromium = useBrowser();

async function device(name) {
  return new RoomPage(await logInAs(chromium.browser, 'alice'), name);
}

test('a room joined on one device is on the other at once and at the next login; leaving it removes it everywhere', async () => {
  const room = uniqueRoom('kept');
  const laptop = await device('the laptop');
  const phone = await device('the phone');

  await laptop.create(room);
  await laptop.view(room).locator('[data-testid=bookmark-toggle][aria-pressed=true]').waitFor().catch((error) => {
    throw new Error(`the room joined on the laptop is not shown as kept (${error.message})`);
  });
  await phone.item(room).waitFor().catch((error) => {
    throw new Error(`the phone does not list ${room} joined on the laptop (${error.message})`);
  });
  await phone.page.locator(`[data-testid=room-item][data-jid="${room}"][data-state=joined]`).waitFor();

  // Un-keeping it on the laptop: the laptop stays in, the phone leaves (XEP-0402 §5).
  await laptop.view(room).getByTestId('bookmark-toggle').click();
  await phone.item(room).waitFor({ state: 'detached', timeout: 15_000 }).catch((error) => {
    throw new Error(`the phone still lists ${room} after the laptop un-kept it (${error.message})`);
  });
  await laptop.view(room).locator('[data-testid=bookmark-toggle][aria-pressed=false]').waitFor();
  assert.equal(await laptop.view(room, 'joined').count(), 1, 'the laptop is still in the room');
  // Kept again: on the phone again.
  await laptop.view(room).getByTestId('bookmark-toggle').click();
  await phone.page.locator(`[data-testid=room-item][data-jid="${room}"][data-state=joined]`).waitFor();

  // The next login joins it by itself.
  await new RosterPage(phone.page).logOut();
  await new RosterPage(laptop.page).logOut();
  const desk = await device('the desk');
  await desk.page.locator(`[data-testid=room-item][data-jid="${room}"][data-state=joined]`).waitFor().catch((error) => {
    throw new Error(`the next login does not rejoin ${room} (${error.message})`);
  });
  await desk.open(room);
  await desk.view(room, 'joined').waitFor();

  // Leaving it on one device: gone there and on the other, and not joined at the next login.
  const tablet = await device('the tablet');
  await tablet.page.locator(`[data-testid=room-item][data-jid="${room}"][data-state=joined]`).waitFor();
  await desk.view(room).getByTestId('room-leave').click();
  await desk.item(room).waitFor({ state: 'detached' });
  await tablet.item(room).waitFor({ state: 'detached', timeout: 15_000 }).catch((error) => {
    throw new Error(`the tablet still lists ${room} after the desk left it (${error.message})`);
  });
  await new RosterPage(tablet.page).logOut();
  await new RosterPage(desk.page).logOut();
  const again = await device('the next login');
  // Once the server has answered the login's question for the bookmarks (and a render later),
  // the room would be listed if it were still kept.
  await waitForFrame(again.page,
    /<iq\b(?=[^>]*\btype=["']result["'])[^>]*>\s*<pubsub\b[^>]*>\s*<items\b[^>]*node=["']urn:xmpp:bookmarks:1["']/);
  await again.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.equal(await again.item(room).count(), 0, 'not listed at the next login');
  await new RosterPage(again.page).logOut();
});
