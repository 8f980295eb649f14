#!/usr/bin/env bash
# A full disk while issuing: the data directory lives on a small tmpfs that is then filled.
# Issuing answers 503 (problem type unavailable, nothing stored), reads and /readyz go on, the
# database stays intact, and issuing resumes once space returns. Needs root (mount); without
# it the test says so and passes.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
work=$(mktemp -d)
pids=()
mounted=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  [ -n "$mounted" ] && umount "$work/small" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/small"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=8m tmpfs "$work/small" 2>/dev/null; then
  echo "skipped: mounting a small tmpfs needs root"
  exit 0
fi
mounted=1
cd "$work"
"$BIN" demo --data small/data --certificates 10 > /dev/null
start_and_wait serve.log "$BIN" serve --data small/data --listen 127.0.0.1:0 --log-level error
pids+=("$started_pid")
url=$started_url
token=$(sed -n 's/^Demo officer BW\t//p' small/data/demo-tokens.txt)
body='{"destination":"EU","origin":{"mixed":false,"countries":["BW"]},"exporter":{"name":"A","address":"B"},"importer":{"name":"C","address":"D"},"lines":[{"hs_code":"7102.31","carats_hundredths":100000,"value_usd_cents":2000000}],"parcels":1}'
issue() {
  curl -s -o issue.out -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data "$body" "$url/v1/certificates"
}
[ "$(issue)" = 201 ] || fail "could not issue before the disk filled: $(cat issue.out)"
dd if=/dev/zero of=small/filler bs=64k 2> /dev/null || true   # until the disk is full
code=201
for _ in $(seq 2000); do
  code=$(issue)
  [ "$code" = 201 ] || break
done
[ "$code" = 503 ] || fail "a full disk answered $code, want 503: $(cat issue.out)"
grep -q '"type":"urn:openkp:problem:unavailable"' issue.out || fail "problem type: $(cat issue.out)"
# Reads go on.
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/readyz")" = 200 ] || fail "not ready while full"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/participants")" = 200 ] || fail "reads stopped"
# Space returns: issuing resumes, numbers stay gapless, the database is intact.
rm -f small/filler
[ "$(issue)" = 201 ] || fail "issuing did not resume: $(cat issue.out)"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()
[ "$(sqlite3 small/data/openkp.db 'PRAGMA integrity_check')" = ok ] || fail "database damaged"
count=$(sqlite3 small/data/openkp.db "SELECT COUNT(*) FROM certificates WHERE issuer = 'BW' AND number LIKE 'BW-2026-%'")
max=$(sqlite3 small/data/openkp.db "SELECT MAX(CAST(substr(number, 9) AS INTEGER)) FROM certificates WHERE issuer = 'BW' AND number LIKE 'BW-2026-%'")
[ "$count" = "$max" ] || fail "numbers not gapless: $count certificates, highest $max"
echo "full disk: 503 while full, reads and readiness kept, issuing resumed, gapless ($count): OK"
