#!/usr/bin/env bash
# Installs what Palaver's build and tests need, skipping whatever is already there at the right
# version: seconds on a warm machine, about 10 minutes on a fresh one (Trunk compiles).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TRUNK_VERSION=0.21.14
CARGO_FUZZ_VERSION=0.13.1
BINARYEN_VERSION=132
PLAYWRIGHT_DIR="$ROOT/tests/e2e"

step "Debian packages (prosody, chromium, chromium-driver, curl, an emoji font)"
missing=()
for pkg in prosody chromium chromium-driver curl fonts-noto-color-emoji; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  # The package starts a system Prosody (c2s 5222); ours run from scripts/prosody.sh, on other
  # ports. Stop it by its service, or by the pid file of Debian's configuration.
  $SUDO service prosody stop >/dev/null 2>&1 || true
  if [[ -s /run/prosody/prosody.pid ]]; then
    $SUDO kill "$(cat /run/prosody/prosody.pid)" >/dev/null 2>&1 || true
  fi
fi
if dpkg-query -W -f='${Status}' binaryen 2>/dev/null | grep -q 'install ok installed'; then
  # Debian's binaryen 108 cannot read current rustc output and would shadow npm's.
  DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get remove -y -qq binaryen >/dev/null
fi
done_step

step "Rust target wasm32-unknown-unknown"
(cd "$ROOT" && rustup target list --installed | grep -qx wasm32-unknown-unknown) \
  || (cd "$ROOT" && rustup target add wasm32-unknown-unknown)
done_step

step "Trunk $TRUNK_VERSION"
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  locked cargo install trunk --version "$TRUNK_VERSION" --locked
fi
done_step

WB_VERSION="$(wasm_bindgen_version)"
step "wasm-bindgen-cli $WB_VERSION"
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION"; then
  # Not --locked: the registry lacks one of its locked dependencies.
  locked cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
done_step

step "cargo-fuzz $CARGO_FUZZ_VERSION (the test command fuzzes the core for a minute per target)"
if ! cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION"; then
  locked cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
done_step

step "wasm-opt (npm binaryen@$BINARYEN_VERSION)"
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  npm install -g --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
fi
done_step

step "Node packages for the browser tests (tests/e2e)"
if [[ ! -d "$PLAYWRIGHT_DIR/node_modules/playwright-core" ]] \
   || [[ "$PLAYWRIGHT_DIR/package-lock.json" -nt "$PLAYWRIGHT_DIR/node_modules/.package-lock.json" ]]; then
  (cd "$PLAYWRIGHT_DIR" && npm ci --no-audit --no-fund >/dev/null)
fi
done_step

step "Rust crates (cargo fetch, so builds can run --offline)"
(cd "$ROOT" && locked cargo fetch -q)
done_step
