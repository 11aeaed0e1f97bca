#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium. They prefer its headless shell (the
# chromium-headless-shell package: the same Blink and V8 without the browser's UI layer, which is
# what Playwright itself drives for headless runs); full Chromium works too. Install the shell when
# we can (root with apt), otherwise use whichever is there, or say exactly what to install and stop.
set -euo pipefail
shell="/usr/bin/chromium-headless-shell"
full="/usr/bin/chromium"
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] && exit 0
  echo "test: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable browser." >&2
  exit 1
fi
if [ -x "$shell" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "test: installing Debian's chromium-headless-shell package…"
  # Should apt fail (no mirror today), a full Chromium already here still runs the suite.
  apt-get update -qq || [ -x "$full" ]
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; then exit 0; fi
  [ -x "$full" ] && exit 0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
if [ -x "$full" ]; then exit 0; fi
cat >&2 <<MSG
test: the end-to-end tests need Chromium, and neither $shell nor $full is there.
  On Debian or Ubuntu:  sudo apt-get install chromium-headless-shell   (or chromium)
  Elsewhere: install Chromium or Chrome and run  CHROMIUM_PATH=/path/to/chromium npm test
MSG
exit 1
