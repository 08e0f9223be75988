#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests. As root with apt-get (CI, a fresh
# server) it is installed; elsewhere the browser tests skip and say how to get it.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "Chromium not found at $CHROMIUM: browser tests will be skipped (install it with: sudo apt-get install chromium)."
