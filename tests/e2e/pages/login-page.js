// Page object for the login form (data-testid hooks from README, "Configuration").
import { openPalaver } from './browser.js';

export class LoginPage {
  constructor(page) {
    this.page = page;
    this.jid = page.getByTestId('login-jid');
    this.password = page.getByTestId('login-password');
    this.server = page.getByTestId('login-server');
    this.submit = page.getByTestId('login-submit');
    this.error = page.getByTestId('login-error');
    this.status = page.getByTestId('connection-status');
  }

  async logIn(jid, password, { server } = {}) {
    await this.jid.fill(jid);
    await this.password.fill(password);
    if (server !== undefined) await this.server.fill(server);
    await this.submit.click();
  }

  /** Logs in and waits until the connection indicator says online. */
  async logInAndWait(jid, password) {
    await this.logIn(jid, password);
    await this.page.locator('[data-testid=connection-status][data-state=online]').waitFor();
  }

  async errorText() {
    await this.error.waitFor();
    return this.error.textContent();
  }
}

/** Opens Palaver and logs in as a demo user (password = user name); returns the page online. */
export async function logInAs(browser, user, options) {
  const page = await openPalaver(browser, options);
  await new LoginPage(page).logInAndWait(`${user}@localhost`, user);
  return page;
}
