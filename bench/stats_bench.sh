#!/usr/bin/env bash
# Statistics benchmark: 20 years x 60 participants of production statistics plus N certificates
# (default 1 000 000). openkp times its full summary tables and its full anomaly run; in the same
# run the sqlite3 shell computes the same tables with plain SQL on the same database file
# (bench/stats_tables.sql, from the stored rows; and bench/stats_tables_flows.sql, from the
# aggregates openkp keeps). Prints the ratios. Targets: faster than the sqlite3 shell, and
# under 100 ms for the summary tables.
# Usage: bench/stats_bench.sh [CERTIFICATES=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
. bench/common.sh
bench_setup
db=build/bench/stats-bench.db
rm -f "$db" "$db-wal" "$db-shm"
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, $n certificates"
OPENKP_ANOMALY_TIMING=1 build/bench/bench/stats_bench "$db" "$n" | tee "$work/openkp.txt"
# The shell, timed the same way: median of 5 runs of the whole script, output discarded.
shell_ms() {
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N)
    sqlite3 "$db" < "$1" > /dev/null
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
  done | sort -n | sed -n 3p | awk '{printf "%.2f", $1 / 1000}'
}
raw=$(shell_ms bench/stats_tables.sql)
flows=$(shell_ms bench/stats_tables_flows.sql)
ours=$(awk '/^openkp_tables_ms/ {print $2}' "$work/openkp.txt")
awk -v o="$ours" -v r="$raw" -v f="$flows" 'BEGIN {
  printf "summary tables    openkp %.2f ms (target < 100 ms)\n", o;
  printf "sqlite3 shell     %.2f ms from the stored rows: openkp %.1fx faster (target > 1x)\n", r, r / o;
  printf "sqlite3 shell     %.2f ms from openkp'"'"'s aggregates (trade_flows): openkp %.1fx faster\n", f, f / o }'
echo "anomaly run       $(sed -n 's/^openkp_anomalies_ms \([0-9]*\) (\(.*\))/\1 ms (\2); target < 2000 ms/p' "$work/openkp.txt")"
echo "first read        $(awk '/^openkp_refresh_ms/ {print $2}' "$work/openkp.txt") ms to derive the trade flows from all certificate events"
rm -f "$db" "$db-wal" "$db-shm"
