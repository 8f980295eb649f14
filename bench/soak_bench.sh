#!/usr/bin/env bash
# Soak (issue 16): SECONDS of mixed work against one server on the demo's data, from concurrent
# clients: verification (wrk), issuing, confirming and voiding (curl loops as officers),
# statistics tables and anomaly findings, statistics imports (new vintages), the coalition's
# report. Every 10 s it samples the server's resident memory, file descriptors and threads.
# Targets: errors 0; after the first minute, resident memory flat within 10 % and descriptors
# flat. A bench, not a test (30 minutes by default); loopback only; stops by itself.
# OPENKP_SOAK_WRITES=0: reads only (no issuing, confirming, voiding or imports: the data stay
# as the demo made them), to tell memory that follows the data from memory that leaks.
# OPENKP_SOAK_ANOMALIES=0: without the anomaly findings among the reads (whose cache grows with
# the certificates).
# Usage: bench/soak_bench.sh [SECONDS=1800]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-1800}
writes=${OPENKP_SOAK_WRITES:-1}
. bench/common.sh
bench_setup
"$bin" demo --data "$work/data" --certificates 2000 > /dev/null
start_openkp "$work/data"
server=${pids[0]}
url="http://127.0.0.1:$port"
tok() { sed -n "s/^$1\t//p" "$work/data/demo-tokens.txt"; }
BW=$(tok "Demo officer BW")
EU=$(tok "Demo officer EU")
ADMIN=$(tok "Demo admin")
CO=$(tok "Demo coalition coordinator")
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, ${duration}s of mixed work"
end=$(($(date +%s) + duration))
errors="$work/errors.txt"
: > "$errors"
# expect CODE WHAT CURL_ARGS...: one request; a different status is an error (kept for the end).
expect() {
  local want=$1 what=$2 got
  shift 2
  got=$(curl -s -o "$work/last-$what" -w '%{http_code}' "$@") || got=000
  [ "$got" = "$want" ] || echo "$what $got $(head -c 200 "$work/last-$what")" >> "$errors"
}
issue_body='{"destination":"EU","origin":{"mixed":false,"countries":["BW"]},"exporter":{"name":"Okavango Diamond Company","address":"Plot 63, Gaborone"},"importer":{"name":"Antwerp Rough NV","address":"Hoveniersstraat 2, Antwerp"},"lines":[{"hs_code":"7102.31","carats_hundredths":125050,"value_usd_cents":38000000}],"parcels":1}'
trade() {  # issue, then confirm two in three and void the rest
  local i=0 number
  while [ "$(date +%s)" -lt "$end" ]; do
    number=$(curl -s -H "Authorization: Bearer $BW" -H 'Content-Type: application/json' \
      -d "$issue_body" "$url/v1/certificates" | sed -n 's/.*"number":"\([^"]*\)".*/\1/p')
    if [ -z "$number" ]; then echo "issue failed" >> "$errors"; continue; fi
    i=$((i + 1))
    if [ $((i % 3)) -ne 0 ]; then
      expect 200 confirm -H "Authorization: Bearer $EU" -H 'Content-Type: application/json' \
        -d '{"received_on":"'"$(date -u +%F)"'","carats_hundredths":125050,"value_usd_cents":38000000,"parcels":1}' \
        "$url/v1/certificates/$number/confirm"
    else
      expect 200 void -H "Authorization: Bearer $BW" -H 'Content-Type: application/json' \
        -d '{"reason":"cancelled","note":"soak"}' "$url/v1/certificates/$number/void"
    fi
  done
}
reads() {  # statistics, findings, the coalition's report
  while [ "$(date +%s)" -lt "$end" ]; do
    expect 200 production "$url/v1/stats/production?year=2019"
    expect 200 exports -H "Authorization: Bearer $BW" "$url/v1/stats/exports?by=partner"
    if [ "${OPENKP_SOAK_ANOMALIES:-1}" != 0 ]; then
      expect 200 anomalies -H "Authorization: Bearer $ADMIN" "$url/v1/stats/anomalies?participant=BW"
    fi
    expect 200 report -H "Authorization: Bearer $CO" "$url/v1/coalition/reports/2019"
    expect 200 metrics -H "Authorization: Bearer $ADMIN" "$url/metrics"
  done
}
imports() {  # a new vintage of one figure every 15 s
  local n=0
  while [ "$(date +%s)" -lt "$end" ]; do
    n=$((n + 1))
    printf 'country,year,half,trade_type,production_type,carats,value_usd\nBotswana,2024,1,Production,LSM,%d.00,1000000000.00\n' \
      $((11500000 + n)) > "$work/vintage.csv"
    expect 201 import -H "Authorization: Bearer $ADMIN" -H 'Content-Type: text/csv' \
      --data-binary @"$work/vintage.csv" "$url/v1/stats/sources?name=soak-$n.csv"
    sleep 15
  done
}
sample() {
  while [ "$(date +%s)" -lt "$end" ]; do
    # seconds, VmRSS, descriptors, threads, then RssAnon (the heap), RssFile and RssShmem
    # (SQLite's WAL index is a shared mapping) in KiB
    echo "$(($(date +%s) - end + duration)) $(awk '/VmRSS/ {print $2}' /proc/"$server"/status) $(ls /proc/"$server"/fd | wc -l) $(ls /proc/"$server"/task | wc -l) $(awk '/RssAnon|RssFile|RssShmem/ {printf "%s ", $2}' /proc/"$server"/status)"
    sleep 10
  done > "$work/samples.txt"
}
number=$(curl -s -H "Authorization: Bearer $ADMIN" "$url/v1/certificates?status=confirmed&limit=1&format=csv" | sed -n 2p | cut -d, -f1)
sample &
sampler=$!
workers=()
if [ "$writes" != 0 ]; then
  trade & workers+=($!)
  trade & workers+=($!)
  imports & workers+=($!)
fi
reads & workers+=($!)
echo "writes: $([ "$writes" != 0 ] && echo on || echo "off (reads only)")"
wrk -t1 -c8 -d"${duration}s" "$url/v1/certificates/$number/verify" > "$work/wrk.txt"
wait "${workers[@]}" "$sampler"
kill -0 "$server" || { echo "the server died"; exit 1; }
grep -E "Requests/sec|Non-2xx|Socket errors" "$work/wrk.txt" || true
echo "client errors     $(wc -l < "$errors")"
head -5 "$errors"
awk -v soak="$duration" '
  $1 >= 60 && !base {base_rss = $2; base_fd = $3; base = 1}
  base {if ($2 > max_rss) max_rss = $2; if (min_rss == 0 || $2 < min_rss) min_rss = $2;
        if ($3 > max_fd) max_fd = $3; last_rss = $2; last_fd = $3; last_threads = $4}
  $1 >= 60 && !base2 {base_anon = $5; base_file = $6; base_shm = $7; base2 = 1}
  base2 {last_anon = $5; last_file = $6; last_shm = $7}
  END {
    printf "of which          heap (RssAnon) %d -> %d MiB, files %d -> %d MiB, shared %d -> %d MiB\n",
      base_anon / 1024, last_anon / 1024, base_file / 1024, last_file / 1024, base_shm / 1024,
      last_shm / 1024;
    printf "resident memory   %d MiB at 1 min, %d MiB at the end, %d-%d MiB after 1 min (%+.1f %% / %+.1f %%)\n",
      base_rss / 1024, last_rss / 1024, min_rss / 1024, max_rss / 1024,
      (min_rss - base_rss) * 100 / base_rss, (max_rss - base_rss) * 100 / base_rss;
    printf "descriptors       %d at 1 min, %d at the end, at most %d; threads %d\n",
      base_fd, last_fd, max_fd, last_threads }' "$work/samples.txt"
cp "$work/samples.txt" "${OPENKP_SOAK_SAMPLES:-/dev/null}" 2> /dev/null || true
