#!/usr/bin/env bash
# Coalition report benchmark (issue 14): `openkp demo` (the coalition's real 2019 report and a
# generated 2020) plus N activities of 2030 over its members; openkp times the 2030 report: its own
# part (model from the store and HTML, median of 5) and the external engines' (.docx with pandoc,
# PDF with headless Chromium). Baseline: the sqlite3 shell reading the same activity documents.
# Target: openkp's part under 100 ms for 5,000 activities.
# Usage: bench/coalition_bench.sh [ACTIVITIES=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
. bench/common.sh
bench_setup
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, $n activities in one year"
"$bin" demo --data "$work/data" --certificates 100 > /dev/null
build/bench/bench/coalition_bench "$work/data" "$n" | tee "$work/openkp.txt"
# The shell reading the year's latest versions, timed the same way: median of 5 runs.
echo "SELECT doc FROM coalition_activities a WHERE year = 2030 AND version = (SELECT max(version) FROM coalition_activities WHERE ref = a.ref) ORDER BY start_on, ref;" > "$work/q.sql"
sqlite3_median_ms "$work/data/openkp.db" "$work/q.sql" > "$work/shell.txt"
ours=$(awk '/^openkp_total_ms/ {print $2}' "$work/openkp.txt")
awk -v o="$ours" -v s="$(cat "$work/shell.txt")" 'BEGIN {
  printf "report, openkp part  %.1f ms (model + HTML; target < 100 ms)\n", o;
  printf "sqlite3 shell        %.2f ms reading the same documents: openkp/shell %.2fx\n", s, o / s }'
