#!/usr/bin/env bash
# Times the app with a large plan in a real window (ui/e2e/perf.mjs under tauri-driver).
# Run under `xvfb-run -a` when there is no display; `make perf` does.
# Usage: scripts/perf.sh <app binary> <plan.centerplan>
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(realpath "$1")"
plan="$(realpath "$2")"
driver_bin="${TAURI_DRIVER:-tauri-driver}"
work="$(mktemp -d)"
export CENTERPLAN_APP_DIR="$work/app"
# Another WebDriver server on the machine (a parallel run) can be avoided with E2E_PORT;
# WebKitWebDriver listens on the next port.
port="${E2E_PORT:-4444}"
export E2E_PORT="$port"
"$driver_bin" --port "$port" --native-port "$((port + 1))" >"$work/tauri-driver.log" 2>&1 &
driver=$!
trap 'kill "$driver" 2>/dev/null || true; wait "$driver" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.2
done
(cd ui && node e2e/perf.mjs "$app" "$plan")
