#!/usr/bin/env bash
# Independent verification of the served transparency log: tests/go/logverify, built offline on
# Debian's golang.org/x/mod (sumdb/note, sumdb/tlog), checks a real `openkp serve` over HTTP:
# checkpoint signature, every tile, entry and inclusion proof, and consistency with an earlier
# checkpoint after a new event. Then a tampered tile must be caught.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
. "$HERE/lib.sh"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" GOFLAGS= \
  go build -o "$work/logverify" "$HERE/go/logverify/main.go"

"$BIN" demo --data "$work/data" --certificates 150 > /dev/null
start_and_wait "$work/server.log" "$BIN" serve --data "$work/data" --listen 127.0.0.1:0
pid=$started_pid
base=$started_url
vkey=$(curl -sf "$base/v1/log/vkey")
[ "$vkey" = "$("$BIN" log vkey --data "$work/data")" ] || fail "vkey over HTTP and CLI differ"
curl -sf "$base/log/checkpoint" > "$work/old.cp"
old_size=$(sed -n 2p "$work/old.cp")
[ "$old_size" -gt 256 ] || fail "expected a log of more than one tile, got $old_size"

# A new event (voiding a certificate) must reach the log within about a second.
BW=$(sed -n 's/^Demo officer BW\t//p' "$work/data/demo-tokens.txt")
number=$("$BIN" cert list --data "$work/data" --token "$BW" --issuer BW --status issued --limit 1 \
  --format csv | sed -n 2p | cut -d, -f1)
[ -n "$number" ] || fail "no pending BW certificate in the demo"
"$BIN" cert void "$number" --data "$work/data" --token "$BW" --reason lost > /dev/null
for _ in $(seq 50); do
  [ "$(curl -sf "$base/log/checkpoint" | sed -n 2p)" -gt "$old_size" ] && break
  sleep 0.1
done
new_size=$(curl -sf "$base/log/checkpoint" | sed -n 2p)
[ "$new_size" -eq $((old_size + 1)) ] || fail "log size $new_size after one event on $old_size"

# openkp's own auditor, over HTTP and on the directory; the second run remembers the first.
"$BIN" log audit "$base/log" --log-key "$vkey" --state "$work/audit" | tee "$work/audit1.out"
grep -q "^audit OK" "$work/audit1.out" || fail "audit over HTTP"
"$BIN" log audit "$work/data/log/public" --log-key "$vkey" --state "$work/audit" | tee "$work/audit2.out"
grep -q "consistent with checkpoint $new_size seen before" "$work/audit2.out" || fail "audit memory"

"$work/logverify" "$base" "$vkey" "$work/old.cp" | tee "$work/verify.out"
grep -q "consistent with checkpoint $old_size" "$work/verify.out" || fail "no consistency check"

# Tamper with a published tile: the independent verifier must refuse the log. The server keeps
# the tiles it has read in memory (they never change), so the tampering reaches clients once it
# is restarted, as a compromised server's would.
tile="$work/data/log/public/tile/0/000"
cp "$tile" "$work/tile.bak"
# Byte 100 flipped (writing a fixed 0xff left the tile as it was when that hash byte was 0xff
# already: one run in 256 failed so).
flip_byte "$tile" 100
cmp -s "$tile" "$work/tile.bak" && fail "the tile was not tampered with"
kill "$pid"
wait "$pid" 2> /dev/null || true
start_and_wait "$work/server.log" "$BIN" serve --data "$work/data" --listen 127.0.0.1:0
pid=$started_pid
base=$started_url
if "$work/logverify" "$base" "$vkey" > "$work/tampered.out" 2>&1; then
  # Say what the disk and the server held.
  echo "tile on disk: $(sha256sum < "$tile" | cut -c1-16), before tampering: $(sha256sum < "$work/tile.bak" | cut -c1-16), served: $(curl -sf "$base/log/tile/0/000" | sha256sum | cut -c1-16)"
  echo "checkpoint served: $(curl -sf "$base/log/checkpoint" | sed -n 2p); server log:"
  cat "$work/server.log"
  ls -la --time-style=full-iso "$work/data/log/public" "$work/data/log/public/tile/0"
  fail "a tampered tile was not detected: $(cat "$work/tampered.out")"
fi
echo "tampered tile rejected: $(cat "$work/tampered.out")"
set +e
"$BIN" log audit "$base/log" --log-key "$vkey" --state "$work/audit" > "$work/audit3.out"
code=$?
set -e
[ "$code" = 1 ] || fail "openkp log audit exited $code on a tampered tile"
grep -q "AUDIT FAILED: .*tile/0/000 does not match" "$work/audit3.out" || fail "$(cat "$work/audit3.out")"
cp "$work/tile.bak" "$tile"
echo "log go verify: all checks passed"
