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
}
