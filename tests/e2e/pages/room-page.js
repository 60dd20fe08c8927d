// Page object for group chat (XEP-0045): the sidebar's rooms and join dialog, an open room's
// view, its occupants and messages. Hooks: `room-join` (opens the dialog: `room-join-jid`,
// `room-join-nick`, `room-join-password`, `room-join-submit`, `room-join-error`), `room-item`
// (`data-jid`, `data-unread`, `data-mentions`), `room-view` (`data-jid`, `data-state` =
// `joining|joined|left`) holding `room-subject`, `room-leave`, `occupant` (`data-nick`,
// `data-role`, `data-affiliation`, `data-jid`), `chat-message` (`data-from` = `room/nick`,
// `data-occupant-id`, `data-mention`, `data-state`), `chat-input` and `chat-send`.
import { waitForFrame } from './browser.js';

let roomsMade = 0;
/** A room address no earlier run used: the test server keeps persistent rooms between runs. */
export function uniqueRoom(prefix = 'room') {
  roomsMade += 1;
  return `${prefix}-${Date.now()}-${roomsMade}@conference.localhost`;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class RoomPage {
  /** `who` names the page in failure messages ("alice"). */
  constructor(page, who = 'this page') {
    this.page = page;
    this.who = who;
    this.joinButton = page.getByTestId('room-join');
    this.joinJid = page.getByTestId('room-join-jid');
    this.joinNick = page.getByTestId('room-join-nick');
    this.joinPassword = page.getByTestId('room-join-password');
    this.joinSubmit = page.getByTestId('room-join-submit');
    this.joinError = page.getByTestId('room-join-error');
  }

  /** The room's view, in `state` if given. */
  view(jid, state) {
    const selector = `[data-testid=room-view][data-jid="${jid}"]`;
    return this.page.locator(state ? `${selector}[data-state=${state}]` : selector);
  }

  /** The room's row in the sidebar. */
  item(jid) {
    return this.page.locator(`[data-testid=room-item][data-jid="${jid}"]`);
  }

  occupant(jid, nick) {
    return this.view(jid).locator(`[data-testid=occupant][data-nick="${nick}"]`);
  }

  /** The room's messages from `nick` whose body is exactly `body` (a locator: it may match
   * more than one row, which is what the "exactly once" checks count). */
  message(jid, nick, body) {
    return this.view(jid).locator(`[data-testid=chat-message][data-from="${jid}/${nick}"]`)
      .filter({ has: this.page.getByTestId('message-body').getByText(body, { exact: true }) });
  }

  /** Opens the join dialog (the `room-join` button toggles it, so only if it is closed). */
  async openJoinDialog() {
    if (!(await this.joinJid.isVisible())) await this.joinButton.click();
    await this.joinJid.waitFor();
  }

  /** Fills the join dialog and submits it; `nick` undefined keeps the prefilled one. */
  async submitJoin(jid, { nick, password } = {}) {
    await this.openJoinDialog();
    const staleError = await this.joinError.isVisible();
    await this.joinJid.fill(jid);
    if (nick !== undefined) await this.joinNick.fill(nick);
    if (password !== undefined) await this.joinPassword.fill(password);
    await this.joinSubmit.click();
    // A refusal from an earlier attempt must not pass for this one's answer.
    if (staleError) await this.joinError.waitFor({ state: 'detached' });
  }

  /**
   * Joins `jid` through the dialog and waits until the room says we are in: the dialog closed,
   * the route is `#/room/<jid>` and the view is `joined`. A refusal fails with its sentence.
   */
  async join(jid, { nick, password } = {}) {
    await this.submitJoin(jid, { nick, password });
    const joined = this.view(jid, 'joined');
    await joined.or(this.joinError).first().waitFor();
    if (await this.joinError.isVisible()) {
      throw new Error(`${this.who} could not join ${jid} as ${nick ?? '(the prefilled nick)'}: `
        + `"${await this.joinError.textContent()}"`);
    }
    await this.joinJid.waitFor({ state: 'hidden' });
    await this.page.waitForFunction((room) => decodeURIComponent(window.location.hash) === `#/room/${room}`, jid)
      .catch(async () => {
        throw new Error(`${this.who} joined ${jid} but the route is ${await this.page.evaluate(() => window.location.hash)}`);
      });
  }

  /**
   * Creates `jid` (which must not exist yet) by joining it, then waits until the server has
   * unlocked it: Prosody keeps a new room locked (others get item-not-found) until its owner
   * answers status 201 with the configuration form, which Palaver sends on its own right after
   * the view shows `joined`. Others can join once the server has accepted that form.
   */
  async create(jid, options) {
    const sent = waitForFrame(this.page,
      new RegExp(`<iq\\b(?=[^>]*\\bto=["']${escapeRegExp(jid)}["'])[^>]*>\\s*<query[^>]*muc#owner`), { sent: true });
    sent.catch(() => {}); // awaited below, unless joining fails first
    await this.join(jid, options);
    const form = await sent.catch((error) => {
      throw new Error(`${this.who} created ${jid} but never sent its configuration (status 201): ${error.message}`);
    });
    const id = /<iq\b[^>]*\bid=["']([^"']+)["']/.exec(form)?.[1];
    if (!id) throw new Error(`no id on the configuration request: ${form}`);
    const answer = await waitForFrame(this.page,
      new RegExp(`<iq\\b(?=[^>]*\\bid=["']${escapeRegExp(id)}["'])(?=[^>]*\\btype=["'](result|error)["'])`));
    if (!/type=["']result["']/.test(answer)) throw new Error(`${jid} refused its owner's configuration: ${answer}`);
  }

  /** Opens the room from its sidebar row. */
  async open(jid) {
    await this.item(jid).click();
    await this.view(jid).waitFor();
  }

  /** Writes `text` in the open room `jid` and sends it with Enter. */
  async send(jid, text) {
    const input = this.view(jid, 'joined').getByTestId('chat-input');
    await input.fill(text);
    await input.press('Enter');
  }

  /** Waits until the message from `nick` with body `body` shows (in `state`, if given);
   * returns the first such row. */
  async waitForMessage(jid, nick, body, { state } = {}) {
    let rows = this.message(jid, nick, body);
    if (state) rows = rows.and(this.page.locator(`[data-state=${state}]`));
    await rows.first().waitFor().catch(async (error) => {
      const seen = (await this.messages(jid).catch(() => [])).map((m) => `${m.from} [${m.state}] ${m.body}`);
      throw new Error(`${this.who} never showed ${jid}/${nick}'s "${body}"${state ? ` as ${state}` : ''}; `
        + `the room shows:\n  ${seen.join('\n  ')}\n(${error.message})`);
    });
    return rows.first();
  }

  /** The room's message rows in order (optionally only those whose body starts with `tag`):
   * `{ from, body, state, mention, occupantId, id }`. */
  async messages(jid, tag) {
    const rows = await this.view(jid).getByTestId('chat-message').evaluateAll((rows) => rows.map((row) => ({
      id: row.dataset.id ?? null,
      from: row.dataset.from,
      body: row.querySelector('[data-testid=message-body]')?.textContent ?? '',
      state: row.dataset.state,
      mention: row.dataset.mention === 'true',
      occupantId: row.dataset.occupantId ?? null,
    })));
    return tag === undefined ? rows : rows.filter((row) => row.body.startsWith(tag));
  }

  /** The room's occupants, by nick: `{ nick, role, affiliation, jid }` (jid null when hidden). */
  async occupants(jid) {
    const all = await this.view(jid).getByTestId('occupant').evaluateAll((rows) => rows.map((row) => ({
      nick: row.dataset.nick,
      role: row.dataset.role,
      affiliation: row.dataset.affiliation,
      jid: row.dataset.jid || null,
      occupantId: row.dataset.occupantId || null,
    })));
    return all.sort((a, b) => a.nick.localeCompare(b.nick));
  }

  /** Waits until exactly `nicks` are listed in the room (in any order). */
  async waitForOccupants(jid, nicks, { timeout = 30_000 } = {}) {
    const want = [...nicks].sort();
    try {
      await this.page.waitForFunction(({ room, want }) => {
        const view = [...document.querySelectorAll('[data-testid=room-view]')].find((v) => v.dataset.jid === room);
        if (!view) return false;
        const have = [...view.querySelectorAll('[data-testid=occupant]')].map((o) => o.dataset.nick).sort();
        return have.length === want.length && have.every((nick, i) => nick === want[i]);
      }, { room: jid, want }, { timeout });
    } catch (error) {
      const have = (await this.occupants(jid).catch(() => [])).map((o) => o.nick);
      throw new Error(`${this.who}: ${jid} lists [${have.join(', ')}], expected [${want.join(', ')}] (${error.message})`);
    }
  }

  /** Waits until the sidebar row's `data-<name>` counter (`unread`, `mentions`) is at least `min`. */
  async waitForCount(jid, name, min = 1, { timeout = 30_000 } = {}) {
    try {
      await this.page.waitForFunction(({ room, name, min }) => {
        const item = [...document.querySelectorAll('[data-testid=room-item]')].find((i) => i.dataset.jid === room);
        return item !== undefined && Number(item.dataset[name]) >= min;
      }, { room: jid, name, min }, { timeout });
    } catch (error) {
      const value = await this.item(jid).getAttribute(`data-${name}`, { timeout: 1_000 }).catch(() => 'no row');
      throw new Error(`${this.who}: ${jid}'s data-${name} is ${value}, expected at least ${min} (${error.message})`);
    }
  }
}

/** Joins `jid` as `nick` (undefined: the prefilled nick) from the sidebar's dialog; see
 * `RoomPage.join`. */
export function joinRoom(page, jid, nick, options = {}) {
  return new RoomPage(page).join(jid, { ...options, nick });
}

/** Sends `text` in the room `jid`, which must be open and joined. */
export function sendInRoom(page, jid, text) {
  return new RoomPage(page).send(jid, text);
}

/** The room's message rows (optionally those starting with `tag`); see `RoomPage.messages`. */
export function messages(page, jid, tag) {
  return new RoomPage(page).messages(jid, tag);
}

/** The room's occupants, by nick; see `RoomPage.occupants`. */
export function occupants(page, jid) {
  return new RoomPage(page).occupants(jid);
}
