#!/usr/bin/env bash
# Installs a Centerplan .deb the way a user does (`apt-get install ./….deb`, as root) and
# checks what the desktop then offers: the files in place, a valid .desktop entry, a
# `.centerplan` file (and one without its extension, by its SQLite header and application
# id) recognised as application/x-centerplan with Centerplan as its default application;
# the installed app launched under Xvfb with a plan shows the plan's file name in its
# window title; a second launch with another plan hands it to the first window and exits;
# finally the package is purged and its files and MIME type are gone again.
# Usage: scripts/package-test.sh <package.deb> <centerplan CLI> [artifacts dir]
set -euo pipefail
deb="$(realpath "$1")"
cli="$(realpath "$2")"
artifacts="${3:-}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
package="$(dpkg-deb -f "$deb" Package)"
bin=/usr/bin/centerplan-app
desktop=/usr/share/applications/Centerplan.desktop

fail() { echo "package-test: $*" >&2; exit 1; }

if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
  fail "$package is already installed here; the test installs and removes it, so remove it first"
fi

work="$(mktemp -d)"
cleanup() {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq "$package" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== install $(basename "$deb")"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log" >&2; fail "apt-get install failed"; }

for path in "$bin" "$desktop" /usr/share/mime/packages/centerplan.xml \
  /usr/share/icons/hicolor/32x32/apps/centerplan-app.png \
  /usr/share/icons/hicolor/128x128/apps/centerplan-app.png \
  /usr/share/icons/hicolor/512x512/apps/centerplan-app.png; do
  [ -e "$path" ] || fail "$path is not installed"
done
desktop-file-validate "$desktop" || fail "$desktop is not a valid desktop entry"
grep -q '^Exec=centerplan-app %F$' "$desktop" || fail "$desktop does not pass files to the app (Exec)"
grep -q '^Name\[zh_CN\]=\|^Comment\[zh_CN\]=' "$desktop" || fail "$desktop has no Chinese name or comment"
for dep in libwebkit2gtk-4.1-0 fonts-noto-cjk fonts-noto-color-emoji; do
  dpkg-deb -f "$deb" Depends | grep -q "$dep" || fail "the package does not depend on $dep"
done

echo "== file type and association"
"$cli" new --type service --name "北区客户服务中心" -o "$work/北区.centerplan" >/dev/null
"$cli" new --type sales --name "南区销售中心" -o "$work/南区.centerplan" >/dev/null
cp "$work/北区.centerplan" "$work/no-extension"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
for file in "$work/北区.centerplan" "$work/no-extension"; do
  type="$(xdg-mime query filetype "$file")"
  [ "$type" = application/x-centerplan ] || fail "xdg-mime says $(basename "$file") is '$type'"
done
default="$(xdg-mime query default application/x-centerplan)"
[ "$default" = Centerplan.desktop ] || fail "the default application for a plan is '$default'"
echo "x.centerplan: application/x-centerplan, opened by $default"

echo "== launch with a plan, then a second launch"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY="$display"
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
# The single-instance hand-over uses the D-Bus session bus: one for this test alone.
dbus-run-session -- bash -c '
  set -euo pipefail
  bin="$1" work="$2" artifacts="$3"
  fail() { echo "package-test: $*" >&2; exit 1; }
  windows() { xdotool search --onlyvisible --name "$1" 2>/dev/null || true; }
  wait_title() {
    for _ in $(seq 300); do
      [ -n "$(windows "$1")" ] && return 0
      kill -0 "$app" 2>/dev/null || fail "the app exited before showing $1"
      sleep 0.1
    done
    fail "no window titled $1 within 30 s (windows: $(xdotool search --onlyvisible --name . getwindowname %@ 2>/dev/null | tr "\n" ";"))"
  }
  "$bin" "$work/北区.centerplan" >"$work/app.log" 2>&1 &
  app=$!
  wait_title "北区\.centerplan"
  echo "first launch: window \"$(xdotool getwindowname "$(windows "北区\.centerplan" | head -n1)")\""
  # A relative path, from another directory: the running app resolves it against the
  # second launch'"'"'s working directory.
  (cd "$work" && timeout 20 "$bin" "南区.centerplan") || fail "the second launch did not hand over and exit"
  wait_title "南区\.centerplan"
  kill -0 "$app" 2>/dev/null || fail "the first instance is gone"
  count="$(windows "Centerplan$" | wc -l)"
  [ "$count" -eq 1 ] || fail "$count Centerplan windows after the second launch"
  echo "second launch: handed over, one window \"$(xdotool getwindowname "$(windows "Centerplan$" | head -n1)")\""
  if [ -n "$artifacts" ]; then
    sleep 3 # the plan drawn, not only the title set
    mkdir -p "$artifacts"
    import -window root "$artifacts/package-second-launch.png" || true
  fi
  kill "$app"; wait "$app" 2>/dev/null || true
' package-test "$bin" "$work" "$artifacts"

echo "== purge"
DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq "$package" >/dev/null
for path in "$bin" "$desktop" /usr/share/mime/packages/centerplan.xml; do
  [ ! -e "$path" ] || fail "$path is left after purging"
done
type="$(xdg-mime query filetype "$work/no-extension")"
[ "$type" != application/x-centerplan ] || fail "application/x-centerplan is still known after purging"
echo "package-test: ok"
