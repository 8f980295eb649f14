#!/usr/bin/env bash
# Prometheus metrics at /metrics: the scraper's role (and admins) read them, nobody else; the
# text passes `promtool check metrics` (Debian's prometheus package) and counts what was done:
# requests by route pattern and status (never a path, so never a certificate number), latency
# histograms, group-commit batch sizes, the log's lag. `--metrics off` turns them off.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
command -v promtool > /dev/null || fail "promtool is missing (apt install prometheus)"
new_work_dir
cd "$work"
serve_demo 50
url=$started_url
tok() { sed -n "s/^$1\t//p" data/demo-tokens.txt; }
SCRAPER=$("$BIN" users add --data data --name "Prometheus" --role metrics)
BW=$(tok "Demo officer BW")
N=$(curl -s -H "Authorization: Bearer $BW" "$url/v1/certificates?issuer=BW&limit=1&format=csv" | sed -n 2p | cut -d, -f1)
[ -n "$N" ] || fail "no certificate of BW in the demo"
for _ in 1 2 3; do curl -s -o /dev/null "$url/v1/certificates/$N/verify"; done
curl -s -o /dev/null "$url/v1/nothing-here"
code() { curl -s -o "$2" -w '%{http_code}' ${1:+-H "Authorization: Bearer $1"} "$url/metrics"; }
[ "$(code "$SCRAPER" m.txt)" = 200 ] || fail "scraper: $(cat m.txt)"
promtool check metrics < m.txt || fail "promtool refuses the metrics"
grep -q '^openkp_http_requests_total{method="GET",route="/v1/certificates/{number}/verify",status="200"} 3$' m.txt ||
  fail "verify requests not counted by route: $(grep requests_total m.txt | head)"
! grep -q "$N" m.txt || fail "a certificate number is in the metrics"
grep -q '^openkp_http_requests_total{method="GET",route="-",status="404"} 1$' m.txt || fail "unrouted 404"
grep -q '^openkp_http_request_duration_seconds_bucket{route="/v1/certificates/{number}/verify",le="+Inf"} 3$' m.txt ||
  fail "latency histogram"
grep -q '^openkp_db_commit_batch_writes_count [1-9]' m.txt || fail "no group commit observed"
grep -q '^openkp_log_checkpoint_size [1-9]' m.txt || fail "log checkpoint size"
grep -q '^openkp_log_unlogged_events ' m.txt || fail "log lag"
# Admins too; nobody else.
[ "$(code "$(tok "Demo admin")" x)" = 200 ] || fail "admin"
[ "$(code "$BW" x)" = 403 ] || fail "an officer reads the metrics"
[ "$(code "" x)" = 401 ] || fail "anonymous reads the metrics"
# Off: 404, and the server still serves.
kill "$started_pid"; wait "$started_pid" 2> /dev/null || true
start_and_wait serve2.log "$BIN" serve --data data --listen 127.0.0.1:0 --metrics off
pids+=("$started_pid")
url=$started_url
[ "$(code "$SCRAPER" x)" = 404 ] || fail "metrics off: $(cat x)"
echo "metrics: ok"
