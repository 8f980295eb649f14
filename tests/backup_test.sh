#!/usr/bin/env bash
# Backup while serving, restore, and proof: `openkp backup` takes a consistent copy while
# certificates are being issued over HTTP; `openkp restore` puts it into a new directory and
# checks it (every certificate verified, the log recomputed); the restored directory serves,
# and an independent audit of its log passes; a report's photo (a file beside the database)
# travels with it. Restoring over data is refused.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
new_work_dir
cd "$work"
serve_demo 100
url=$started_url
token=$(sed -n 's/^Demo officer BW\t//p' data/demo-tokens.txt)
body='{"destination":"EU","origin":{"mixed":false,"countries":["BW"]},"exporter":{"name":"A","address":"B"},"importer":{"name":"C","address":"D"},"lines":[{"hs_code":"7102.31","carats_hundredths":100000,"value_usd_cents":2000000}],"parcels":1}'
issue() {
  for _ in $(seq 60); do
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data "$body" "$url/v1/certificates"
  done
}
submit_photo_report "$url" data photo.jpg  # a photo kept as a file, beside the database
issue &
issuing=$!
sleep 0.2
"$BIN" backup --data data --to bk | tee backup.out
wait "$issuing"
grep -q "backed up data to bk" backup.out || fail "backup did not report"
[ "$(stat -c %a bk/openkp.db)" = 600 ] || fail "the backup's database is not 0600"
[ "$(stat -c %a bk)" = 700 ] && [ "$(stat -c %a bk/log)" = 700 ] ||
  fail "the backup's directories are not 0700: $(stat -c '%n %a' bk bk/log)"
cmp -s data/monitor-secret bk/monitor-secret || fail "the backup lacks the monitoring secret"
sha=$(sha256sum photo.jpg | cut -d' ' -f1)
cmp -s photo.jpg "bk/attachments/${sha:0:2}/$sha" || fail "the backup lacks the report's photo"
sites_before=$(curl -s "$url/v1/sites?format=csv" | sha256sum)
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()

"$BIN" restore --from bk --data restored | tee restore.out
grep -q "root = checkpoint" restore.out || fail "restore did not prove the log"
grep -q "certificates verified" restore.out || fail "restore did not verify certificates"
grep -q "1 monitoring attachments read back" restore.out || fail "restore did not read the photo"
# A backup whose photo was altered is refused by restore, which names the file.
cp -a bk bk-altered
flip_byte "bk-altered/attachments/${sha:0:2}/$sha" 0
set +e; "$BIN" restore --from bk-altered --data restored-altered > altered.out 2>&1; rc=$?; set -e
[ "$rc" != 0 ] && grep -q "not the file received" altered.out ||
  fail "restore of an altered photo: exit $rc, $(cat altered.out)"
[ "$(stat -c %a restored/log)" = 700 ] || fail "the restored log directory is not 0700"
set +e; "$BIN" restore --from bk --data restored > again.out 2>&1; rc=$?; set -e
[ "$rc" = 6 ] || fail "restore over data exited $rc, want 6: $(cat again.out)"
grep -q "not empty" again.out || fail "no reason given: $(cat again.out)"

# The restored directory serves, verifies, and its log passes an independent audit.
start_and_wait serve2.log "$BIN" serve --data restored --listen 127.0.0.1:0
# Monitoring survives: the same reports, and public sites at the same displaced points.
[ "$(curl -s "$started_url/v1/sites?format=csv" | sha256sum)" = "$sites_before" ] ||
  fail "public site positions changed after a restore"
pids+=("$started_pid")
MON=$(sed -n 's/^Demo monitor CNRG-ZW\t//p' data/demo-tokens.txt)
curl -sf -H "Authorization: Bearer $MON" "$started_url/v1/incidents/$report/files/photo.jpg" |
  cmp -s - photo.jpg || fail "the restored server does not serve the report's photo"
number=$(sqlite3 restored/openkp.db "SELECT number FROM certificates c JOIN certificate_status s USING (number) WHERE s.state = 'confirmed' LIMIT 1")
curl -s "$started_url/v1/certificates/$number/verify" | grep -q '"valid":true' ||
  fail "a restored certificate does not verify"
vkey=$("$BIN" log vkey --data restored)
"$BIN" log audit restored/log/public --log-key "$vkey" --state "$work/audit" | tee audit.out
grep -q "audit OK" audit.out || fail "audit of the restored log failed"
echo "backup and restore: OK"
