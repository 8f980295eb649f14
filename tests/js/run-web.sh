#!/usr/bin/env bash
# The web page in Debian's chromium (playwright-core): web*.test.mjs, one file at a time (each
# starts its own server and browser: web-fixture.mjs).
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
[ -d "$HERE/node_modules/playwright-core" ] && [ -d "$HERE/node_modules/qrcode" ] ||
  (cd "$HERE" && npm ci --no-audit --no-fund)
cd "$HERE"
OPENKP_BIN="$BIN" OPENKP_SCREENSHOT_DIR="${OPENKP_SCREENSHOT_DIR:-$(dirname "$BIN")}" \
  node --test --test-concurrency=1 web*.test.mjs
