#!/usr/bin/env bash
# Make sure the system tools the tests use are there: Debian's Chromium for the browser tests,
# poppler-utils (pdftotext) as a second reader of the generated PDFs, and GNU gettext for the
# message-catalogue check. As root with apt-get (CI, a fresh server) missing ones are installed;
# elsewhere the browser and PDF tests skip, the catalogue check fails, and each says how to get them.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing for the tests: ${missing[*]} …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing for the tests: ${missing[*]}. Without them the browser and PDF tests are skipped and the catalogue check fails; install with: sudo apt-get install ${missing[*]}"
