// How the benchmark drives each client: the same steps, each client's own way of doing them.
// Both are configured to log in at once (Palaver: window.palaverConfig; Converse.js: its
// auto_login), so no typing is timed. Only what differs between the two is here (selectors,
// how to start and open a chat); what a step means is defined once, in run.js.

/** Palaver, from its built dist/ (the README's testing hooks). */
export const palaver = {
  name: 'Palaver',
  url: (base) => base,
  async prepare(context, { websocketUrl, jid, password }) {
    await context.addInitScript((cfg) => { window.palaverConfig = cfg; },
      jid ? { websocketUrl, jid, password, autoLogin: true } : { websocketUrl });
  },
  loginFormReady: '[data-testid=login-submit]',
  /** The contact list (virtualized: it scrolls in `.roster-scroll`, its parent). */
  rosterList: 'ul.roster',
  rosterRow: (jid) => `[data-testid=roster-item][data-jid="${jid}"]`,
  async openChat(page, jid) {
    await page.locator('[data-testid=connection-status][data-state=online]').waitFor({ timeout: 120_000 });
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/chat/${jid}`);
    await page.getByTestId('chat-input').waitFor();
  },
  messageSelector: '[data-testid=message-body]',
  /** The scrolling message list: scrolled to the top, it shows or asks for older messages. */
  messageList: '[data-testid=message-list]',
  // Group chat (README, "Testing": room-*, occupant).
  waitOnline: (page) => page.locator('[data-testid=connection-status][data-state=online]').waitFor({ timeout: 120_000 }),
  /** Fills the join form (untimed); the returned function submits it, as a user's click. */
  async prepareJoin(page, room, nick) {
    await page.getByTestId('room-join').click();
    await page.getByTestId('room-join-jid').fill(room);
    await page.getByTestId('room-join-nick').fill(nick);
    return () => page.getByTestId('room-join-submit').click();
  },
  /** The occupants: the list's rows' `<ul>` (virtualized or not, it scrolls in its nearest
   * scrollable ancestor, inside `occupant-list`), a row, and the nick of a row (`data-nick`). */
  occupantList: '[data-testid=occupant-list] ul',
  occupantRow: '[data-testid=occupant]',
  occupantNick: null,
  roomItem: (jid) => `[data-testid=room-item][data-jid="${jid}"]`,
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
  /** The contact list (every contact is rendered; an ancestor scrolls). */
  rosterList: '.roster-contacts',
  rosterRow: (jid) => `a.open-chat[data-jid="${jid}"]`,
  async openChat(page, jid) {
    await page.waitForFunction(() => window.benchConverse?.api?.connection?.connected?.(), null, { timeout: 120_000 });
    await page.evaluate((peer) => window.benchConverse.api.chats.open(peer, {}, true), jid);
    await page.locator('.chat-textarea').first().waitFor();
  },
  messageSelector: '.chat-msg__text',
  /** The scrolling message list (flex-direction: column-reverse: its top is the most negative
   * scrollTop). Older archived messages come through a placeholder at its top that fetches the
   * page before it once it is scrolled into view (Converse.js 14: converse-mam-placeholder,
   * auto_fill_history_gaps). */
  messageList: '.chat-content__messages',
  // Group chat (Converse.js 14's muc-views: converse-muc-occupants renders every occupant as
  // li.occupant with its nick in .occupant-nick; roomslist lists a room as li.available-chatroom).
  waitOnline: (page) => page.waitForFunction(() => window.benchConverse?.api?.connection?.connected?.(), null,
    { timeout: 120_000 }),
  /** Nothing to fill: its API opens and shows the room (as its "Add a groupchat" form does). */
  async prepareJoin(page, room, nick) {
    return () => page.evaluate(([jid, name]) => { window.benchConverse.api.rooms.open(jid, { nick: name }, true); },
      [room, nick]);
  },
  occupantList: '.occupant-list',
  occupantRow: 'li.occupant',
  occupantNick: '.occupant-nick',
  roomItem: (jid) => `li.available-chatroom[data-room-jid="${jid}"]`,
};
