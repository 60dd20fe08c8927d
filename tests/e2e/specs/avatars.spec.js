// Avatars (XEP-0084): Ivan picks a picture in the settings; Palaver scales it to a 96×96 PNG
// and publishes it; Judy sees it on Ivan's row and in his conversation, and so does a new
// login; removing it brings the initials back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { settled, useBrowser, waitForFrame } from '../pages/browser.js';
import { logInAs } from '../pages/login-page.js';
import { RosterPage } from '../pages/roster-page.js';
import { ChatPage } from '../pages/chat-page.js';

const chromium = useBrowser();

/** A `size`×`size` PNG of one colour, built by hand (no image library in the test). */
function png(size, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

const ivanAvatar = (page) => page.locator('[data-testid=roster-item][data-jid="ivan@localhost"] [data-testid=avatar] img');

test('a picture chosen in the settings becomes the avatar others see', async () => {
  // Judy first, so she sees Ivan's presences from his login on.
  const judyPage = await logInAs(chromium.browser, 'judy');
  const ivanPage = await logInAs(chromium.browser, 'ivan');
  await new RosterPage(judyPage).waitForPresence('ivan@localhost', 'online');
  // Before: Ivan's presence says he has no picture (XEP-0153: an empty <photo/>, sent once
  // his vCard is read), and Judy shows his initials.
  const noPhoto = await waitForFrame(judyPage,
    /^<presence\b[^>]*from=["']ivan@localhost\/[\s\S]*vcard-temp:x:update[\s\S]*<photo\b/);
  assert.match(noPhoto, /<photo\s*\/>|<photo>\s*<\/photo>/, `Ivan has no picture yet: ${noPhoto}`);
  await settled(judyPage);
  assert.equal(await ivanAvatar(judyPage).count(), 0, 'initials before');

  await ivanPage.getByTestId('settings-toggle').click();
  await ivanPage.getByTestId('settings-avatar').setInputFiles({
    name: 'me.png', mimeType: 'image/png', buffer: png(300, [200, 40, 40]),
  });
  await ivanPage.getByTestId('settings-avatar-status').filter({ hasText: 'saved' }).waitFor();
  // Ours shows in our own header as well.
  await ivanPage.locator('.me [data-testid=avatar][data-jid="ivan@localhost"] img').waitFor();

  await ivanAvatar(judyPage).waitFor();
  const src = await ivanAvatar(judyPage).getAttribute('src');
  assert.match(src, /^data:image\/png;base64,/);
  const size = await ivanAvatar(judyPage).evaluate(async (img) => {
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  });
  assert.deepEqual(size, [96, 96], 'scaled before publishing');
  await new ChatPage(judyPage).open('ivan@localhost');
  await judyPage.locator('.chat-header [data-testid=avatar] img').waitFor();

  // A new login (a fresh page, no cache) gets it from the server.
  const fresh = await logInAs(chromium.browser, 'judy');
  await ivanAvatar(fresh).waitFor();
  assert.equal(await ivanAvatar(fresh).getAttribute('src'), src);

  // Removing it brings the initials back everywhere.
  await ivanPage.getByTestId('settings-avatar-remove').click();
  await ivanAvatar(fresh).waitFor({ state: 'detached' });
  assert.equal((await fresh.locator('[data-testid=roster-item][data-jid="ivan@localhost"] [data-testid=avatar]').textContent()).trim(), 'I');

  for (const page of [ivanPage, judyPage, fresh]) assert.deepEqual(page.errors, []);
  await new RosterPage(fresh).logOut();
  await new RosterPage(judyPage).logOut();
  await ivanPage.keyboard.press('Escape');
  await new RosterPage(ivanPage).logOut();
});
