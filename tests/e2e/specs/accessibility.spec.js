// axe-core (the accessibility engine of browsers' dev tools) on the login, roster and chat
// screens, on desktop and phone viewports: no serious or critical violation. The report of
// every run (all impacts) is printed as a diagnostic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useBrowser, openPalaver } from '../pages/browser.js';
import { LoginPage } from '../pages/login-page.js';
import { ChatPage } from '../pages/chat-page.js';
import { RoomPage, uniqueRoom } from '../pages/room-page.js';
import { RosterPage } from '../pages/roster-page.js';

const chromium = useBrowser();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe on the page; returns the violations as "impact rule (nodes)". */
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((v) => ({
    impact: v.impact, id: v.id, nodes: v.nodes.length,
    where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}

function serious(violations) {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

for (const [device, viewport] of [['desktop', { width: 1200, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`no serious or critical axe violation on the login, roster, chat and room screens (${device})`, async (t) => {
    // axe is injected as a script: the page's own CSP would refuse it.
    const page = await openPalaver(chromium.browser, { viewport, contextOptions: { bypassCSP: true } });
    const bob = await openPalaver(chromium.browser);
    await new LoginPage(bob).logInAndWait('bob@localhost', 'bob');
    await page.getByTestId('login-submit').waitFor();
    const report = {};
    report.login = await audit(page);

    await new LoginPage(page).logInAndWait('alice@localhost', 'alice');
    await new RosterPage(page).waitForPresence('bob@localhost', 'online');
    report.roster = await audit(page);

    const bobChat = new ChatPage(bob);
    await bobChat.open('alice@localhost');
    await bobChat.sendWithEnter('an accessible hello, see https://example.org');
    const chat = new ChatPage(page);
    await chat.open('bob@localhost');
    await chat.waitForMessage('bob@localhost', 'an accessible hello, see https://example.org');
    await chat.sendWithEnter('and back');
    report.chat = await audit(page);
    // A message's actions menu open, and a reaction and a reply in the list.
    const hello = await chat.waitForMessage('bob@localhost', 'an accessible hello, see https://example.org');
    await hello.getByTestId('message-actions').click();
    await hello.locator('[data-testid=reaction-choice][data-emoji="👍"]').click();
    await hello.getByTestId('message-actions').click();
    await hello.getByTestId('message-reply').click();
    await chat.sendWithEnter('replying to it');
    await page.locator('[data-testid=reply-quote]').last().waitFor();
    await hello.getByTestId('message-actions').click();
    await hello.getByRole('menu').waitFor();
    report['chat with a menu, a reaction and a reply'] = await audit(page);
    await page.keyboard.press('Escape');

    // A room: its timeline, occupants and composer (on a phone, the occupants as a sheet).
    await page.evaluate(() => { window.location.hash = '#/'; });
    const room = uniqueRoom(`a11y-${device}`);
    const rooms = new RoomPage(page, 'alice');
    await rooms.create(room);
    await rooms.send(room, 'hello room');
    await rooms.waitForMessage(room, 'alice', 'hello room', { state: 'sent' });
    report.room = await audit(page);
    if (device === 'phone') {
      assert.equal(await rooms.occupant(room, 'alice').isVisible(), false, 'no room for the occupants beside the room');
      await page.getByTestId('room-people').click();
      await rooms.occupant(room, 'alice').waitFor({ state: 'visible' });
      report['room with its people'] = await audit(page);
    }

    for (const [screen, violations] of Object.entries(report)) {
      t.diagnostic(`${device} ${screen}: ${violations.length === 0 ? 'no violations'
        : violations.map((v) => `${v.impact} ${v.id} ×${v.nodes} (${v.where.join(', ')})`).join('; ')}`);
    }
    for (const [screen, violations] of Object.entries(report)) {
      assert.deepEqual(serious(violations), [], `${device} ${screen}`);
    }
    await new RosterPage(page).logOut();
    await new RosterPage(bob).logOut();
  });
}
