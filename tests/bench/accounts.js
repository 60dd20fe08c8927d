// Accounts for the benchmark, made on the bench server while it runs: each run gets fresh
// ones, so no run inherits another's roster or history. Rosters and archives are written
// straight into Prosody's internal storage (the formats mod_roster and mod_mam themselves
// write) before the first login.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';

const CONFIG = new URL('../../scripts/prosody/prosody.cfg.lua', import.meta.url).pathname;
const DATA = `${process.env.PALAVER_PROSODY_DIR}/data/localhost`;
const quote = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
let counter = 0;

/** Registers a new account `<prefix><n>` (password = name); returns its name. */
export function newAccount(prefix) {
  counter += 1;
  const user = `${prefix}${Date.now().toString(36)}${counter}`;
  execFileSync('prosodyctl', ['--config', CONFIG, 'register', user, 'localhost', user], { stdio: 'ignore' });
  return user;
}

/** `contact{i}@localhost` named "Contact {i}" (zero-padded), in groups of 100. */
export function seededContact(i, width) {
  const n = String(i).padStart(width, '0');
  return { jid: `contact${n}@localhost`, name: `Contact ${n}`, group: `Team ${String(Math.ceil(i / 100)).padStart(3, '0')}` };
}

/** Writes `user`'s roster: `contacts` = [{ jid, name, group }], all mutually subscribed. */
export function writeRoster(user, contacts) {
  const lines = ['return {', '\t[false] = { ["pending"] = {}; };'];
  for (const c of contacts) {
    lines.push(`\t[${quote(c.jid)}] = { ["subscription"] = "both"; ["name"] = ${quote(c.name)}; ["groups"] = { [${quote(c.group)}] = true; }; };`);
  }
  lines.push('};');
  mkdirSync(`${DATA}/roster`, { recursive: true });
  writeFileSync(`${DATA}/roster/${user}.dat`, `${lines.join('\n')}\n`);
}

/**
 * Writes `user`'s message archive: `bodies` from `peer` (a bare JID), in order, one minute apart
 * and ending now. A conversation spread over time, as archives are: a burst sent over the wire
 * would give hundreds of messages the same stamp (Prosody's stamps have whole seconds), and
 * their order would then be the server's alone (a client ordering by time could not keep it).
 */
export function writeArchive(user, peer, bodies, tag) {
  const now = Math.floor(Date.now() / 1000);
  const items = bodies.map((body, i) => [
    'item({',
    `\t{ ${quote(body)}; ["name"] = "body"; ["attr"] = {}; };`,
    `\t["name"] = "message"; ["attr"] = { ["to"] = "${user}@localhost"; ["from"] = "${peer}/bench"; ["id"] = "${tag}-${i + 1}"; ["type"] = "chat"; };`,
    `\t["key"] = "${randomBytes(18).toString('base64url')}"; ["when"] = ${now - (bodies.length - i) * 60}; ["with"] = "${peer}";`,
    '});',
  ].join('\n'));
  mkdirSync(`${DATA}/archive`, { recursive: true });
  writeFileSync(`${DATA}/archive/${user}.list`, `${items.join('\n')}\n`);
}
