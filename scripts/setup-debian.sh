#!/usr/bin/env bash
# Installs the Debian packages Centerplan needs to build, run and test, skipping those
# already present, so `make run` and `make test` work on a fresh Debian 12 machine.
#   fonts-noto-cjk  Noto Sans CJK SC, the font charts and manuals are drawn with
#   fonts-noto-color-emoji  Noto Color Emoji, their fallback for emoji
#   poppler-utils   pdftotext/pdftoppm, used by tests to read exported PDFs back
# With --app, also what the desktop app (Tauri 2) needs to build and run: WebKitGTK 4.1
# and friends. With --app-test, also what its end-to-end test needs: Xvfb, the WebKit
# WebDriver, ImageMagick (screenshots of the whole screen), xdotool, and python3 (the test
# reads the saved SQLite file and sends the window its close request), and what the package
# test (scripts/package-test.sh) checks the installed .deb with: xdg-utils and File::MimeInfo
# (xdg-mime as a desktop asks it), shared-mime-info and desktop-file-utils (the databases
# the package's triggers update) and a D-Bus session bus (the single-instance hand-over).
# Both install Node.js
# and npm from Debian when there are none on PATH (the UI's build and tests need them).
# Further arguments are extra package names.
set -euo pipefail

app_packages=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev)
app_test_packages=(xvfb webkit2gtk-driver imagemagick xdotool xdg-utils libfile-mimeinfo-perl
  shared-mime-info desktop-file-utils dbus x11-utils)
# Commands rather than packages: a machine may have them from elsewhere (e.g. Node.js from
# NodeSource, python3 from pyenv), so only a missing command pulls in Debian's package.
node_packages=()
command -v npm >/dev/null || node_packages=(nodejs npm)
python_packages=()
command -v python3 >/dev/null || python_packages=(python3)

packages=(fonts-noto-cjk fonts-noto-color-emoji poppler-utils)
while [ $# -gt 0 ]; do
  case "$1" in
    --app) packages+=("${app_packages[@]}" "${node_packages[@]}") ;;
    --app-test) packages+=("${app_packages[@]}" "${node_packages[@]}" "${app_test_packages[@]}" "${python_packages[@]}") ;;
    --*) echo "setup-debian.sh: unknown flag $1" >&2; exit 2 ;;
    *) packages+=("$1") ;;
  esac
  shift
done

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
