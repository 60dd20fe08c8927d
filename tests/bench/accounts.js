// Accounts for the benchmark, made on the bench server while it runs: each run gets fresh
// ones, so no run inherits another's roster or history. Rosters are written straight into
// Prosody's internal storage (the format mod_roster itself writes) before the first login.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const CONFIG = new URL('../../scripts/prosody/prosody.cfg.lua', import.meta.url).pathname;
const DATA = `${process.env.PALAVER_PROSODY_DIR}/data/localhost`;
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
  const quote = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['return {', '\t[false] = { ["pending"] = {}; };'];
  for (const c of contacts) {
    lines.push(`\t[${quote(c.jid)}] = { ["subscription"] = "both"; ["name"] = ${quote(c.name)}; ["groups"] = { [${quote(c.group)}] = true; }; };`);
  }
  lines.push('};');
  mkdirSync(`${DATA}/roster`, { recursive: true });
  writeFileSync(`${DATA}/roster/${user}.dat`, `${lines.join('\n')}\n`);
}
