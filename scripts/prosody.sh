#!/usr/bin/env bash
# Runs a private Prosody for Palaver on loopback, with the demo accounts.
#   scripts/prosody.sh start DIR HTTP_PORT C2S_PORT   fresh data, accounts, server; waits until ready
#   scripts/prosody.sh reset DIR HTTP_PORT C2S_PORT   the same as start (stops, wipes, starts)
#   scripts/prosody.sh stop DIR [...]                 stops the server started in DIR (by its pid)
#   scripts/prosody.sh crash DIR                      kill -9, as a crash would (tests of reconnecting)
#   scripts/prosody.sh resume DIR HTTP_PORT C2S_PORT  starts again on the data already in DIR
# Accounts: alice, bob, carol, dave @localhost, password = user name, all in the roster group "Demo";
# eve/eve is outside the group, to try adding a contact and answering a subscription request;
# oscar/oscar is in nobody's roster either: the security spec has him write to Alice, a message
# request (specs add Eve as a contact, so she is no stranger for long);
# frank and grace are each other's contacts in the group "Lab", for the specs that flood a
# conversation (so the demo conversations and the README screenshots stay readable). ivan and judy
# are each other's contacts in the group "Studio", for the specs that reply to, correct, retract
# and react to messages (so no other spec's history runs through theirs). kate and leo are each
# other's contacts in the group "Archive", for the spec that pages through a long archive.
# rita, sam and tess (password = name, no roster) are the group edits spec's three occupants, who
# reply to, correct, retract and react to room lines (so no other spec's rooms run through theirs).
# mallory's password is long and unlike her name: Mallory-s3cret-7Qx9-unlike-her-name-Zk4w
# (MALLORY_PASSWORD below): the XML console spec searches every console line for it, which a
# password equal to the user name would not allow. She has no contacts.
# zoe's password is not ASCII ("ﬁle-<soft hyphen>Ⅻ-Ärger"): Prosody prepares it with SASLprep
# before hashing, and so must the client (tests/prosody_live.rs).
# henry/henry has a big roster written straight into Prosody's storage: 3,000 contacts in 30
# groups ("Team 01"…"Team 30", "Contact 0001"…), for the specs of the virtualized roster.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONFIG="$ROOT/scripts/prosody/prosody.cfg.lua"
DEMO_USERS=(alice bob carol dave)
LAB_USERS=(frank grace)
STUDIO_USERS=(ivan judy)
ARCHIVE_USERS=(kate leo)
LONER_USERS=(eve oscar)
ROOM_EDIT_USERS=(rita sam tess)
BIG_ROSTER_USER=henry
SECRET_USER=mallory
# Keep in step with tests/e2e/specs/xml-console.spec.js.
MALLORY_PASSWORD='Mallory-s3cret-7Qx9-unlike-her-name-Zk4w'
BIG_ROSTER_SIZE=3000

stop() {
  local dir="$1" pid
  [[ -f "$dir/prosody.pid" ]] || return 0
  pid="$(cat "$dir/prosody.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/prosody.pid"
}

crash() {
  local dir="$1" pid
  [[ -f "$dir/prosody.pid" ]] || die "no Prosody running in $dir"
  pid="$(cat "$dir/prosody.pid")"
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$dir/prosody.pid"
}

# Starts the server on the data in $1 and waits until its WebSocket answers.
launch() {
  local dir="$1" http_port="$2" c2s_port="$3" pid
  export PALAVER_PROSODY_DIR="$dir" PALAVER_HTTP_PORT="$http_port" PALAVER_C2S_PORT="$c2s_port"
  # Someone else on the port (a server whose pid file is gone, a system Prosody) would answer
  # the readiness check in our place; refuse instead of testing against the wrong server.
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/"; then
    die "port $http_port is already in use (another Prosody? see: ss -ltnp | grep :$http_port)"
  fi
  nohup prosody --config "$CONFIG" -F >> "$dir/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" > "$dir/prosody.pid"
  wait_for_http "http://127.0.0.1:$http_port/xmpp-websocket" 30
  kill -0 "$pid" 2>/dev/null || die "Prosody exited during start-up (see $dir/prosody.log)"
}

start() {
  local dir="$1" http_port="$2" c2s_port="$3"
  export PALAVER_PROSODY_DIR="$dir" PALAVER_HTTP_PORT="$http_port" PALAVER_C2S_PORT="$c2s_port"
  stop "$dir"
  rm -rf "$dir" && mkdir -p "$dir/data" "$dir/certs"
  {
    echo "[Demo]"
    for user in "${DEMO_USERS[@]}"; do echo "$user@localhost=${user^}"; done
    echo "[Lab]"
    for user in "${LAB_USERS[@]}"; do echo "$user@localhost=${user^}"; done
    echo "[Studio]"
    for user in "${STUDIO_USERS[@]}"; do echo "$user@localhost=${user^}"; done
    echo "[Archive]"
    for user in "${ARCHIVE_USERS[@]}"; do echo "$user@localhost=${user^}"; done
  } > "$dir/groups.txt"
  for user in "${DEMO_USERS[@]}" "${LAB_USERS[@]}" "${STUDIO_USERS[@]}" "${ARCHIVE_USERS[@]}" \
      "${LONER_USERS[@]}" "${ROOM_EDIT_USERS[@]}" "$BIG_ROSTER_USER"; do
    prosodyctl --config "$CONFIG" register "$user" localhost "$user" >/dev/null 2>&1 \
      || die "could not register $user (see $dir/prosody.log)"
  done
  prosodyctl --config "$CONFIG" register "$SECRET_USER" localhost "$MALLORY_PASSWORD" >/dev/null 2>&1 \
    || die "could not register $SECRET_USER (see $dir/prosody.log)"
  prosodyctl --config "$CONFIG" register zoe localhost $'\xef\xac\x81le-\xc2\xad\xe2\x85\xab-\xc3\x84rger' >/dev/null 2>&1 \
    || die "could not register zoe (see $dir/prosody.log)"
  write_big_roster "$dir/data/localhost/roster/$BIG_ROSTER_USER.dat" "$BIG_ROSTER_SIZE"
  launch "$dir" "$http_port" "$c2s_port"
}

# A roster in Prosody's internal storage format (what mod_roster itself writes).
write_big_roster() {
  local file="$1" size="$2"
  mkdir -p "$(dirname "$file")"
  awk -v size="$size" 'BEGIN {
    print "return {"
    print "\t[false] = { [\"pending\"] = {}; };"
    for (i = 1; i <= size; i++) {
      printf "\t[\"contact%04d@localhost\"] = { [\"subscription\"] = \"both\"; [\"name\"] = \"Contact %04d\"; [\"groups\"] = { [\"Team %02d\"] = true; }; };\n", i, i, (i - 1) % 30 + 1
    }
    print "};"
  }' > "$file"
}

case "${1:-}" in
  start|reset) [[ $# -eq 4 ]] || die "usage: $0 $1 DIR HTTP_PORT C2S_PORT"; start "$2" "$3" "$4" ;;
  stop) [[ $# -ge 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  crash) [[ $# -eq 2 ]] || die "usage: $0 crash DIR"; crash "$2" ;;
  resume) [[ $# -eq 4 ]] || die "usage: $0 resume DIR HTTP_PORT C2S_PORT"; launch "$2" "$3" "$4" ;;
  *) die "usage: $0 start|reset DIR HTTP_PORT C2S_PORT | stop DIR | crash DIR | resume DIR HTTP_PORT C2S_PORT" ;;
esac
