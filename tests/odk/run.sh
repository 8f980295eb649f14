#!/usr/bin/env bash
# openkp's XForms in ODK Web Forms (Debian's chromium via playwright-core), then through a real
# openkp server's OpenRosa endpoints: see xforms.test.mjs. Usage: run.sh OPENKP_BINARY
# The test bundles the page into dist/ itself (build.mjs) before it starts chromium.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
[ -d "$HERE/node_modules/@getodk/web-forms" ] || (cd "$HERE" && npm ci --no-audit --no-fund)
cd "$HERE"
OPENKP_BIN="$BIN" OPENKP_SCREENSHOT_DIR="${OPENKP_SCREENSHOT_DIR:-$(dirname "$BIN")}" \
  node --test xforms.test.mjs
