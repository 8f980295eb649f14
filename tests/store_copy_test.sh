#!/usr/bin/env bash
# `openkp store copy`: a demo deployment on SQLite (certificates, statistics, monitoring, review,
# the coalition, the log) moved to PostgreSQL, proved by the command (row counts, the log's root,
# every certificate verified); a second copy into the same database is refused; a server on the
# copy answers as the original did, issues on, and its log verifies with Go's x/mod; and the copy
# copied back to a new SQLite file holds the same rows. Needs the "postgresql" ctest fixture.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
new_work_dir
cd "$work"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" GOFLAGS= \
  go build -o "$work/logverify" "$HERE/go/logverify/main.go"
cluster=$(cat "$OPENKP_TEST_POSTGRESQL_URL_FILE")
db="copy_$$"
psql -q "$cluster" -c "CREATE DATABASE $db"
pg="${cluster%/*}/$db"

"$BIN" demo --data data --certificates 300 > /dev/null
# What the SQLite deployment answers, to compare with the copy's.
start_and_wait sqlite.log "$BIN" serve --data data --listen 127.0.0.1:0 --log-level off
pids+=("$started_pid")
# A report with a photo from a phone (OpenRosa): on SQLite the photo is a file beside the
# database (data/attachments/), which the copy brings into PostgreSQL's rows.
MON=$(sed -n 's/^Demo monitor CNRG-ZW\t//p' data/demo-tokens.txt)
submit_photo_report "$started_url" data photo.jpg
sha=$(sha256sum photo.jpg | cut -d' ' -f1)
cmp -s photo.jpg "data/attachments/${sha:0:2}/$sha" || fail "the photo is not a file beside SQLite"
[ "$(sqlite3 data/openkp.db "SELECT length(data) || ' ' || in_file FROM monitor_attachments WHERE sha256 = '$sha'")" = "0 1" ] ||
  fail "the SQLite row holds the photo"
for _ in $(seq 100); do  # the report's events in the log before its checkpoint is kept
  [ "$(curl -sf "$started_url/log/checkpoint" | sed -n 2p)" = \
    "$(sqlite3 data/openkp.db "SELECT count(*) FROM events")" ] && break
  sleep 0.1
done
for path in "/v1/incidents" "/v1/activities?year=2019" "/v1/stats/production?year=2019" \
  "/v1/reviews" "/v1/stats/exports?year=2026" "/v1/regions" "/v1/commitments?format=csv" \
  "/v1/regions/MRU/dashboard?from=2015&to=2024" "/log/checkpoint"; do
  curl -sf "$started_url$path" > "before.$(printf %s "$path" | tr -c 'a-z0-9' _)"
done
kill "$started_pid"
wait "$started_pid" 2> /dev/null || true

"$BIN" store copy --data data --from sqlite:data/openkp.db --to "$pg" > copy.out ||
  fail "store copy: $(cat copy.out)"
grep -q "row counts equal; log of [1-9][0-9]* entries recomputed, root = checkpoint; [1-9][0-9]* certificates verified" copy.out ||
  fail "the copy's proof: $(tail -1 copy.out)"
rc=0
"$BIN" store copy --data data --from sqlite:data/openkp.db --to "$pg" > again.out 2>&1 || rc=$?
[ "$rc" = 6 ] || fail "a second copy into the same database: exit $rc"
grep -q "the target database is not empty" again.out || fail "the reason: $(cat again.out)"

# The copy serves what the original served (its own log files, built from the copied leaves).
mv data/log/public data/log/public.sqlite
start_and_wait pg.log "$BIN" serve --data data --store "$pg" --listen 127.0.0.1:0 --log-level off
pids+=("$started_pid")
base=$started_url
for _ in $(seq 50); do curl -sf -o /dev/null "$base/log/checkpoint" && break; sleep 0.1; done
for path in "/v1/incidents" "/v1/activities?year=2019" "/v1/stats/production?year=2019" \
  "/v1/reviews" "/v1/stats/exports?year=2026" "/v1/regions" "/v1/commitments?format=csv" \
  "/v1/regions/MRU/dashboard?from=2015&to=2024" "/log/checkpoint"; do
  f="before.$(printf %s "$path" | tr -c 'a-z0-9' _)"
  curl -sf "$base$path" > after || fail "GET $path on the copy"
  cmp -s "$f" after || fail "GET $path differs on the copy"
done
curl -sf -H "Authorization: Bearer $MON" "$base/v1/incidents/$report/files/photo.jpg" > photo.copy ||
  fail "the photo from the copy"
cmp -s photo.jpg photo.copy || fail "the copy serves another photo"
[ "$(psql -tA "$pg" -c "SELECT length(data) || ' ' || in_file FROM monitor_attachments WHERE sha256 = '$sha'")" = "200000 0" ] ||
  fail "PostgreSQL's row does not hold the photo"
BW=$(sed -n 's/^Demo officer BW\t//p' data/demo-tokens.txt)
body=$BW_TO_EU
code=$(curl -s -o issued.json -w '%{http_code}' -X POST -H "Authorization: Bearer $BW" \
  -H 'Content-Type: application/json' --data "$body" "$base/v1/certificates")
[ "$code" = 201 ] || fail "issuing on the copy: $code $(cat issued.json)"
events=$(psql -tA "$pg" -c "SELECT count(*) FROM events")
for _ in $(seq 100); do
  [ "$(curl -sf "$base/log/checkpoint" | sed -n 2p)" = "$events" ] && break
  sleep 0.1
done
vkey=$("$BIN" log vkey --data data)
"$work/logverify" "$base" "$vkey" > /dev/null || fail "Go's x/mod does not verify the copy's log"
"$work/logverify" "$base" "$vkey" before._log_checkpoint > /dev/null ||
  fail "the copy's log is not consistent with the original's checkpoint"

# And back: PostgreSQL to a new SQLite file, the same rows again.
"$BIN" store copy --data data --from "$pg" --to sqlite:back.db > back.out ||
  fail "copy back: $(cat back.out)"
grep -q "row counts equal" back.out || fail "copy back: $(tail -1 back.out)"
for table in certificates events log_leaves monitor_reports coalition_activities; do
  [ "$(sqlite3 back.db "SELECT count(*) FROM $table")" = "$(psql -tA "$pg" -c "SELECT count(*) FROM $table")" ] ||
    fail "copy back: $table differs"
done
echo "store copy: SQLite demo -> PostgreSQL ($(tail -1 copy.out | cut -d';' -f1)); same answers, issues on, log verified by Go; refused into a non-empty database; copied back to SQLite"
