#!/usr/bin/env bash
# Two witnesses (`openkp witness serve`) cosign a running log's checkpoints through the
# tlog-witness add-checkpoint protocol; the cosignatures are published with the checkpoint,
# carried by receipts, and enforced by `cert verify --witnesses-required N`. Go's x/mod still
# verifies the cosigned checkpoint (it ignores signatures it does not know, as the spec requires).
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
. "$HERE/lib.sh"
cd "$work"
"$BIN" demo --data data --certificates 60 > /dev/null
log_vkey=$("$BIN" log vkey --data data)
declare -A wkey wurl
for w in a b; do
  wkey[$w]=$("$BIN" witness vkey --dir "w$w" --name "witness.$w")
  start_and_wait "w$w.log" "$BIN" witness serve --dir "w$w" --log-key "$log_vkey" \
    --listen 127.0.0.1:0
  pids+=("$started_pid")
  wurl[$w]=$started_url
done
start_and_wait server.log "$BIN" serve --data data --listen 127.0.0.1:0 \
  --witness "${wurl[a]}=${wkey[a]}" --witness "${wurl[b]}=${wkey[b]}"
pids+=("$started_pid")
base=$started_url

cosigned() {  # prints the checkpoint once it has the log's and both witnesses' signatures
  for _ in $(seq 100); do
    curl -sf "$base/log/checkpoint" > cp.txt
    [ "$(grep -c '^— ' cp.txt)" = 3 ] && [ "$(sed -n 2p cp.txt)" = "$1" ] && return 0
    sleep 0.05
  done
  fail "checkpoint $1 not cosigned by both witnesses: $(cat cp.txt)"
}
events=$(sqlite3 data/openkp.db "SELECT COUNT(*) FROM events")
cosigned "$events"
grep -q "^— witness.a " cp.txt && grep -q "^— witness.b " cp.txt || fail "cosignature lines"

# A new event: the witnesses need a consistency proof from the size they cosigned.
BW=$(sed -n 's/^Demo officer BW\t//p' data/demo-tokens.txt)
"$BIN" cert issue --data data --token "$BW" --to EU --origin BW --exporter-name A \
  --exporter-address B --importer-name C --importer-address D --line 7102.31:10:1000 \
  --parcels 1 --out cert.json > /dev/null
cosigned $((events + 1))
number=$(grep -o '"number": "[^"]*"' cert.json | cut -d'"' -f4)
"$BIN" cert receipt "$number" --data data --token "$BW" --out receipt.txt
grep -q "^— witness.a " receipt.txt || fail "the receipt's checkpoint lacks the cosignatures"
"$BIN" keys export --data data --participant BW > keys.json
verify() { "$BIN" cert verify cert.json --keys keys.json --receipt receipt.txt \
  --log-key "$log_vkey" --witness "${wkey[a]}" --witness "${wkey[b]}" "$@"; }
verify --witnesses-required 2 | tee ok.out
grep -q "cosigned by 2 of 2 trusted witnesses" ok.out || fail "witness count"
set +e
verify --witnesses-required 3 > three.out
code=$?
set -e
[ "$code" = 1 ] || fail "3 of 2 witnesses accepted (exit $code)"
grep -q "3 required" three.out || fail "$(cat three.out)"

# Go's note/tlog verify the cosigned log too.
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" GOFLAGS= \
  go build -o logverify "$HERE/go/logverify/main.go"
./logverify "$base" "$log_vkey" > /dev/null || fail "x/mod rejects the cosigned checkpoint"
echo "log witness test: checkpoints cosigned by 2 witnesses, receipts carry them, policy enforced"
