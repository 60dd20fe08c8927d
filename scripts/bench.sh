#!/usr/bin/env bash
# The benchmark: Palaver and Converse.js 14 side by side against the same Prosody in the same
# headless Chromium (tests/bench/run.js). Not part of the test command: it takes minutes.
#   scripts/bench.sh [--runs 3] [--only load,roster,burst,floor,history,room-join,room-burst,room-rejoin]
#                    [--rosters 200,2000,10000] [--bursts 1000,10000] [--history 5000]
#                    [--occupants 1000] [--room-burst 5000] [--rooms 20] [--timeout 600]
# Prints the table and keeps it in tests/bench/results/latest.md; every measured value (or failure)
# is a line of tests/bench/results/<time>-<commit>.jsonl (`node tests/bench/table.js FILE` remakes
# the table from it). results/ is gitignored but for the run the README shows.
#   scripts/bench.sh --profile join|burst [N]   instead of the table: tests/bench/profile.js, the V8
#                    profile of Palaver's longest task in a room join (burst); with PALAVER_DIST set
#                    to a build that keeps function names (README, "Speed and size").
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_DIR=/tmp/palaver-bench-prosody
WWW=/tmp/palaver-bench-www
HTTP_PORT=5480 C2S_PORT=5442 PALAVER_PORT=8096 CONVERSE_PORT=8097
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  "$ROOT/scripts/prosody.sh" stop "$BENCH_DIR"
}
trap cleanup EXIT

step "Node packages for the benchmark (tests/bench: playwright-core, converse.js 14)"
if [[ ! -d "$ROOT/tests/bench/node_modules/converse.js" ]] \
   || [[ "$ROOT/tests/bench/package-lock.json" -nt "$ROOT/tests/bench/node_modules/.package-lock.json" ]]; then
  (cd "$ROOT/tests/bench" && npm ci --no-audit --no-fund >/dev/null)
fi
done_step

# The Palaver build served: dist/ (built here if missing) unless PALAVER_DIST names another.
DIST="${PALAVER_DIST:-$ROOT/dist}"
SCRIPT=run.js
if [[ "${1:-}" == --profile ]]; then shift; SCRIPT=profile.js; fi

step "Palaver's release build ($DIST)"
if [[ -z "${PALAVER_DIST:-}" ]] && ! ls "$ROOT"/dist/*.wasm >/dev/null 2>&1; then
  (cd "$ROOT" && locked trunk build --release --offline)
fi
done_step

step "Prosody for the benchmark (127.0.0.1:$HTTP_PORT) and the two clients (:$PALAVER_PORT, :$CONVERSE_PORT)"
# The room rows' additions to the server (prosody.cfg.lua): an anonymous host for the bots that
# fill rooms, and mod_bench_quiet_bots, which spares those bots the room's traffic.
export PALAVER_BENCH_ROOMS="$ROOT/scripts/prosody"
"$ROOT/scripts/prosody.sh" start "$BENCH_DIR" "$HTTP_PORT" "$C2S_PORT"
export PALAVER_PROSODY_DIR="$BENCH_DIR" PALAVER_HTTP_PORT="$HTTP_PORT" PALAVER_C2S_PORT="$C2S_PORT"
rm -rf "$WWW" && mkdir -p "$WWW"
cp "$ROOT/tests/bench/converse/index.html" "$ROOT/tests/bench/converse/boot.js" "$WWW/"
ln -s "$ROOT/tests/bench/node_modules/converse.js/dist" "$WWW/dist"
for port in "$PALAVER_PORT" "$CONVERSE_PORT"; do
  ! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" || die "port $port is already in use"
done
python3 "$ROOT/scripts/serve.py" "$DIST" "$PALAVER_PORT" & pids+=($!)
python3 "$ROOT/scripts/serve.py" "$WWW" "$CONVERSE_PORT" & pids+=($!)
wait_for_http "http://127.0.0.1:$PALAVER_PORT/" 10
wait_for_http "http://127.0.0.1:$CONVERSE_PORT/" 10
done_step

step "Benchmark"
(cd "$ROOT/tests/bench" && BENCH_WS="ws://127.0.0.1:$HTTP_PORT/xmpp-websocket" \
  BENCH_PALAVER_URL="http://127.0.0.1:$PALAVER_PORT/" BENCH_CONVERSE_URL="http://127.0.0.1:$CONVERSE_PORT/" \
  node --experimental-websocket --no-warnings "$SCRIPT" "$@")
done_step
