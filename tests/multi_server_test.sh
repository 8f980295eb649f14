#!/usr/bin/env bash
# Three `openkp serve` on one PostgreSQL database, behind nginx (deploy/nginx/openkp-cluster.conf
# as written): certificates issued concurrently through nginx and directly through each server;
# the log's sequencer (the server holding the lease) killed with SIGKILL mid-run. Then checks:
# every certificate answered 201 is stored once; numbers are gapless per issuer; the log holds
# every event exactly once, another server took the lease over, and Go's x/mod verifies the log
# from every live server and through nginx, consistent with every checkpoint seen before; an
# Idempotency-Key retry sent to another server returns the first certificate; a token revoked
# through one server is refused by the others within a second.
# Needs the "postgresql" ctest fixture (OPENKP_TEST_POSTGRESQL_URL_FILE), nginx and Go.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/lib.sh"
command -v nginx > /dev/null || fail "nginx is missing (scripts/install-deps --test)"
new_work_dir
cd "$work"
client_pids=()
before_cleanup() { for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" GOFLAGS= \
  go build -o "$work/logverify" "$HERE/go/logverify/main.go"

cluster=$(cat "$OPENKP_TEST_POSTGRESQL_URL_FILE")
db="multi_$$"
psql -q "$cluster" -c "CREATE DATABASE $db"
store="${cluster%/*}/$db"
sql() { psql -tA "$store" -c "$1"; }

# One deployment: the database, and on each server the same private files (authority keys, the
# log's identity, the Digest secret), as docs/DEPLOYMENT.md says to place them.
"$BIN" init --data d1 --store "$store" > /dev/null
"$BIN" keys generate --data d1 --store "$store" --participant BW > /dev/null
officer=$("$BIN" users add --data d1 --store "$store" --name officer --participant BW)
admin=$("$BIN" users add --data d1 --store "$store" --name admin --role admin)
leaker=$("$BIN" users add --data d1 --store "$store" --name leaker --participant BW)
vkey=$("$BIN" log vkey --data d1)
for i in 2 3; do
  mkdir -p "d$i/log"
  cp -a d1/keys "d$i/"
  cp -a d1/log/identity "d$i/log/"
  cp -a d1/monitor-secret "d$i/" 2> /dev/null || true
done

# The lease of this test's database only: pg_locks is the cluster's, and other tests' servers
# (ctest runs two at a time) hold the same lease in their own databases.
lease_locks="FROM pg_locks WHERE locktype = 'advisory' AND objid = 7302103 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
lease_holders() { sql "SELECT count(*) $lease_locks"; }
# The PostgreSQL backend process whose session holds the lease ("" when none does).
lease_holder() { sql "SELECT pid $lease_locks"; }
declare -a spid surl
start_server() {  # start_server I: serves dI on a free port
  start_and_wait "server$1.log" "$BIN" serve --data "d$1" --store "$store" --listen 127.0.0.1:0 \
    --log-level off
  spid[$1]=$started_pid
  surl[$1]=$started_url
  pids+=("$started_pid")
}
# Server 1 first: it takes the sequencer's lease.
start_server 1
for _ in $(seq 50); do [ "$(lease_holders)" = 1 ] && break; sleep 0.1; done
[ "$(lease_holders)" = 1 ] || fail "no server holds the log's lease"
start_server 2
start_server 3

nginx_port=$(free_port)
servers=""
for i in 1 2 3; do servers+="server ${surl[$i]#http://} max_fails=1 fail_timeout=2s; "; done
sed -e "s|@LISTEN@|127.0.0.1:$nginx_port|" -e "s|@SERVERS@|$servers|" \
  "$ROOT/deploy/nginx/openkp-cluster.conf" > site.conf
grep -v "^ *#" site.conf | grep -q "@" && fail "a placeholder is left in the cluster configuration"
cat > nginx.conf <<CONF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 256; }
http {
  access_log off;
  include $work/site.conf;
}
CONF
nginx -t -c "$work/nginx.conf" -p "$work" 2> nginx-test.log || fail "nginx -t: $(cat nginx-test.log)"
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
proxy="http://127.0.0.1:$nginx_port"
for _ in $(seq 50); do curl -sf -o /dev/null "$proxy/healthz" && break; sleep 0.1; done

# A token revoked through server 1 is refused by servers 2 and 3 within a second (each has it
# cached as valid first).
for i in 1 2 3; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $leaker" "${surl[$i]}/v1/me")
  [ "$code" = 200 ] || fail "the token works on server $i before its revocation: $code"
done
leaker_id=$(curl -sf -H "Authorization: Bearer $admin" "${surl[1]}/v1/users" |
  python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"] if u["name"] == "leaker"][0])')
revoked_at=$(date +%s%N)
curl -sf -X POST -H "Authorization: Bearer $admin" "${surl[1]}/v1/users/$leaker_id/tokens/revoke" > /dev/null
for i in 2 3; do
  while [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $leaker" "${surl[$i]}/v1/me")" != 401 ]; do
    [ $(( ($(date +%s%N) - revoked_at) / 1000000 )) -lt 1000 ] || fail "server $i still accepts a token revoked 1 s ago"
    sleep 0.02
  done
done
refused_ms=$(( ($(date +%s%N) - revoked_at) / 1000000 ))

body=$BW_TO_EU
issue() {  # issue URL [IDEMPOTENCY_KEY]: prints the body and, last, the status
  curl -s -w '\n%{http_code}' -X POST -H "Authorization: Bearer $officer" \
    -H 'Content-Type: application/json' ${2:+-H "Idempotency-Key: $2"} --data "$body" "$1/v1/certificates"
}

# An Idempotency-Key retry sent to another server returns the first certificate.
first=$(issue "${surl[2]}" retry-1 | grep -o '"number":"[^"]*"' | head -1)
again=$(issue "${surl[3]}" retry-1 | grep -o '"number":"[^"]*"' | head -1)
[ -n "$first" ] && [ "$first" = "$again" ] || fail "retry on another server: $first then $again"

client() {  # client URL OUT: issues until killed; records the numbers acknowledged with 201
  while true; do
    resp=$(issue "$1" 2> /dev/null) || continue
    [ "${resp##*$'\n'}" = 201 ] || continue
    echo "$resp" | grep -o '"number":"[^"]*"' | head -1 | cut -d'"' -f4 >> "$2"
  done
}
mkdir checkpoints
curl -sf "$proxy/log/checkpoint" > checkpoints/0
for target in "$proxy" "$proxy" "${surl[1]}" "${surl[2]}" "${surl[3]}"; do
  client "$target" "acked.$RANDOM$RANDOM" & client_pids+=($!)
done
sleep 2
curl -sf "${surl[2]}/log/checkpoint" > checkpoints/1 || fail "server 2 serves no checkpoint under load"
holder=$(lease_holder)
kill -9 "${spid[1]}"  # the sequencer
killed_at=$(date +%s%N)
# Another session (another server) holds it: not the dead server's, which PostgreSQL drops when
# the killed process's connection closes.
for _ in $(seq 200); do
  now=$(lease_holder)
  [ -n "$now" ] && [ "$now" != "$holder" ] && break
  sleep 0.05
done
[ -n "$now" ] && [ "$now" != "$holder" ] || fail "no other server took the log's lease over"
takeover_ms=$(( ($(date +%s%N) - killed_at) / 1000000 ))
sleep 2
curl -sf "${surl[3]}/log/checkpoint" > checkpoints/2 || fail "server 3 serves no checkpoint after the kill"
for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
client_pids=()
cat acked.* > acked 2> /dev/null || true

# Every 201 stored once; numbers gapless per issuer and year.
acked=$(sort -u acked | wc -l)
[ "$acked" -gt 50 ] || fail "only $acked certificates acknowledged: not a real load"
[ "$(sort acked | uniq -d | wc -l)" = 0 ] || fail "a number was acknowledged twice"
sort -u acked > acked.sorted
sql "SELECT number FROM certificates ORDER BY number" | sort > stored
missing=$(comm -23 acked.sorted stored | wc -l)
[ "$missing" = 0 ] || fail "$missing acknowledged certificates are not stored"
gaps=$(sql "SELECT count(*) FROM certificate_sequences s WHERE s.last_value <> (SELECT count(*) FROM certificates c WHERE c.issuer = s.issuer AND substr(c.issued_on, 1, 4) = s.year::text)")
[ "$gaps" = 0 ] || fail "certificate numbers have gaps"

# The log: every event exactly once, published by every live server and through nginx.
events=$(sql "SELECT count(*) FROM events")
for _ in $(seq 100); do
  [ "$(curl -sf "${surl[2]}/log/checkpoint" | sed -n 2p)" = "$events" ] &&
    [ "$(curl -sf "${surl[3]}/log/checkpoint" | sed -n 2p)" = "$events" ] && break
  sleep 0.1
done
[ "$(sql "SELECT count(*) FROM log_leaves")" = "$events" ] || fail "the log does not hold every event"
[ "$(sql "SELECT count(DISTINCT event_id) FROM log_leaves")" = "$events" ] || fail "an event is in the log twice"
for base in "${surl[2]}" "${surl[3]}" "$proxy"; do
  size=$(curl -sf "$base/log/checkpoint" | sed -n 2p)
  [ "$size" = "$events" ] || fail "$base publishes $size entries, the database holds $events"
  "$work/logverify" "$base" "$vkey" > /dev/null || fail "Go's x/mod does not verify the log from $base"
  for cp in checkpoints/*; do
    [ -s "$cp" ] || fail "an empty checkpoint file: $cp"
    "$work/logverify" "$base" "$vkey" "$cp" > /dev/null ||
      fail "checkpoint $(sed -n 2p "$cp") is not consistent with the log from $base"
  done
done
# Receipts from every live server and through nginx, of a certificate issued before the kill
# and of one issued after it.
for number in "$(head -1 acked)" "$(tail -1 acked)"; do
  for base in "${surl[2]}" "${surl[3]}" "$proxy"; do
    code=$(curl -s -o receipt -w "%{http_code}" -H "Authorization: Bearer $officer" \
      "$base/v1/certificates/$number/receipt")
    [ "$code" = 200 ] || fail "receipt of $number from $base: $code $(cat receipt)"
  done
done
echo "multi-server: 3 servers + nginx on PostgreSQL; $acked certificates acknowledged, all stored once, numbers gapless; sequencer SIGKILLed, lease taken over in ${takeover_ms} ms; log of $events entries verified by Go's x/mod from servers 2, 3 and nginx; token refused everywhere ${refused_ms} ms after its revocation; idempotent retry across servers OK"
