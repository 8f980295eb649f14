#!/usr/bin/env bash
# Lints the OpenAPI document (src/http/openapi.json) with Redocly CLI, pinned in
# tests/js/package.json, against the repository's redocly.yaml (the recommended rules). Fails on
# any error or warning (redocly itself exits 0 on warnings), on problems hidden by an ignore
# file, and on a malformed redocly.yaml.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
REDOCLY="$HERE/js/node_modules/.bin/redocly"
[ -x "$REDOCLY" ] || (cd "$HERE/js" && npm ci --no-audit --no-fund)
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
lint() {
  "$REDOCLY" lint "$ROOT/src/http/openapi.json" --config "$ROOT/redocly.yaml" --lint-config error \
    --max-problems 1000 "$@"
}
report=$(mktemp)
trap 'rm -f "$report"' EXIT
rc=0
lint --format=json > "$report" 2> /dev/null || rc=$?
# shellcheck disable=SC2016  # ${...} below is JavaScript, not shell
if ! node -e '
  const { totals } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`openapi lint: ${totals.errors} errors, ${totals.warnings} warnings, ${totals.ignored} ignored`);
  process.exit(totals.errors + totals.warnings + totals.ignored === 0 ? 0 : 1);
' "$report" || [ "$rc" -ne 0 ]; then
  lint || true  # the problems, readable
  echo "openapi lint failed (redocly exit code $rc)" >&2
  exit 1
fi
