// How the benchmark drives each client: the same steps, each client's own way of doing them.
// Both are configured to log in at once (Palaver: window.palaverConfig; Converse.js: its
// auto_login), so no typing is timed.

/** Palaver, from its built dist/ (the README's testing hooks). */
export const palaver = {
  name: 'Palaver',
  url: (base) => base,
  async prepare(context, { websocketUrl, jid, password }) {
    await context.addInitScript((cfg) => { window.palaverConfig = cfg; },
      jid ? { websocketUrl, jid, password, autoLogin: true } : { websocketUrl });
  },
  loginFormReady: '[data-testid=login-submit]',
  /** Resolves once `jid` (named `name`) is on screen: typed into the contact filter. */
  async reachContact(page, jid, name) {
    await page.locator('[data-testid=connection-status][data-state=online]').waitFor({ timeout: 600_000 });
    await page.locator('[data-testid=roster-item], [data-testid=roster-group]').first().waitFor({ timeout: 600_000 });
    await page.getByTestId('roster-filter').fill(name);
    await page.locator(`[data-testid=roster-item][data-jid="${jid}"]`).waitFor({ timeout: 600_000 });
  },
  async openChat(page, jid) {
    await page.locator('[data-testid=connection-status][data-state=online]').waitFor({ timeout: 120_000 });
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/chat/${jid}`);
    await page.getByTestId('chat-input').waitFor();
  },
  messageSelector: '[data-testid=message-body]',
  messageList: '[data-testid=message-list]',
  /** Whether the whole archive is loaded (scrolling up is done). */
  historyComplete: (page) => page.evaluate(() =>
    document.querySelector('[data-testid=message-list]')?.dataset.history === 'complete'),
  wasmMemory: (page) => page.evaluate(() => window.palaverWasmMemory?.buffer.byteLength ?? 0),
};

/** Converse.js 14 from npm, with its defaults (tests/bench/converse/). */
export const converse = {
  name: 'Converse.js',
  url: (base, { websocketUrl, jid, password }) => {
    const query = new URLSearchParams({ ws: websocketUrl });
    if (jid) { query.set('jid', jid); query.set('password', password); }
    return `${base}?${query}`;
  },
  async prepare() {},
  loginFormReady: '#converse-login-jid',
  /** Converse.js renders every contact: the last one's row exists. */
  async reachContact(page, jid) {
    await page.locator(`a.open-chat[data-jid="${jid}"]`).waitFor({ state: 'attached', timeout: 600_000 });
  },
  async openChat(page, jid) {
    await page.waitForFunction(() => window.benchConverse?.api?.connection?.connected?.(), null, { timeout: 120_000 });
    await page.evaluate((peer) => window.benchConverse.api.chats.open(peer, {}, true), jid);
    await page.locator('.chat-textarea').first().waitFor();
  },
  messageSelector: '.chat-msg__text',
  messageList: '.chat-content__messages, .chat-content',
  /** Converse.js has no such flag: done when the first message is rendered (run.js checks). */
  historyComplete: async () => false,
  wasmMemory: async () => 0,
};
