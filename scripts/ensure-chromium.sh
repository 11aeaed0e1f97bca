#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium. Install it when we can (root with apt), otherwise
# say exactly what to install and stop.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: Chromium is missing; installing Debian's chromium package…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<MSG
test: the end-to-end tests need Chromium at $chromium, and it is not there.
  On Debian or Ubuntu:  sudo apt-get install chromium
  Elsewhere: install Chromium or Chrome and run  CHROMIUM_PATH=/path/to/chromium npm test
MSG
exit 1
