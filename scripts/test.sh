#!/usr/bin/env bash
# The README's second command, and all that .ci/run does: every check, in order, failing fast.
#   format → lints (native, wasm32) → native tests → the core against a real Prosody →
#   release build (sizes) → browser tests (wasm-bindgen-test) → end-to-end specs (Playwright).
# Ends with one line: "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Overridable so a second checkout can run its tests beside this one.
TEST_DIR="${PALAVER_TEST_DIR:-/tmp/palaver-test-prosody}"
HTTP_PORT="${PALAVER_TEST_HTTP_PORT:-5380}"
C2S_PORT="${PALAVER_TEST_C2S_PORT:-5342}"
APP_PORT="${PALAVER_TEST_APP_PORT:-8090}"
LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log
started=$(date +%s)
server_pid=""

# Sums cargo's "test result: … N passed; M failed" and node's "# pass N" / "# fail N" lines.
# A step that failed without a failing test of its own (fmt, clippy, the build, a crash of a test
# binary) counts as one failure, so the line never reads "0 failed" when the run failed.
summarize() {
  local status="$1" passed=0 failed=0 p f
  while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
    cat "$LOG_DIR"/*.log 2>/dev/null | sed -nE \
      -e 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' \
      -e 's/^# pass ([0-9]+)$/\1 0/p' -e 's/^# fail ([0-9]+)$/0 \1/p')
  if (( status != 0 )); then
    printf '\n\033[31mFAILED\033[0m at step: %s\n' "$current_step"
    (( failed == 0 )) && failed=1
  fi
  printf '\nTotal time %ss\n' "$(( $(date +%s) - started ))"
  echo "$passed passed, $failed failed"
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

# Runs a test command, tees its output into a log for the final count, fails the run on failure.
run_tests() {
  local name="$1"; shift
  "$@" 2>&1 | tee "$LOG_DIR/$name.log" || die "$name failed"
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
locked cargo clippy --target wasm32-unknown-unknown --lib --bins --test browser --test browser_edits -- -D warnings
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
  flock "$CARGO_LOCK" cargo test --target wasm32-unknown-unknown --test browser --test browser_edits
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
  node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=tap \
  "$ROOT"/tests/e2e/specs/*.spec.js
done_step
