#!/usr/bin/env bash
# Storage faults, on a small tmpfs holding the data directory: a full disk while issuing
# (503, nothing stored, reads and /readyz go on, the database intact, issuing resumes when space
# returns); a database locked by another process (503 after the busy timeout); a read-only
# directory at start (a clear error, nothing changed). Needs root (mount); without it the test
# says so and passes.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
new_work_dir
mounted=
before_cleanup() { if [ -n "$mounted" ]; then umount "$work/small" 2>/dev/null || true; fi; }
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

# A database locked by another process (here an exclusive transaction held by the sqlite3
# shell): after the 10 s busy timeout, issuing answers 503 and stores nothing; when the lock
# goes, issuing works again.
start_and_wait serve3.log "$BIN" serve --data small/data --listen 127.0.0.1:0 --log-level error
pids+=("$started_pid")
url=$started_url
before=$(sqlite3 small/data/openkp.db "SELECT COUNT(*) FROM certificates")
mkfifo hold
(sqlite3 small/data/openkp.db < hold > /dev/null 2>&1 &)
exec 3> hold
echo "BEGIN EXCLUSIVE; SELECT 1;" >&3
sleep 0.5
code=$(issue)
[ "$code" = 503 ] || fail "a locked database answered $code, want 503: $(cat issue.out)"
grep -q '"type":"urn:openkp:problem:unavailable"' issue.out || fail "problem type: $(cat issue.out)"
echo "ROLLBACK;" >&3
exec 3>&-
sleep 0.5
[ "$(issue)" = 201 ] || fail "issuing did not resume after the lock: $(cat issue.out)"
after=$(sqlite3 small/data/openkp.db "SELECT COUNT(*) FROM certificates")
[ "$after" = $((before + 1)) ] || fail "the refused request stored something: $before -> $after"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()
echo "locked database: 503 after the busy timeout, nothing stored, then 201: OK"

# A read-only data directory at start: a clear error, no crash, nothing changed.
sum_before=$(sha256sum small/data/openkp.db | cut -d' ' -f1)
mount -o remount,ro "$work/small"
set +e
timeout 20 "$BIN" serve --data small/data --listen 127.0.0.1:0 > ro.out 2>&1
rc=$?
set -e
mount -o remount,rw "$work/small"
[ "$rc" != 0 ] && [ "$rc" != 124 ] || fail "serve on a read-only directory exited $rc: $(cat ro.out)"
grep -qi "read-only\|readonly\|cannot open\|unable to open\|unavailable" ro.out ||
  fail "no clear reason: $(cat ro.out)"
[ "$(sha256sum small/data/openkp.db | cut -d' ' -f1)" = "$sum_before" ] || fail "database changed"
echo "read-only data directory: refused with '$(head -1 ro.out)': OK"
