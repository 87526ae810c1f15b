#!/usr/bin/env bash
# Make sure the Debian packages that Qt, the fonts and the tests need are present.
# Installs them when run as root with apt-get; otherwise prints the exact command and fails.
set -euo pipefail

packages=(
  # Qt's offscreen and X11 platform plugins (PLATFORM-NOTES: Install)
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth
  # Latin, Cyrillic (incl. Mongolian) and Japanese glyphs; IPA fonts keep PDF text extractable
  fonts-dejavu-core fonts-ipafont-gothic fonts-ipafont-mincho
  # tests read exported PDFs back and inspect project files
  poppler-utils sqlite3
  # desktop metadata validators; update-mime-database for the .quaestio file type test
  desktop-file-utils appstream shared-mime-info
  # the team-server tests start a temporary PostgreSQL cluster (pg_trgm is in -contrib)
  postgresql postgresql-contrib
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-packages: not a Debian/Ubuntu system; install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "system-packages: missing Debian packages. Install them with:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
