#!/usr/bin/env bash
# Runs the app's end-to-end test in a real window: tauri-driver (which starts Debian's
# WebKitWebDriver) drives the built app; run it under `xvfb-run -a` when there is no
# display. Usage: scripts/e2e.sh <app binary> <artifact dir>
# $TAURI_DRIVER names the tauri-driver binary (`make e2e` builds one into a cache dir).
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(realpath "$1")"
artifacts="$(realpath -m "$2")"
mkdir -p "$artifacts"
driver_bin="${TAURI_DRIVER:-tauri-driver}"
command -v "$driver_bin" >/dev/null || { echo "e2e.sh: no tauri-driver (make tauri-driver builds one)" >&2; exit 2; }

# The app keeps its preferences and recovery copies here, so every run starts clean.
work="$(mktemp -d)"
export CENTERPLAN_APP_DIR="$work/app"
# Another WebDriver server on the machine (a parallel run) can be avoided with E2E_PORT;
# WebKitWebDriver listens on the next port.
port="${E2E_PORT:-4444}"
export E2E_PORT="$port"

# The test kills the app to check crash recovery: WebDriver starts it through this
# wrapper, which records the app's process id (exec keeps it) for the test to kill.
cat >"$work/app.sh" <<WRAP
#!/bin/sh
echo \$\$ > "$work/app.pid"
exec "$app" "\$@"
WRAP
chmod +x "$work/app.sh"

"$driver_bin" --port "$port" --native-port "$((port + 1))" >"$artifacts/tauri-driver.log" 2>&1 &
driver=$!
cleanup() {
  # The test deletes its WebDriver sessions first, so WebKitWebDriver has gone already.
  kill "$driver" 2>/dev/null || true
  wait "$driver" 2>/dev/null || true
  if [ -f "$work/app.pid" ]; then kill -9 "$(cat "$work/app.pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

up=""
for _ in $(seq 100); do
  if (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null; then up=1; break; fi
  sleep 0.2
done
[ -n "$up" ] || { echo "e2e.sh: tauri-driver did not start" >&2; cat "$artifacts/tauri-driver.log" >&2; exit 1; }

(cd ui && node e2e/e2e.mjs "$work/app.sh" "$work" "$artifacts")
