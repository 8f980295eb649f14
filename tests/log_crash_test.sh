#!/usr/bin/env bash
# Kills `openkp serve` with SIGKILL at random moments during continuous certificate ingest,
# restarts it, and checks after every round that: every acknowledged certificate (HTTP 201) is
# stored exactly once and is in the log exactly once; the log's published tiles verify with Go's
# x/mod (tests/go/logverify); and every checkpoint seen before is consistent with the new one.
# Bounded: ROUNDS rounds (default 6) of at most ~3 s of load each.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-6}
work=$(mktemp -d)
pid=
client_pids=()
cleanup() {
  for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. "$HERE/lib.sh"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" GOFLAGS= \
  go build -o "$work/logverify" "$HERE/go/logverify/main.go"

data="$work/data"
"$BIN" init --data "$data" > /dev/null
"$BIN" keys generate --data "$data" --participant BW > /dev/null
token=$("$BIN" users add --data "$data" --name "crash test" --participant BW)
vkey=$("$BIN" log vkey --data "$data")
body=$BW_TO_EU

start_server() {
  start_and_wait "$work/server.log" "$BIN" serve --data "$data" --listen 127.0.0.1:0
  pid=$started_pid
  port=${started_url##*:}
}

client() {  # issues certificates until killed; records the numbers acknowledged with 201
  local out=$1
  while true; do
    resp=$(curl -s -w '\n%{http_code}' -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data "$body" "http://127.0.0.1:$port/v1/certificates" \
      2>/dev/null) || continue
    [ "${resp##*$'\n'}" = 201 ] || continue
    echo "$resp" | grep -o '"number":"[^"]*"' | head -1 | cut -d'"' -f4 >> "$out"
  done
}

: > "$work/acked"
mkdir -p "$work/checkpoints"
for round in $(seq "$ROUNDS"); do
  start_server
  curl -sf "http://127.0.0.1:$port/log/checkpoint" > "$work/checkpoints/$round.start"
  client_pids=()
  for c in 1 2 3 4; do client "$work/acked.$round.$c" & client_pids+=($!); done
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.5 + (r % 250) / 100 }')"
  curl -sf "http://127.0.0.1:$port/log/checkpoint" > "$work/checkpoints/$round.mid" || true
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  cat "$work"/acked."$round".* >> "$work/acked" 2>/dev/null || true
done

# Restart once more and let the log catch up with everything stored.
start_server
events=$(sqlite3 "$data/openkp.db" "SELECT COUNT(*) FROM events")
for _ in $(seq 100); do
  [ "$(curl -sf "http://127.0.0.1:$port/log/checkpoint" | sed -n 2p)" = "$events" ] && break
  sleep 0.1
done
size=$(curl -sf "http://127.0.0.1:$port/log/checkpoint" | sed -n 2p)
[ "$size" = "$events" ] || fail "log size $size, stored events $events"

acked=$(sort "$work/acked" | uniq | wc -l)
[ "$acked" -gt 50 ] || fail "only $acked certificates acknowledged: not a real load"
[ "$(sort "$work/acked" | uniq -d | wc -l)" = 0 ] || fail "a number was acknowledged twice"
sort -u "$work/acked" > "$work/acked.sorted"
sqlite3 "$data/openkp.db" "SELECT number FROM certificates ORDER BY number" > "$work/stored"
missing=$(comm -23 "$work/acked.sorted" "$work/stored" | wc -l)
[ "$missing" = 0 ] || fail "$missing acknowledged certificates are missing after crashes"
dup_events=$(sqlite3 "$data/openkp.db" "SELECT COUNT(*) FROM (SELECT subject FROM events WHERE kind='certificate.issued' GROUP BY subject HAVING COUNT(*) > 1)")
[ "$dup_events" = 0 ] || fail "duplicated issue events"
logged=$(sqlite3 "$data/openkp.db" "SELECT COUNT(DISTINCT e.subject) FROM log_leaves l JOIN events e ON e.id = l.event_id WHERE e.kind='certificate.issued'")
stored=$(wc -l < "$work/stored")
[ "$logged" = "$stored" ] || fail "$logged certificates logged, $stored stored"
dup_leaves=$(sqlite3 "$data/openkp.db" "SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM log_leaves")
[ "$dup_leaves" = 0 ] || fail "an event is in the log twice"

# The published log verifies, and every checkpoint seen during the crashes is consistent with it.
"$work/logverify" "http://127.0.0.1:$port" "$vkey" > /dev/null
n=0
for cp in "$work"/checkpoints/*; do
  [ -s "$cp" ] || continue
  "$work/logverify" "http://127.0.0.1:$port" "$vkey" "$cp" > /dev/null ||
    fail "checkpoint $(sed -n 2p "$cp") is not consistent with the final log"
  n=$((n + 1))
done
echo "log crash test: $ROUNDS SIGKILLs during ingest; $acked acknowledged certificates all stored and logged once; log of $size entries verified by Go's x/mod; $n earlier checkpoints consistent"
