#!/usr/bin/env bash
# The README's first command: installs what is missing, starts Prosody with demo accounts, builds
# Palaver and serves it on http://127.0.0.1:8080 until Ctrl+C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_DIR=/tmp/palaver-demo
HTTP_PORT=5280
C2S_PORT=5242
APP_PORT=8080
DEMO_ROOM=lobby@conference.localhost
started=$(date +%s)

"$ROOT/scripts/install.sh"

! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$APP_PORT/" \
  || die "port $APP_PORT is already in use (is scripts/setup.sh already running?)"

step "Prosody on 127.0.0.1:$HTTP_PORT with demo accounts"
"$ROOT/scripts/prosody.sh" start "$DEMO_DIR" "$HTTP_PORT" "$C2S_PORT"
trap '"$ROOT/scripts/prosody.sh" stop "$DEMO_DIR"' EXIT
done_step

step "Demo group chat $DEMO_ROOM (owner: alice)"
node --experimental-websocket "$ROOT/scripts/demo-room.mjs" "ws://127.0.0.1:$HTTP_PORT/xmpp-websocket" \
  "$DEMO_ROOM" alice Lobby "Palaver's demo room: say hello"
done_step

step "Release build (trunk build --release --offline)"
(cd "$ROOT" && locked trunk build --release --offline)
done_step

cat <<INFO

  Palaver is ready (set up in $(( $(date +%s) - started ))s).

    App:        http://127.0.0.1:$APP_PORT/
    WebSocket:  ws://127.0.0.1:$HTTP_PORT/xmpp-websocket   (pre-filled on the login form)
    Logins:     alice@localhost / alice     bob@localhost / bob
                carol@localhost / carol     dave@localhost / dave
                eve@localhost / eve         (not in the demo group: add her as a contact)
                frank@localhost / frank     grace@localhost / grace   (each other's contacts)
                ivan@localhost / ivan       judy@localhost / judy     (each other's contacts)
                henry@localhost / henry     (a roster of 3,000 contacts)
                oscar@localhost / oscar     (in nobody's roster: write to Alice, a message request)
    Room:       $DEMO_ROOM   (public and persistent, Alice owns it: join it from any login)

  Open the app in two windows (one private), log in as two users and chat.
  Ctrl+C stops Palaver and Prosody.

INFO
current_step="serving dist/ on 127.0.0.1:$APP_PORT"
python3 "$ROOT/scripts/serve.py" "$ROOT/dist" "$APP_PORT" "ws://127.0.0.1:$HTTP_PORT/xmpp-websocket"
echo "Stopped."
