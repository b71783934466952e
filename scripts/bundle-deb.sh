#!/usr/bin/env bash
# Bundles a built app binary as a Debian package with the Tauri bundler (the CLI from the
# UI's locked npm packages), using src-tauri/tauri.conf.json: icons, the .desktop entry
# (src-tauri/linux/centerplan.desktop), the shared-mime-info entry, the file association
# and Depends, the package compressed with xz. Prints the package's size and installed size; with MAX_DEB_MB set, fails when
# the package is larger.
# Usage: scripts/bundle-deb.sh <app binary> <output dir>
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "$1")"
out="$2"
mkdir -p "$out"
out="$(realpath "$out")"
tauri="$PWD/ui/node_modules/.bin/tauri"
[ -x "$tauri" ] || { echo "bundle-deb: $tauri missing (run make ui-deps)" >&2; exit 1; }

# The bundler takes the binary from <target dir>/release: a staging target dir of its own
# holds a copy, so whichever profile built the binary, and nothing of the build's own
# target dir is touched.
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage/release"
cp "$bin" "$stage/release/centerplan-app"
(cd src-tauri && CARGO_TARGET_DIR="$stage" "$tauri" bundle --bundles deb --ci)
deb="$(find "$stage/release/bundle/deb" -maxdepth 1 -name '*.deb' | head -n1)"
[ -n "$deb" ] || { echo "bundle-deb: the bundler made no .deb" >&2; exit 1; }
name="$(basename "$deb")"
rm -f "$out"/*.deb
# The bundler compresses with gzip; rebuilt with xz (what Debian's own packages use) the
# package is about a quarter smaller, the same files, scripts and control fields.
dpkg-deb -R "$deb" "$stage/package"
dpkg-deb --root-owner-group -Zxz --build "$stage/package" "$out/$name" >/dev/null
rm -rf "$stage"

bytes="$(stat -c %s "$out/$name")"
installed_kb="$(dpkg-deb -f "$out/$name" Installed-Size)"
echo "package: $out/$name"
awk -v b="$bytes" -v k="$installed_kb" \
  'BEGIN { printf "size: %.1f MB (%d bytes); installed size: %.1f MB\n", b / 1e6, b, k * 1024 / 1e6 }'
if [ -n "${MAX_DEB_MB:-}" ] && [ "$bytes" -ge $((MAX_DEB_MB * 1000000)) ]; then
  echo "bundle-deb: $name is over the $MAX_DEB_MB MB budget" >&2
  exit 1
fi
