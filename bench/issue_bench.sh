#!/usr/bin/env bash
# Issue benchmark: N signed certificates through POST /v1/certificates from concurrent keep-alive
# clients on loopback, against a release build on a fresh SQLite database. Stops by itself.
# Usage: bench/issue_bench.sh [REQUESTS=100000] [CONNECTIONS=64]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-100000}
connections=${2:-64}
. bench/common.sh
bench_setup
"$bin" init --data "$work/data" > /dev/null
"$bin" keys generate --data "$work/data" --participant BW > /dev/null
token=$("$bin" users add --data "$work/data" --name bench --participant BW)
start_openkp "$work/data"
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, server and client on this machine"
timeout 600 build/bench/bench/issue_load --port "$port" --token "$token" \
  --requests "$requests" --connections "$connections"
echo "database: $(du -h "$work/data/openkp.db" | cut -f1) for $requests certificates"
# Where the server's CPU went, per thread name (openkp-commit is the serial part: the bound).
server=${pids[0]}
for t in /proc/"$server"/task/*; do
  echo "$(cat "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"
done | awk -v hz="$(getconf CLK_TCK)" -v n="$requests" '
  {cpu[$1] += $2; count[$1]++}
  END {for (k in cpu) printf "server cpu        %-14s %2d thread(s) %6.2f s, %5.1f us/certificate\n",
       k, count[k], cpu[k] / hz, cpu[k] / hz * 1e6 / n}' | sort
