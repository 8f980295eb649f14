#!/usr/bin/env bash
# PostgreSQL goes away under load, then comes back (a cluster of this test's own: the shared
# one serves other tests meanwhile). While it is down: issuing answers 503 problem+json
# ("unavailable"), /readyz 503, the server stays up; nothing half-written (every certificate
# acknowledged is stored with its event); when it returns, the server recovers by itself.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
new_work_dir
cd "$work"
client_pids=()
before_cleanup() {
  for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  bash "$HERE/pg/cluster.sh" stop "$work/pg"
}
bash "$HERE/pg/cluster.sh" start "$work/pg"
cluster=$(cat pg/url)
psql -q "$cluster" -c "CREATE DATABASE outage"
export OPENKP_STORE="${cluster%/*}/outage"
sql() { psql -tA "$OPENKP_STORE" -c "$1"; }

"$BIN" init --data data > /dev/null
"$BIN" keys generate --data data --participant BW > /dev/null
token=$("$BIN" users add --data data --name officer --participant BW)
start_and_wait server.log "$BIN" serve --data data --listen 127.0.0.1:0 --log-level off
server=$started_pid
pids+=("$server")
base=$started_url
body=$BW_TO_EU
issue() {
  curl -s -o "$1" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data "$body" "$base/v1/certificates"
}
client() {  # issues until killed; records the numbers acknowledged (201) and every status
  while true; do
    code=$(issue "$1.body" 2> /dev/null) || continue
    echo "$code" >> "$1.codes"
    [ "$code" = 201 ] && grep -o '"number":"[^"]*"' "$1.body" | head -1 | cut -d'"' -f4 >> "$1.acked"
  done
}
for c in 1 2 3; do client "c$c" & client_pids+=($!); done
sleep 1
bash "$HERE/pg/cluster.sh" halt "$work/pg"
sleep 1
# Down: a clear answer, and the server still up.
code=$(issue down.json)
[ "$code" = 503 ] || fail "issuing while PostgreSQL is down: $code $(cat down.json)"
grep -q '"type"' down.json && grep -q 'unavailable\|PostgreSQL\|connect' down.json ||
  fail "not a problem naming the cause: $(cat down.json)"
ready=$(curl -s -o ready.json -w '%{http_code}' "$base/readyz")
[ "$ready" = 503 ] || fail "/readyz while PostgreSQL is down: $ready"
kill -0 "$server" || fail "the server died with its database"
bash "$HERE/pg/cluster.sh" resume "$work/pg"
# Back: the server recovers by itself.
recovered=
for _ in $(seq 100); do
  [ "$(issue back.json)" = 201 ] && { recovered=1; break; }
  sleep 0.1
done
[ -n "$recovered" ] || fail "the server did not recover: $(cat back.json)"
sleep 1
for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
client_pids=()
cat c*.acked > acked 2> /dev/null || true
grep -q 503 c*.codes || fail "no client saw the outage"
unexpected=$(cat c*.codes | grep -v -x -e 201 -e 503 | sort | uniq -c || true)
[ -z "$unexpected" ] || fail "answers other than 201 and 503: $unexpected"
sort -u acked > acked.sorted
sql "SELECT number FROM certificates ORDER BY number" | sort > stored
missing=$(comm -23 acked.sorted stored | wc -l)
[ "$missing" = 0 ] || fail "$missing acknowledged certificates are not stored"
orphans=$(sql "SELECT count(*) FROM certificates c WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.subject = c.number AND e.kind = 'certificate.issued') OR NOT EXISTS (SELECT 1 FROM certificate_status s WHERE s.number = c.number)")
[ "$orphans" = 0 ] || fail "$orphans certificates without their event or status"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ] || fail "/readyz after recovery"
# The log goes on too: every stored event gets into a published checkpoint.
events=$(sql "SELECT count(*) FROM events")
for _ in $(seq 100); do
  [ "$(curl -sf "$base/log/checkpoint" | sed -n 2p)" = "$events" ] && break
  sleep 0.1
done
[ "$(curl -sf "$base/log/checkpoint" | sed -n 2p)" = "$events" ] ||
  fail "the log did not catch up after the outage"
echo "PostgreSQL outage: 503 problem+json and /readyz 503 while down, $(wc -l < acked.sorted) acknowledged certificates all stored whole, recovered by itself"
