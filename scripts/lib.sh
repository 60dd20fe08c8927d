# Shared helpers for Palaver's scripts (sourced, not run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# One Rust build at a time on this 2-core machine, also across concurrent scripts.
CARGO_LOCK=/tmp/palaver-cargo.lock
export PATH="$HOME/.cargo/bin:$PATH"

step_started=0
current_step="start"
step() { current_step="$*"; step_started=$(date +%s); printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# Whatever fails, say which step it was.
trap 'status=$?; printf "\n\033[31mFAILED\033[0m in step: %s (exit %s)\n" "$current_step" "$status" >&2' ERR
done_step() { printf '    (%ss)\n' "$(( $(date +%s) - step_started ))"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }
locked() { flock "$CARGO_LOCK" "$@"; }

# The wasm-bindgen version Cargo.lock pins; wasm-bindgen-cli must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Waits until an HTTP URL answers, up to $2 seconds.
wait_for_http() {
  local url="$1" limit="${2:-30}" i
  for (( i = 0; i < limit * 10; i++ )); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.1
  done
  die "$url did not answer within ${limit}s"
}
