#!/usr/bin/env bash
# The README's second command, and all that .ci/run does: every check, in order, failing fast.
#   format → lints (native, wasm32) → native tests → the core against a real Prosody →
#   fuzzing (60 s per target) → release build (sizes) → browser tests (wasm-bindgen-test) →
#   end-to-end specs (Playwright).
# Each runner must run at least its floor of tests (below): a file gated down to nothing fails
# the run instead of passing silently. Ends with one line: "N passed, N failed" (and what was
# skipped, ignored, cancelled or left to do, when anything was).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Overridable so a second checkout can run its tests beside this one.
TEST_DIR="${PALAVER_TEST_DIR:-/tmp/palaver-test-prosody}"
HTTP_PORT="${PALAVER_TEST_HTTP_PORT:-5380}"
C2S_PORT="${PALAVER_TEST_C2S_PORT:-5342}"
APP_PORT="${PALAVER_TEST_APP_PORT:-8090}"
LOG_DIR="$ROOT/target/test-logs"
# The fewest tests each runner may run (raise them as tests are added; never lower them to make a
# run pass). Keys are the log names of run_tests.
declare -A FLOOR=([native]=566 [prosody_live]=6 [browser]=59 [e2e]=74)
# How long each fuzz target runs, from the committed corpus.
FUZZ_SECONDS="${PALAVER_FUZZ_SECONDS:-60}"
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log
started=$(date +%s)
server_pid=""

# Counts one runner's log: "passed failed skipped" (cargo's "test result: … N passed; M failed;
# K ignored; …", node's "# pass N" / "# fail N" / "# skipped N" / "# todo N" / "# cancelled N").
count_log() {
  sed -nE \
    -e 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed; ([0-9]+) ignored.*/\1 \2 \3/p' \
    -e 's/^# pass ([0-9]+)$/\1 0 0/p' -e 's/^# fail ([0-9]+)$/0 \1 0/p' \
    -e 's/^# (skipped|todo|cancelled) ([0-9]+)$/0 0 \2/p' "$1" \
    | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}'
}

# Sums every runner's counts. A step that failed without a failing test of its own (fmt, clippy,
# the build, a crash of a test binary, a floor not reached) counts as one failure, so the line
# never reads "0 failed" when the run failed.
summarize() {
  local status="$1" passed=0 failed=0 skipped=0 p f s log
  for log in "$LOG_DIR"/*.log; do
    [[ -e "$log" ]] || continue
    read -r p f s < <(count_log "$log")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  done
  if (( status != 0 )); then
    printf '\n\033[31mFAILED\033[0m at step: %s\n' "$current_step"
    (( failed == 0 )) && failed=1
  fi
  printf '\nTotal time %ss\n' "$(( $(date +%s) - started ))"
  if (( skipped > 0 )); then
    echo "$passed passed, $failed failed, $skipped skipped, ignored, cancelled or todo"
  else
    echo "$passed passed, $failed failed"
  fi
}

cleanup() {
  local status=$?
  trap - ERR
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  "$ROOT/scripts/prosody.sh" stop "$TEST_DIR" || true
  summarize "$status"
  exit "$status"
}
trap cleanup EXIT

# Runs a test command, tees its output into a log for the final count, fails the run on failure
# or when the runner ran fewer tests than its floor, or skipped any.
run_tests() {
  local name="$1"; shift
  "$@" 2>&1 | tee "$LOG_DIR/$name.log" || die "$name failed"
  local p f s floor="${FLOOR[$name]:-1}"
  read -r p f s < <(count_log "$LOG_DIR/$name.log")
  (( p + f >= floor )) || die "$name ran $((p + f)) tests, fewer than its floor of $floor"
  (( s == 0 )) || die "$name skipped, ignored, cancelled or left $s tests to do"
}

current_step="install what is missing (scripts/install.sh)"
"$ROOT/scripts/install.sh"
cd "$ROOT"

step "cargo fmt --check"
locked cargo fmt --all --check
done_step

step "clippy, native (-D warnings)"
locked cargo clippy --all-targets --features prosody-tests -- -D warnings
done_step

step "clippy, wasm32 (-D warnings)"
locked cargo clippy --target wasm32-unknown-unknown --lib --bins --test browser --test browser_conversations --test browser_edits --test browser_rooms --test browser_room_extras --test browser_room_invites --test browser_occupants -- -D warnings
done_step

step "Native tests: unit and session tests"
run_tests native locked cargo test
done_step

step "Prosody for the tests (127.0.0.1:$HTTP_PORT)"
"$ROOT/scripts/prosody.sh" start "$TEST_DIR" "$HTTP_PORT" "$C2S_PORT"
done_step

step "The core against the real Prosody"
run_tests prosody_live env PALAVER_TEST_HTTP_PORT="$HTTP_PORT" \
  flock "$CARGO_LOCK" cargo test --features prosody-tests --test prosody_live
done_step

step "Fuzzing: each target ${FUZZ_SECONDS}s from its corpus (cargo fuzz, libFuzzer)"
for target in frame_parser session_frames styling; do
  # A copy of the corpus: what a run finds stays out of the tree.
  corpus="$ROOT/target/fuzz-corpus/$target"
  rm -rf "$corpus" && mkdir -p "$corpus" && cp "$ROOT/tests/fuzz/corpus/$target/"* "$corpus/"
  log="$LOG_DIR/fuzz-$target.txt"
  if ! locked env RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir "$ROOT/tests/fuzz" "$target" \
      "$corpus" -- -max_total_time="$FUZZ_SECONDS" > "$log" 2>&1; then
    tail -40 "$log"
    die "fuzzing $target failed or found a crash (see $log)"
  fi
  printf '    %-15s %s\n' "$target" "$(grep -E '^Done [0-9]+ runs' "$log" || tail -1 "$log")"
done
done_step

step "Release build (trunk build --release --offline)"
locked trunk build --release --offline
total_raw=0 total_gzip=0
for file in dist/*.wasm dist/*.js dist/*.css dist/*.html dist/*.svg; do
  raw=$(wc -c < "$file") gz=$(gzip -9 -c "$file" | wc -c)
  total_raw=$((total_raw + raw)) total_gzip=$((total_gzip + gz))
  printf '    %-44s %8s bytes raw %8s gzip\n' "$(basename "$file")" "$raw" "$gz"
done
printf '    %-44s %8s bytes raw %8s gzip\n' "first load (all of dist/)" "$total_raw" "$total_gzip"
done_step

step "Browser tests: wasm-bindgen-test in headless Chromium"
run_tests browser env WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/webdriver.json" \
  CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  flock "$CARGO_LOCK" cargo test --target wasm32-unknown-unknown --test browser --test browser_conversations --test browser_edits --test browser_rooms --test browser_room_extras --test browser_room_invites --test browser_occupants
done_step

step "End-to-end specs: the built app against Prosody in headless Chromium"
! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$APP_PORT/" \
  || die "port $APP_PORT is already in use: stop whatever serves it (ss -ltnp | grep :$APP_PORT)"
python3 "$ROOT/scripts/serve.py" "$ROOT/dist" "$APP_PORT" "ws://127.0.0.1:$HTTP_PORT/xmpp-websocket" &
server_pid=$!
wait_for_http "http://127.0.0.1:$APP_PORT/" 10
run_tests e2e env PALAVER_E2E_URL="http://127.0.0.1:$APP_PORT/" \
  PALAVER_E2E_WS="ws://127.0.0.1:$HTTP_PORT/xmpp-websocket" \
  PALAVER_E2E_PROSODY="$TEST_DIR $HTTP_PORT $C2S_PORT" \
  node --experimental-websocket --test --test-concurrency=1 --test-timeout=300000 --test-reporter=tap \
  "$ROOT"/tests/e2e/specs/*.spec.js
done_step
