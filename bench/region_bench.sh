#!/usr/bin/env bash
# Regional dashboard benchmark (issue 17): `openkp demo` (the real KP statistics, demo
# certificates, monitoring, regions) plus N certificates over 20 years between 60 participants;
# openkp times the dashboard of a region of ten of them for 2005-2024 (cold, warm, public); the
# sqlite3 shell runs the same aggregations on the same database (bench/region_aggregations.sql).
# Target: under 100 ms.
# Usage: bench/region_bench.sh [CERTIFICATES=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
. bench/common.sh
bench_setup
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, $n certificates"
"$bin" demo --data "$work/data" > /dev/null
build/bench/bench/region_bench "$work/data" "$n" | tee "$work/openkp.txt"
members=$(sed -n 's/^region BENCH10: //p' "$work/openkp.txt" | sed "s/\([A-Z]*\)/'\1'/g")
sed "s/:members/$members/g" bench/region_aggregations.sql > "$work/aggregations.sql"
sqlite3_median_ms "$work/data/openkp.db" "$work/aggregations.sql" > "$work/shell.txt"
ours=$(awk '/^openkp_region_dashboard_ms/ {print $2}' "$work/openkp.txt")
awk -v o="$ours" -v s="$(cat "$work/shell.txt")" 'BEGIN {
  printf "region dashboard  openkp %.1f ms (admin: every part, warm; target < 100 ms)\n", o;
  printf "sqlite3 shell     %.2f ms for the same aggregations: openkp/shell %.2fx\n", s, o / s }'
