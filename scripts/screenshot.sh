#!/usr/bin/env bash
# Opens the app under Xvfb, waits for its window, and saves a screenshot of the screen.
# Usage: scripts/screenshot.sh <app binary> <output.png> [seconds to wait]
set -euo pipefail
app="$(realpath "$1")"
out="$(realpath -m "$2")"
wait="${3:-8}"
mkdir -p "$(dirname "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
CENTERPLAN_APP_DIR="$work" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$0" & pid=$!
  sleep "$2"
  import -window root "$1"
  kill "$pid"; wait "$pid" 2>/dev/null || true
' "$app" "$out" "$wait"
echo "wrote $out"
