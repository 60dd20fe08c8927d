-- Prosody configuration for Palaver's demo and test server.
--
-- Started by scripts/prosody.sh, never by a system service. Everything it
-- needs comes from the environment so that the demo server (setup.sh) and the
-- throw-away test server (test.sh) can run side by side:
--   PALAVER_PROSODY_DIR   data, pid and log directory (created by the script)
--   PALAVER_HTTP_PORT     HTTP + WebSocket port (XMPP over WebSocket at /xmpp-websocket)
--   PALAVER_C2S_PORT      classic TCP client port (loopback only)
local dir = os.getenv("PALAVER_PROSODY_DIR") or "/tmp/palaver-prosody"
local http_port = tonumber(os.getenv("PALAVER_HTTP_PORT") or "5280")
local c2s_port = tonumber(os.getenv("PALAVER_C2S_PORT") or "5222")
-- Set only by scripts/bench.sh (to this directory): the benchmark's group chat additions below
-- (an anonymous host for room bots, mod_bench_quiet_bots). Unset, this file configures the demo and
-- test server exactly as without them.
local bench_rooms = os.getenv("PALAVER_BENCH_ROOMS")
if bench_rooms then plugin_paths = { bench_rooms } end

-- We run as root inside CI containers; Prosody refuses that unless told.
run_as_root = true
certificates = dir .. "/certs"
pidfile = dir .. "/prosody.pid"
data_path = dir .. "/data"
log = {
    { levels = { min = "info" }, to = "file", filename = dir .. "/prosody.log" };
}

-- Loopback only: nothing in this configuration is meant for a network.
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { c2s_port }
c2s_interfaces = { "127.0.0.1" }
s2s_ports = { }
component_ports = { }
http_ports = { http_port }
http_interfaces = { "127.0.0.1" }
https_ports = { }

modules_enabled = {
    "roster"; "saslauth"; "disco"; "carbons"; "pep"; "private";
    "blocklist"; "vcard4"; "vcard_legacy"; "version"; "uptime"; "time";
    "ping"; "register"; "mam"; "csi_simple"; "smacks"; "bookmarks";
    "websocket"; "http"; "groups"; "admin_shell"; "admin_socket"; "offline";
}
-- No "posix" (refuses to run as root) and no s2s: this server federates with nobody.
modules_disabled = { "s2s"; "tls" }

-- Plain ws:// on loopback counts as secure, so PLAIN and SCRAM both work there.
consider_websocket_secure = true
c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = false
cross_domain_websocket = true

-- In-band registration, only from loopback (this server listens nowhere else).
allow_registration = true
registration_whitelist = { "127.0.0.1" }
whitelist_registration_only = true
min_seconds_between_registrations = 0

authentication = "internal_hashed"
storage = "internal"
archive_expires_after = "1w"
default_archive_policy = true

-- Short hibernation so a browser killed by a test does not haunt the next one.
smacks_hibernation_time = 30

-- Demo users share a roster group, so they see each other without subscribing by hand.
groups_file = dir .. "/groups.txt"

admin_socket = dir .. "/admin.sock"

VirtualHost "localhost"

-- Group chat (XEP-0045). A subdomain of localhost, so the server's disco#items lists it and
-- clients find it there. Any account of this server may create a room (no s2s: there are no
-- others); a new room stays locked until its owner submits the configuration form (Prosody's
-- default muc_room_locking = true: Palaver answers status 201 with the instant-room form).
-- Rooms are public and persistent unless configured otherwise, and archive their messages
-- (XEP-0313 on the room's JID, mod_muc_mam, in the same internal storage as the users' archives).
-- Prosody 0.12 also stamps occupant ids (XEP-0421, muc_occupant_id defaults to true) and gives
-- a joining occupant the last 20 messages (muc_room_default_history_length).
Component "conference.localhost" "muc"
    name = "Palaver rooms"
    modules_enabled = bench_rooms and { "muc_mam", "bench_quiet_bots" } or { "muc_mam" }
    restrict_room_creation = "local"
    muc_room_default_public = true
    muc_room_default_persistent = true
    muc_log_by_default = true
    muc_log_expires_after = "1w"

-- Benchmark only (PALAVER_BENCH_ROOMS): bots log in here with SASL ANONYMOUS, no account to
-- register, to fill a room of 1,000 in seconds. Each bot gets only its own presence from a room
-- (mod_bench_quiet_bots above). Last in the file: a VirtualHost section runs to the end.
if bench_rooms then
VirtualHost "anon.localhost"
    authentication = "anonymous"
end
