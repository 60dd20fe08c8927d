// Page object for a room's configuration (XEP-0045 §10) and the generic data form (XEP-0004)
// it renders. Hooks: `room-join-configure` (the join dialog's "set it up first" box),
// `room-config` (the owner's button in the room's header), `room-config-form` (with
// `data-creating`), `form-field` (with `data-var`, `data-type`, `data-required`; its control is
// the input, textarea or select inside; list-multi choices are checkboxes with `data-value`),
// `form-field-error`, `form-submit`, `form-cancel`, `room-config-error`, `room-destroy` then
// `room-destroy-reason`, `room-destroy-venue` and `room-destroy-confirm`.
import { RoomPage } from './room-page.js';

export class RoomConfigPage extends RoomPage {
  /** The configuration view, of a room being created (`creating` true) or not, if given. */
  form(creating) {
    const selector = '[data-testid=room-config-form]';
    return this.page.locator(creating === undefined ? selector : `${selector}[data-creating=${creating}]`);
  }

  /** The field named `name` (its `var`). */
  field(name) {
    return this.form().locator(`[data-testid=form-field][data-var="${name}"]`);
  }

  /** The text, password or list control of the field `name`. */
  control(name) {
    return this.field(name).locator('input:not([type=checkbox]), textarea, select');
  }

  /**
   * Joins `jid` (which must be new) asking to set it up first, and waits for its form: the
   * dialog closes and the room's view shows the form, the room still locked to others.
   */
  async startCreating(jid, { nick } = {}) {
    await this.openJoinDialog();
    await this.joinJid.fill(jid);
    if (nick !== undefined) await this.joinNick.fill(nick);
    await this.page.getByTestId('room-join-configure').check();
    await this.joinSubmit.click();
    await this.form(true).waitFor().catch(async (error) => {
      const refused = await this.joinError.isVisible() ? await this.joinError.textContent() : 'no refusal shown';
      throw new Error(`${this.who} never saw the form of the new room ${jid} (${refused}; ${error.message})`);
    });
  }

  /** Opens the owner's configuration of the open room `jid` and waits for its form. */
  async openSettings(jid) {
    await this.view(jid, 'joined').getByTestId('room-config').click();
    await this.form(false).locator('[data-testid=form-submit]').waitFor();
  }

  /** Fills the form: `text` (var → text), `checks` (var → boolean), `choices` (var → value). */
  async fill({ text = {}, checks = {}, choices = {} } = {}) {
    for (const [name, value] of Object.entries(text)) await this.control(name).fill(value);
    for (const [name, on] of Object.entries(checks)) {
      await this.field(name).locator('input[type=checkbox]').setChecked(on);
    }
    for (const [name, value] of Object.entries(choices)) await this.control(name).selectOption(value);
  }

  /** Submits the form and waits until the room accepted it (the form is gone). */
  async submit() {
    await this.form().getByTestId('form-submit').click();
    await this.form().waitFor({ state: 'detached' }).catch(async (error) => {
      const said = await this.form().getByTestId('room-config-error').textContent({ timeout: 1_000 })
        .catch(() => 'no refusal shown');
      throw new Error(`${this.who}'s room configuration was not accepted: ${said} (${error.message})`);
    });
  }

  /** Destroys the room from its configuration view, with an optional reason and venue. */
  async destroy({ reason, venue } = {}) {
    await this.form().getByTestId('room-destroy').click();
    if (reason !== undefined) await this.form().getByTestId('room-destroy-reason').fill(reason);
    if (venue !== undefined) await this.form().getByTestId('room-destroy-venue').fill(venue);
    await this.form().getByTestId('room-destroy-confirm').click();
  }
}
