#!/usr/bin/env bash
# Installs the Debian packages Centerplan needs to build, run and test, skipping those
# already present, so `make run` and `make test` work on a fresh Debian 12 machine.
#   fonts-noto-cjk  Noto Sans CJK SC, the font charts and manuals are drawn with
#   poppler-utils   pdftotext/pdftoppm, used by tests to read exported PDFs back
set -euo pipefail

packages=(fonts-noto-cjk poppler-utils "$@")
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
