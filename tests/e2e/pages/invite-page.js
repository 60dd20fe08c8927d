// Page object for invitations to rooms and a room's "Members & bans" panel. Hooks: in a room's
// header `room-invite` (opens `room-invite-form`: `room-invite-jid`, `room-invite-reason`,
// `room-invite-submit`, `room-invite-error`) and `room-affiliations` (admins and owners: opens
// `affiliation-lists` of `affiliation-list` with `data-affiliation` and `data-state` =
// `loading|loaded|failed`, holding `affiliation-item`
// with `data-jid` and `affiliation-remove`, `affiliation-add-jid`, `affiliation-add-reason` (the
// ban list), `affiliation-add`, `affiliation-error`, `affiliation-empty`); in the sidebar
// `room-invitations` of `room-invitation` (`data-room`, `data-mediated`, `data-stranger`) with
// `room-invitation-from`, `room-invitation-room`, `room-invitation-reason`,
// `room-invitation-stranger`, `room-invitation-error`, `room-invitation-accept`,
// `room-invitation-decline`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../../../scripts/prosody/prosody.cfg.lua', import.meta.url));
const [PROSODY_DIR] = (process.env.PALAVER_E2E_PROSODY ?? '/tmp/palaver-test-prosody 5380 5342').split(' ');

/** Runs `call` (`set_members_only(true)`) on `room` in the test server's admin shell. */
function configureRoom(room, call) {
  const out = execFileSync('prosodyctl', ['--config', CONFIG, 'shell', `muc:room(${JSON.stringify(room)}):${call}`],
    { env: { ...process.env, PALAVER_PROSODY_DIR: PROSODY_DIR }, encoding: 'utf8', timeout: 20_000 });
  if (!/Result: true|OK/.test(out)) throw new Error(`could not ${call} on ${room}: ${out}`);
}

/**
 * Makes `room` members-only on the test server, through its admin shell (what an owner does
 * with the room's configuration form; Prosody then removes non-members with status 322).
 * `nonAnonymous` also shows everyone's address to everyone (whois = anyone), as private group
 * chats do (Conversations configures them so): Prosody then names the real inviter in a
 * mediated invitation, where a semi-anonymous room names only their seat.
 */
export function setMembersOnly(room, { nonAnonymous = false } = {}) {
  configureRoom(room, 'set_members_only(true)');
  if (nonAnonymous) configureRoom(room, 'set_whois("anyone")');
}

export class InvitePage {
  /** `rooms` is the user's RoomPage (its page, its name for messages). */
  constructor(rooms) {
    this.rooms = rooms;
    this.page = rooms.page;
    this.who = rooms.who;
  }

  /** Invites `address` to the open room `room` from its header, with an optional reason. */
  async invite(room, address, reason) {
    const view = this.rooms.view(room, 'joined');
    const form = view.getByTestId('room-invite-form');
    if (!(await form.isVisible())) await view.getByTestId('room-invite').click();
    await form.getByTestId('room-invite-jid').fill(address);
    if (reason !== undefined) await form.getByTestId('room-invite-reason').fill(reason);
    await form.getByTestId('room-invite-submit').click();
    await form.waitFor({ state: 'detached' });
  }

  /** The invitation card to `room`. */
  card(room) {
    return this.page.locator(`[data-testid=room-invitation][data-room="${room}"]`);
  }

  /** Waits for the card to `room`; returns it. */
  async waitForCard(room) {
    const card = this.card(room);
    await card.waitFor().catch((error) => {
      throw new Error(`${this.who} never got an invitation card to ${room} (${error.message})`);
    });
    return card;
  }

  /** Accepts the invitation to `room` and waits until the room is open and joined. */
  async accept(room) {
    await (await this.waitForCard(room)).getByTestId('room-invitation-accept').click();
    await this.rooms.view(room, 'joined').waitFor().catch(async (error) => {
      const why = await this.card(room).getByTestId('room-invitation-error').textContent({ timeout: 1_000 })
        .catch(() => 'no reason shown');
      throw new Error(`${this.who} accepted the invitation to ${room} but is not in it: ${why} (${error.message})`);
    });
    await this.card(room).waitFor({ state: 'detached' });
  }

  /** Declines the invitation to `room`; the card goes. */
  async decline(room) {
    await (await this.waitForCard(room)).getByTestId('room-invitation-decline').click();
    await this.card(room).waitFor({ state: 'detached' });
  }

  /** Opens the room's "Members & bans" panel (the room must be open). */
  async openLists(room) {
    const view = this.rooms.view(room, 'joined');
    const panel = view.getByTestId('affiliation-lists');
    if (!(await panel.isVisible())) await view.getByTestId('room-affiliations').click();
    await panel.waitFor();
    return panel;
  }

  /** Closes the panel if open. */
  async closeLists(room) {
    const view = this.rooms.view(room, 'joined');
    if (await view.getByTestId('affiliation-lists').isVisible()) {
      await view.getByTestId('room-affiliations').click();
    }
    await view.getByTestId('affiliation-lists').waitFor({ state: 'detached' });
  }

  /** The list of `affiliation` (`member`, `admin`, `owner`, `outcast`) in the open panel. */
  list(room, affiliation) {
    return this.rooms.view(room).locator(`[data-testid=affiliation-list][data-affiliation=${affiliation}]`);
  }

  /** Waits until the list shows exactly `jids` (in any order). */
  async waitForList(room, affiliation, jids, { timeout = 30_000 } = {}) {
    const want = [...jids].sort();
    try {
      await this.page.waitForFunction(({ room, affiliation, want }) => {
        const view = [...document.querySelectorAll('[data-testid=room-view]')].find((v) => v.dataset.jid === room);
        const list = view?.querySelector(`[data-testid=affiliation-list][data-affiliation=${affiliation}]`);
        if (list?.dataset.state !== 'loaded') return false;
        const have = [...list.querySelectorAll('[data-testid=affiliation-item]')].map((i) => i.dataset.jid).sort();
        return have.length === want.length && have.every((jid, i) => jid === want[i]);
      }, { room, affiliation, want }, { timeout });
    } catch (error) {
      const have = await this.list(room, affiliation).getByTestId('affiliation-item')
        .evaluateAll((items) => items.map((i) => i.dataset.jid)).catch(() => []);
      throw new Error(`${this.who}: the ${affiliation} list of ${room} shows [${have.join(', ')}], `
        + `expected [${want.join(', ')}] (${error.message})`);
    }
  }

  /** Adds `jid` to the list of `affiliation` (with a reason, for a ban). */
  async addToList(room, affiliation, jid, reason) {
    const list = this.list(room, affiliation);
    await list.getByTestId('affiliation-add-jid').fill(jid);
    if (reason !== undefined) await list.getByTestId('affiliation-add-reason').fill(reason);
    await list.getByTestId('affiliation-add').click();
  }

  /** Removes `jid` from the list of `affiliation`. */
  async removeFromList(room, affiliation, jid) {
    await this.list(room, affiliation).locator(`[data-testid=affiliation-item][data-jid="${jid}"]`)
      .getByTestId('affiliation-remove').click();
  }
}
