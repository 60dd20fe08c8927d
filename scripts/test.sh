#!/usr/bin/env bash
# The README's second command, and all that .ci/run does: every check, in order, failing fast.
#   format → lints (native, wasm32) → native tests → the core against a real Prosody →
#   fuzzing (60 s per target) → release build (sizes) → browser tests (wasm-bindgen-test) →
#   end-to-end specs (Playwright).
# Each runner must run at least its floor of tests (below): a file gated down to nothing fails
# the run instead of passing silently. Ends with one line: "N passed, N failed" (and what was
# skipped, ignored, cancelled or left to do, when anything was).
#
# `scripts/test.sh --e2e [spec.js ...]` runs only the release build and the end-to-end specs (all,
# or the ones named, from tests/e2e/specs/), with no floor: for working on a spec.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

E2E_ONLY=0
E2E_SPECS=()
if [[ "${1:-}" == "--e2e" ]]; then
  E2E_ONLY=1
  shift
  for spec in "$@"; do E2E_SPECS+=("$ROOT/tests/e2e/specs/$(basename "$spec")"); done
fi

# Overridable so a second checkout can run its tests beside this one.
TEST_DIR="${PALAVER_TEST_DIR:-/tmp/palaver-test-prosody}"
HTTP_PORT="${PALAVER_TEST_HTTP_PORT:-5380}"
C2S_PORT="${PALAVER_TEST_C2S_PORT:-5342}"
APP_PORT="${PALAVER_TEST_APP_PORT:-8090}"
LOG_DIR="$ROOT/target/test-logs"
# The fewest tests each runner may run (raise them as tests are added; never lower them to make a
# run pass). Keys are the log names of run_tests.
declare -A FLOOR=([native]=600 [prosody_live]=6 [browser]=71 [e2e]=77)
# How long each fuzz target runs, from the committed corpus.
FUZZ_SECONDS="${PALAVER_FUZZ_SECONDS:-60}"
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/*.log "$LOG_DIR"/spec-seconds-*.txt
started=$(date +%s)
server_pids=()
second_prosody=""

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
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  "$ROOT/scripts/prosody.sh" stop "$TEST_DIR" || true
  if [[ -n "$second_prosody" ]]; then "$ROOT/scripts/prosody.sh" stop "$second_prosody" || true; fi
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

# Deals spec files into two shards of about equal time: longest first, each to the shard with
# less so far. Times come from FILE ("name seconds" lines); a spec not listed counts as 30 s.
# Prints two lines, each a shard's files.
deal_specs() {
  local times="$1"; shift
  for spec in "$@"; do
    local name secs
    name="$(basename "$spec")"
    secs=""
    [[ -f "$times" ]] && secs="$(awk -v n="$name" '$1 == n {print $2}' "$times")"
    echo "${secs:-30} $spec"
  done | sort -rn | awk '{ if (a <= b) { a += $1; one = one " " $2 } else { b += $1; two = two " " $2 } }
    END { print one; print two }'
}

# Runs shard I's spec files one by one (a node process each), appending their TAP output to
# e2e-<I+1>.log and each file's time in seconds to spec-seconds-<I+1>.txt (what deal_specs reads
# next time, once copied to tests/e2e/spec-seconds.txt). Fails if any file failed.
run_shard() {
  local i="$1" failed=0 spec t0; shift
  for spec in "$@"; do
    t0=$(date +%s)
    env PALAVER_E2E_URL="http://127.0.0.1:${shard_app[$i]}/" \
      PALAVER_E2E_WS="ws://127.0.0.1:${shard_http[$i]}/xmpp-websocket" \
      PALAVER_E2E_PROSODY="${shard_dir[$i]} ${shard_http[$i]} ${shard_c2s[$i]}" \
      node --experimental-websocket --test --test-concurrency=1 --test-timeout=300000 \
      --test-reporter=tap "$spec" >> "$LOG_DIR/e2e-$((i + 1)).log" 2>&1 || failed=1
    echo "$(basename "$spec") $(( $(date +%s) - t0 ))" >> "$LOG_DIR/spec-seconds-$((i + 1)).txt"
  done
  return "$failed"
}

current_step="install what is missing (scripts/install.sh)"
"$ROOT/scripts/install.sh"
cd "$ROOT"
if (( ! E2E_ONLY )); then

step "cargo fmt --check"
locked cargo fmt --all --check
done_step

step "clippy, native (-D warnings)"
locked cargo clippy --all-targets --features prosody-tests -- -D warnings
done_step

step "clippy, wasm32 (-D warnings)"
locked cargo clippy --target wasm32-unknown-unknown --lib --bins --test browser --test browser_conversations --test browser_edits --test browser_rooms --test browser_room_extras --test browser_room_invites --test browser_room_edits --test browser_occupants -- -D warnings
done_step

step "Native tests: unit and session tests"
run_tests native locked cargo test
done_step

fi

step "Prosody for the tests (127.0.0.1:$HTTP_PORT)"
"$ROOT/scripts/prosody.sh" start "$TEST_DIR" "$HTTP_PORT" "$C2S_PORT"
done_step

if (( ! E2E_ONLY )); then
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

fi

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

if (( ! E2E_ONLY )); then
step "Browser tests: wasm-bindgen-test in headless Chromium"
run_tests browser env WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/webdriver.json" \
  CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  flock "$CARGO_LOCK" cargo test --target wasm32-unknown-unknown --test browser --test browser_conversations --test browser_edits --test browser_rooms --test browser_room_extras --test browser_room_invites --test browser_room_edits --test browser_occupants
done_step

fi

step "End-to-end specs: the built app against Prosody in headless Chromium (two shards at once)"
# Two shards, each with its own Prosody (its own accounts and archives) and app server, so no
# spec sees another's messages. Specs are dealt out by their last measured time
# (tests/e2e/spec-seconds.txt; a new spec counts as 30 s) so both shards end together.
shard_dir=("$TEST_DIR" "$TEST_DIR-2")
shard_http=("$HTTP_PORT" "$((HTTP_PORT + 200))")
shard_c2s=("$C2S_PORT" "$((C2S_PORT + 200))")
shard_app=("$APP_PORT" "$((APP_PORT + 2))")
"$ROOT/scripts/prosody.sh" start "${shard_dir[1]}" "${shard_http[1]}" "${shard_c2s[1]}"
second_prosody="${shard_dir[1]}"
for i in 0 1; do
  ! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:${shard_app[$i]}/" \
    || die "port ${shard_app[$i]} is already in use: stop whatever serves it (ss -ltnp | grep :${shard_app[$i]})"
  python3 "$ROOT/scripts/serve.py" "$ROOT/dist" "${shard_app[$i]}" "ws://127.0.0.1:${shard_http[$i]}/xmpp-websocket" &
  server_pids+=($!)
  wait_for_http "http://127.0.0.1:${shard_app[$i]}/" 10
done
(( ${#E2E_SPECS[@]} )) || E2E_SPECS=("$ROOT"/tests/e2e/specs/*.spec.js)
mapfile -t shards < <(deal_specs "$ROOT/tests/e2e/spec-seconds.txt" "${E2E_SPECS[@]}")
shard_status=()
for i in 0 1; do
  read -r -a files <<< "${shards[$i]:-}"
  : > "$LOG_DIR/e2e-$((i + 1)).log"
  (( ${#files[@]} )) || { shard_status+=(""); continue; }
  run_shard "$i" "${files[@]}" &
  shard_status+=($!)
done
e2e_failed=0
for i in 0 1; do [[ -z "${shard_status[$i]}" ]] || wait "${shard_status[$i]}" || e2e_failed=1; done
for i in 1 2; do
  read -r p f s < <(count_log "$LOG_DIR/e2e-$i.log")
  printf '    shard %s: %s passed, %s failed, %s s\n' "$i" "$p" "$f" \
    "$(awk '{t += $2} END {print t + 0}' "$LOG_DIR/spec-seconds-$i.txt" 2>/dev/null || echo 0)"
  { grep -E '^not ok' "$LOG_DIR/e2e-$i.log" || true; } | sed "s/^/    shard $i: /"
done
sort "$LOG_DIR"/spec-seconds-*.txt > "$LOG_DIR/spec-seconds.txt" 2>/dev/null || true
read -r p f s < <(cat "$LOG_DIR"/e2e-*.log | count_log /dev/stdin)
(( e2e_failed == 0 )) || { grep -h -B2 -A30 '^not ok' "$LOG_DIR"/e2e-*.log | head -200; die "e2e failed"; }
(( E2E_ONLY || p + f >= FLOOR[e2e] )) || die "e2e ran $((p + f)) tests, fewer than its floor of ${FLOOR[e2e]}"
(( s == 0 )) || die "e2e skipped, ignored, cancelled or left $s tests to do"
done_step
