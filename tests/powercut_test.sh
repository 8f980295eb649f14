#!/usr/bin/env bash
# A power cut during continuous issuing: "acknowledged" (HTTP 201) must mean "on the disk".
#
#   powercut_test.sh BIN SHIM_SOURCE
#
# `openkp serve` runs under tests/powercut/powercut.c, an LD_PRELOAD layer that keeps the image
# the disk would hold after a power cut (file data only once fsync'd, renames and creations only
# at the next sync; see its header). Four clients issue certificates and a poller saves every
# checkpoint the log publishes; after a few seconds the server gets SIGKILL, and the image
# replaces the data directory (the reboot). A server started on it must then: hold and verify
# every certificate acknowledged so far, byte for byte; catch its log up with every stored event
# and every acknowledged certificate (Go's x/mod verifies the published log: tests/go/logverify);
# and publish a log consistent with every checkpoint a client saw before the cut. ROUNDS rounds
# (default 3), each issuing on top of the last one's rebooted disk. A control first proves that
# the layer does lose unsynced writes.
set -euo pipefail
BIN=$(readlink -f "$1")
SHIM=$(readlink -f "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-3}
. "$HERE/lib.sh"
stage=  # what the test is doing, for the failure message
fail() { echo "FAIL: ${stage:+$stage: }$*"; exit 1; }
new_work_dir
client_pids=()
before_cleanup() {
  touch "$work/stop"
  for p in "${client_pids[@]}"; do kill "$p" 2>/dev/null || true; done
}

gcc -O2 -shared -fPIC -o "$work/powercut.so" "$SHIM" -ldl
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" GOFLAGS='' \
  go build -o "$work/logverify" "$HERE/go/logverify/main.go"

# --- Control: the layer loses what was not synced, and keeps what was ---------------------------
mkdir -p "$work/control/dir" "$work/control/disk"
(cd "$work/control/dir" &&
  LD_PRELOAD="$work/powercut.so" POWERCUT_DIR="$work/control/dir" \
    POWERCUT_SHADOW="$work/control/disk" python3 - "$work/control/disk") <<'EOF' ||
import os, sys
disk = sys.argv[1]
def image():
    out = {}
    for root, _, files in os.walk(disk):
        for f in files:
            p = os.path.join(root, f)
            out[os.path.relpath(p, disk)] = open(p).read()
    return out
def expect(what, want):
    got = image()
    if got != want:
        sys.exit(f"control, {what}: the disk holds {got}, expected {want}")
open("unsynced", "w").write("lost")           # data never synced
with open("tmp", "w") as f:
    f.write("renamed")
os.rename("tmp", "renamed")                   # renamed, data never synced
os.mkdir("sub")
with open("sub/synced", "w") as f:            # relative to the working directory, in a new dir
    f.write("kept"); f.flush(); os.fsync(f.fileno())
open("late", "w").write("late")               # created after the last sync
os.unlink("unsynced")                         # unlinked after it
expect("after one fsync", {"unsynced": "", "renamed": "", "sub/synced": "kept"})
os.sync()                                     # everything, metadata then data
expect("after sync", {"renamed": "renamed", "sub/synced": "kept", "late": "late"})
EOF
  fail "the power-cut layer does not model the disk (control above)"

# --- The deployment --------------------------------------------------------------------------
data="$work/data"
disk="$work/disk"
"$BIN" init --data "$data" > /dev/null
"$BIN" keys generate --data "$data" --participant BW > /dev/null
token=$("$BIN" users add --data "$data" --name "power cut test" --participant BW)
vkey=$("$BIN" log vkey --data "$data")
mkdir "$work/acked" "$work/seen"

client() {  # issues certificates until $work/stop exists; appends each 201's record (one line)
  local url=$1 out=$2 resp
  while [ ! -e "$work/stop" ]; do
    resp=$(curl -s -w '\n%{http_code}' -X POST -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data "$BW_TO_EU" "$url/v1/certificates" \
      2>/dev/null) || continue
    [ "${resp##*$'\n'}" = 201 ] || continue
    printf '%s\n' "${resp%$'\n'*}" >> "$out"
  done
}

poller() {  # saves every distinct checkpoint published, as PREFIX-N.cp, until $work/stop exists
  local url=$1 prefix=$2 n=0
  while [ ! -e "$work/stop" ]; do
    if curl -sf -o "$prefix.new" "$url/log/checkpoint" 2>/dev/null &&
      ! cmp -s "$prefix.new" "$prefix.last"; then
      n=$((n + 1))
      cp "$prefix.new" "$prefix-$n.cp"
      mv "$prefix.new" "$prefix.last"
    fi
    sleep 0.05
  done
  rm -f "$prefix.new" "$prefix.last"
}

# Every acknowledged record (one JSON line each, in the files given) is stored as acknowledged,
# and its signed certificate verifies. Prints how many are, then up to 5 that are not.
cat > "$work/check_acked.py" <<'EOF'
import http.client, json, sys, urllib.parse
host, token, files = sys.argv[1], sys.argv[2], sys.argv[3:]
conn = http.client.HTTPConnection(host, timeout=30)
def call(method, path, body=None, headers={}):
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    return r.status, r.read()
found, missing = 0, []
for name in files:
    for line in open(name):
        rec = json.loads(line)
        path = "/v1/certificates/" + urllib.parse.quote(rec["number"], safe="")
        status, body = call("GET", path, headers={"Authorization": "Bearer " + token})
        if status != 200:
            missing.append(f"{rec['number']}:{status}")
            continue
        if json.loads(body)["signed"] != rec["signed"]:
            missing.append(f"{rec['number']}:altered")
            continue
        status, body = call("POST", path + "/verify", json.dumps(rec["signed"]),
                            {"Content-Type": "application/json"})
        if status != 200 or json.loads(body).get("valid") is not True:
            missing.append(f"{rec['number']}:verify-{status}")
            continue
        found += 1
print(found, *missing[:5])
EOF

for round in $(seq "$ROUNDS"); do
  # The disk holds what the directory holds now; the layer takes it from there.
  sync
  rm -rf "$disk"
  cp -a "$data" "$disk"
  find "$disk" -name '*-shm' -delete
  stage="round $round, starting under the power-cut layer"
  start_and_wait "$work/cut.log" env LD_PRELOAD="$work/powercut.so" POWERCUT_DIR="$data" \
    POWERCUT_SHADOW="$disk" "$BIN" serve --data "$data" --listen 127.0.0.1:0 --log-level warn
  pid=$started_pid
  pids+=("$pid")
  rm -f "$work/stop"
  client_pids=()
  for c in 1 2 3 4; do
    client "$started_url" "$work/acked/$round.$c" &
    client_pids+=($!)
  done
  poller "$started_url" "$work/seen/$round" &
  client_pids+=($!)
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 2 + (r % 150) / 100 }')"
  kill -9 "$pid"  # the power cut: from here on, the disk is the image
  wait "$pid" 2>/dev/null || true
  touch "$work/stop"
  for p in "${client_pids[@]}"; do wait "$p" || true; done
  client_pids=()

  # The reboot: the data directory is what the disk held.
  rm -rf "$data"
  mv "$disk" "$data"
  find "$data" \( -name '*-shm' -o -name '.powercut-tmp-*' \) -delete
  stage="round $round, starting on the disk after the cut"
  start_and_wait "$work/reboot.log" "$BIN" serve --data "$data" --listen 127.0.0.1:0 \
    --log-level warn
  stage="round $round"
  pid=$started_pid
  pids+=("$pid")
  url=$started_url
  problems=()

  # (a) Every certificate acknowledged in any round so far, stored and valid.
  acked_now=$( (cat "$work/acked/$round".* 2> /dev/null || true) | wc -l)
  [ "$acked_now" -gt 50 ] || fail "only $acked_now acknowledged: not a real load"
  acked_all=$(cat "$work"/acked/* | wc -l)
  read -r found examples < <(python3 "$work/check_acked.py" "${url#http://}" "$token" \
    "$work"/acked/*)
  found=${found:-0}
  [ "$found" = "$acked_all" ] ||
    problems+=("$((acked_all - found)) acknowledged certificates lost or altered (e.g. $examples)")

  # (b) The log catches up: every stored event, so every acknowledged certificate, is logged.
  events=$(sqlite3 "$data/openkp.db" "SELECT COUNT(*) FROM events")
  size=
  for _ in $(seq 100); do
    size=$(curl -sf "$url/log/checkpoint" | sed -n 2p) || size=
    [ "$size" = "$events" ] && break
    sleep 0.1
  done
  [ "$size" = "$events" ] || problems+=("log size ${size:-none}, stored events $events")
  cat "$work"/acked/* | grep -o '"number":"[^"]*"' | cut -d'"' -f4 | sort -u > "$work/acked.numbers"
  sqlite3 "$data/openkp.db" "SELECT e.subject FROM log_leaves l JOIN events e ON e.id = l.event_id
    WHERE e.kind = 'certificate.issued'" | sort -u > "$work/logged.numbers"
  unlogged=$(comm -23 "$work/acked.numbers" "$work/logged.numbers" | wc -l)
  [ "$unlogged" = 0 ] || problems+=("$unlogged acknowledged certificates not in the log")

  # (c) The published log verifies, and is consistent with every checkpoint seen before the cut
  # (and with the one published after the previous round's reboot, which chains the rounds).
  "$work/logverify" "$url" "$vkey" > /dev/null 2> "$work/logverify.err" ||
    problems+=("the log does not verify: $(cat "$work/logverify.err")")
  seen=0
  for cp in "$work/seen/$round"-*.cp "$work/seen/after-$((round - 1)).cp"; do
    [ -s "$cp" ] || continue
    "$work/logverify" "$url" "$vkey" "$cp" > /dev/null 2> "$work/logverify.err" ||
      problems+=("checkpoint $(sed -n 2p "$cp") seen before the cut: $(cat "$work/logverify.err")")
    seen=$((seen + 1))
  done
  curl -sf -o "$work/seen/after-$round.cp" "$url/log/checkpoint"

  summary="power cut round $round: $acked_now acknowledged ($acked_all in all), $found found"
  summary+=" after the cut, log size ${size:-none}, $seen earlier checkpoints consistent"
  if [ ${#problems[@]} -gt 0 ]; then
    echo "$summary: FAIL"
    printf '  %s\n' "${problems[@]}"
    fail "what was acknowledged did not survive the power cut"
  fi
  echo "$summary: OK"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
echo "power cut test: $ROUNDS cuts during ingest; all $acked_all acknowledged certificates survived"
