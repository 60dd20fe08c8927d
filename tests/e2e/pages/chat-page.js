// Page object for an open conversation.
export class ChatPage {
  constructor(page) {
    this.page = page;
    this.title = page.getByTestId('chat-title');
    this.input = page.getByTestId('chat-input');
    this.sendButton = page.getByTestId('chat-send');
    this.messages = page.getByTestId('chat-message');
  }

  async open(jid) {
    await this.page.evaluate((hash) => { window.location.hash = hash; }, `#/chat/${jid}`);
    await this.page.locator('[data-testid=chat-peer]', { hasText: jid }).waitFor();
  }

  async sendWithEnter(text) {
    await this.input.fill(text);
    await this.input.press('Enter');
  }

  async sendWithButton(text) {
    await this.input.fill(text);
    await this.sendButton.click();
  }

  /** The message from `from` whose body is exactly `body`, once it is shown. */
  async waitForMessage(from, body) {
    const message = this.page.locator(`[data-testid=chat-message][data-from="${from}"]`)
      .filter({ has: this.page.getByTestId('message-body').getByText(body, { exact: true }) });
    await message.first().waitFor();
    return message.first();
  }

  async bodies() {
    return this.page.getByTestId('message-body').allTextContents();
  }

  /** Scrolls the message list (`'top'`, `'bottom'`, or `{ by }` a fraction of its height down,
   * or `{ at }` a fraction of its content) and waits until Palaver has handled it: the scroll
   * event fires within the next frame, what it changes is drawn in the frame after, and a page
   * it asks of the archive is in once `data-history` is no longer `loading`. */
  async scrollAndSettle(to) {
    await this.page.getByTestId('message-list').evaluate((l, where) => {
      if (where === 'top') l.scrollTop = 0;
      else if (where === 'bottom') l.scrollTop = l.scrollHeight;
      else if (where.by !== undefined) l.scrollTop += Math.floor(l.clientHeight * where.by);
      else l.scrollTop = Math.floor(l.scrollHeight * where.at);
      return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    }, to);
    await this.page.waitForFunction(() =>
      document.querySelector('[data-testid=message-list]')?.dataset.history !== 'loading');
  }

  /** Waits until the message list shows its bottom (within the 48 px Palaver counts as there). */
  async waitUntilAtNewest() {
    await this.page.waitForFunction(() => {
      const l = document.querySelector('[data-testid=message-list]');
      return l && l.scrollHeight - l.scrollTop - l.clientHeight < 48;
    });
  }

  /** The id of the last row in the page (the newest shown), or null. */
  async lastRowId() {
    return this.messages.evaluateAll((rows) => rows.at(-1)?.dataset.id ?? null);
  }
}

/** Every row of the open conversation whose body starts with `tag`, in order, as the reader
 * sees it: `{ id, from, body, state, outgoing }`. */
export async function conversationRows(page, tag) {
  const rows = await page.getByTestId('chat-message').evaluateAll((rows) => rows.map((row) => ({
    id: row.dataset.id,
    from: row.dataset.from,
    body: row.querySelector('[data-testid=message-body]')?.textContent ?? '',
    state: row.dataset.state,
    outgoing: row.classList.contains('outgoing'),
  })));
  return rows.filter((row) => row.body.startsWith(tag));
}
