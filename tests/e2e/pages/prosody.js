// Crashing and restarting the test Prosody from a spec (scripts/prosody.sh crash / resume).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../scripts/prosody.sh', import.meta.url));
/** "DIR HTTP_PORT C2S_PORT" of the running test server (scripts/test.sh sets it). */
const [DIR, HTTP_PORT, C2S_PORT] = (process.env.PALAVER_E2E_PROSODY
  ?? '/tmp/palaver-test-prosody 5380 5342').split(' ');

/** kill -9: the server vanishes without closing anything, as in a crash. */
export function crashProsody() {
  execFileSync(SCRIPT, ['crash', DIR], { stdio: 'inherit' });
}

/** Starts the server again on the same data; returns once its WebSocket answers. */
export function resumeProsody() {
  execFileSync(SCRIPT, ['resume', DIR, HTTP_PORT, C2S_PORT], { stdio: 'inherit' });
}

/** The HTTP (WebSocket) port of the test server, for relays that sit in front of it. */
export const PROSODY_HTTP_PORT = Number(HTTP_PORT);
