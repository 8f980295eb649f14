#!/usr/bin/env bash
# Lints the OpenAPI document (src/http/openapi/*.json merged by scripts/openapi-merge.mjs, as the
# server merges them) with Redocly CLI, pinned in
# tests/js/package.json, against the repository's redocly.yaml (the recommended rules). Fails on
# any error or warning (redocly itself exits 0 on warnings), on problems hidden by an ignore
# file, and on a malformed redocly.yaml.
# With the openkp binary as $1, also checks that the server serves exactly that document.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
DOC=$(mktemp --suffix=.json)
report=$(mktemp)
trap 'rm -f "$report" "$DOC"' EXIT
node "$ROOT/scripts/openapi-merge.mjs" "$DOC"
if [ $# -ge 1 ]; then
  node -e '
    const fs = require("fs");
    const merged = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const served = JSON.parse(require("child_process").execFileSync(process.argv[2], ["openapi"]));
    const same = JSON.stringify(merged) === JSON.stringify(served);
    if (!same) console.error("the server serves another OpenAPI document than scripts/openapi-merge.mjs builds");
    process.exit(same ? 0 : 1);
  ' "$DOC" "$1"
fi
REDOCLY="$HERE/js/node_modules/.bin/redocly"
[ -x "$REDOCLY" ] || (cd "$HERE/js" && npm ci --no-audit --no-fund)
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
lint() {
  "$REDOCLY" lint "$DOC" --config "$ROOT/redocly.yaml" --lint-config error \
    --max-problems 1000 "$@"
}
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
