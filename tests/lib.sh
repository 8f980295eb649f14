# Helpers shared by the shell tests. Source it: . "$HERE/lib.sh"

fail() { echo "FAIL: $*"; exit 1; }

# The smallest valid issue request of a BW officer: one line to the EU (POST /v1/certificates).
# shellcheck disable=SC2034  # used by the tests that source this file
BW_TO_EU='{"destination":"EU","origin":{"mixed":false,"countries":["BW"]},"exporter":{"name":"A","address":"B"},"importer":{"name":"C","address":"D"},"lines":[{"hs_code":"7102.31","carats_hundredths":100,"value_usd_cents":100}],"parcels":1}'


# start_and_wait LOG COMMAND...: runs COMMAND in the background with its output in LOG, waits
# until it prints "serving http://127.0.0.1:PORT/", and sets $started_pid and $started_url.
# LOG is emptied first, so a restart can never read the previous run's address.
start_and_wait() {
  local log=$1
  shift
  : > "$log"
  "$@" > "$log" 2>&1 &
  started_pid=$!
  for _ in $(seq 100); do grep -q serving "$log" && break; sleep 0.05; done
  started_url=$(sed -n 's|.*serving \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$log")
  [ -n "$started_url" ] || fail "did not start: $(cat "$log")"
}

# serve_demo CERTIFICATES [SERVE_FLAGS...]: demo data for that many certificates in ./data, and
# a server on it (stopped at exit): sets $started_url and $started_pid.
serve_demo() {
  local certificates=$1
  shift
  "$BIN" demo --data data --certificates "$certificates" > /dev/null
  start_and_wait serve.log "$BIN" serve --data data --listen 127.0.0.1:0 "$@"
  pids+=("$started_pid")
}

# new_work_dir: a temporary $work directory and a $pids list; at exit every process in $pids is
# stopped, `before_cleanup` runs when the test defines it (to unmount, say), and $work goes.
new_work_dir() {
  work=$(mktemp -d)
  pids=()
  trap _work_cleanup EXIT
}
_work_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  if declare -F before_cleanup > /dev/null; then before_cleanup; fi
  rm -rf "$work"
}

# submit_photo_report URL DATA PHOTO: the demo's device sends an incident report with a new
# 200 kB photo (written to PHOTO) over OpenRosa to the server at URL on data directory DATA;
# sets $report (its id).
submit_photo_report() {
  local url=$1 data=$2 photo=$3 version code
  version=$(grep -o 'orx:version="[0-9]*"' "$(dirname "${BASH_SOURCE[0]}")/../src/monitor/forms/incident.xml" | head -1 | cut -d'"' -f2)
  head -c 200000 /dev/urandom > "$photo"
  printf '<data xmlns:orx="http://openrosa.org/xforms" id="openkp_incident" orx:version="%s"><category>child_labour</category><occurred_on>2026-01-10</occurred_on><participant>ZW</participant><area>Marange</area><location_method>gps</location_method><location>-19.96 32.30 0 5</location><description>A report with a photo</description><restricted>no</restricted><photo>%s</photo><meta><instanceID>uuid:%s</instanceID></meta></data>' \
    "$version" "$(basename "$photo")" "$(python3 -c 'import uuid; print(uuid.uuid4())')" > "$photo.xml"
  code=$(curl -s -o "$photo.answer" -D "$photo.headers" -w '%{http_code}' --digest \
    -u "$(sed -n 's/^Demo device\t//p' "$data/demo-tokens.txt")" -H 'X-OpenRosa-Version: 1.0' \
    -F "xml_submission_file=@$photo.xml;type=text/xml" \
    -F "$(basename "$photo")=@$photo;type=image/jpeg" "$url/openrosa/submission")
  [ "$code" = 201 ] || fail "submission: $code $(cat "$photo.answer")"
  report=$(grep -i '^Location:' "$photo.headers" | sed 's|.*/v1/incidents/\([0-9]*\).*|\1|')
}

# flip_byte FILE OFFSET: inverts the bits of one byte of FILE in place, so the file always
# changes (writing a fixed byte leaves it as it was when that byte was there already).
flip_byte() {
  local byte
  byte=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
  printf "\\$(printf '%03o' $((byte ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# free_port: a loopback TCP port nothing listens on now (the kernel's pick), for a server that
# cannot take port 0 itself (nginx). The port stays free only until someone takes it: use it at
# once.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
