#!/usr/bin/env bash
# Runs the app's end-to-end test in a real window: tauri-driver (which starts Debian's
# WebKitWebDriver) drives the built app; run it under `xvfb-run -a` when there is no
# display. Usage: scripts/e2e.sh <app binary> <artifact dir>
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(realpath "$1")"
artifacts="$(realpath -m "$2")"
mkdir -p "$artifacts"

if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked
fi
export PATH="$HOME/.cargo/bin:$PATH"

# The app keeps its preferences and recovery copies here, so every run starts clean.
work="$(mktemp -d)"
export CENTERPLAN_APP_DIR="$work/app"
port=4444

tauri-driver --port "$port" >"$artifacts/tauri-driver.log" 2>&1 &
driver=$!
cleanup() {
  kill "$driver" 2>/dev/null || true
  wait "$driver" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 50); do
  (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.2
done

(cd ui && node e2e/e2e.mjs "$app" "$work" "$artifacts")
