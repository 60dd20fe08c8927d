// Page object for the roster side: contacts, own presence, logout.
export class RosterPage {
  constructor(page) {
    this.page = page;
    this.presenceSelect = page.getByTestId('presence-select');
    this.statusInput = page.getByTestId('status-input');
    this.logoutButton = page.getByTestId('logout');
  }

  contact(jid) {
    return this.page.locator(`[data-testid=roster-item][data-jid="${jid}"]`);
  }

  /** Waits until `jid` shows with `presence` (online|chat|away|xa|dnd|offline). */
  async waitForPresence(jid, presence, { status } = {}) {
    let selector = `[data-testid=roster-item][data-jid="${jid}"][data-presence="${presence}"]`;
    if (status !== undefined) selector += `[data-status="${status}"]`;
    await this.page.locator(selector).waitFor();
  }

  async setPresence(value, status) {
    if (status !== undefined) await this.statusInput.fill(status);
    await this.presenceSelect.selectOption(value);
  }

  /** Opens the conversation with `jid` by clicking its roster row. */
  async openChat(jid) {
    await this.contact(jid).click();
    await this.page.locator('[data-testid=chat-peer]', { hasText: jid }).waitFor();
  }

  /** Logs out cleanly (`<close/>`), so no stream-management session lingers on the server. */
  async logOut() {
    // On a phone an open conversation hides the roster pane; go back to it first.
    if (!(await this.logoutButton.isVisible())) await this.page.getByTestId('chat-back').click();
    await this.logoutButton.click();
    await this.page.getByTestId('login-submit').waitFor();
  }
}
