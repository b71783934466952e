#!/usr/bin/env bash
# Times the app's start: from the moment this script launches the binary to the first
# frame the UI has painted (the UI reports it through the `first_frame` command, which
# with CENTERPLAN_STARTUP_REPORT=exit prints the frame's wall-clock time and quits).
# The first run starts cold where the page cache can be dropped (as root), the others
# warm; prints every run and the median, and fails when the median is over 1 s.
# Run under `xvfb-run -a` when there is no display; `make perf` does.
# Usage: scripts/startup.sh <app binary> [runs]
set -euo pipefail
app="$(realpath "$1")"
runs="${2:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CENTERPLAN_APP_DIR="$work/app" CENTERPLAN_STARTUP_REPORT=exit
times=()
for run in $(seq "$runs"); do
  kind=warm
  if [ "$run" -eq 1 ] && [ "$(id -u)" -eq 0 ] && sync && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then
    kind="cold (page cache dropped)"
  fi
  start="$(date +%s%3N)"
  out="$(timeout 60 "$app" 2>"$work/stderr" || true)"
  frame="$(sed -n 's/^first-frame-epoch-ms \([0-9]*\)$/\1/p' <<<"$out" | head -n1)"
  if [ -z "$frame" ]; then
    cat "$work/stderr" >&2
    echo "startup: run $run reported no first frame" >&2
    exit 1
  fi
  ms=$((frame - start))
  echo "start to first frame, run $run ($kind): $ms ms"
  times+=("$ms")
done
median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
echo "start to first frame: median $median ms over $runs runs ($(basename "$app"))"
[ "$median" -lt 1000 ] || { echo "startup: over the 1 s goal" >&2; exit 1; }
