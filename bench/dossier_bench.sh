#!/usr/bin/env bash
# Dossier benchmark (issue 13): `openkp demo` (the real KP statistics, demo certificates,
# monitoring and reviews) plus N certificates over 20 years and M incident reports about
# Zimbabwe; openkp times Zimbabwe's dossier for 2005-2024 as JSON (cold and warm), HTML, .docx and
# PDF; the sqlite3 shell runs the same aggregations on the same database
# (bench/dossier_aggregations.sql). Target: JSON under 200 ms.
# Usage: bench/dossier_bench.sh [CERTIFICATES=1000000] [INCIDENTS=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
m=${2:-10000}
. bench/common.sh
bench_setup
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, $n certificates, $m incident reports"
"$bin" demo --data "$work/data" > /dev/null
build/bench/bench/dossier_bench "$work/data" "$n" "$m" | tee "$work/openkp.txt"
# The shell, timed the same way: median of 5 runs of the whole script, output discarded.
sqlite3_median_ms "$work/data/openkp.db" bench/dossier_aggregations.sql > "$work/shell.txt"
ours=$(awk '/^openkp_dossier_json_ms/ {print $2}' "$work/openkp.txt")
awk -v o="$ours" -v s="$(cat "$work/shell.txt")" 'BEGIN {
  printf "dossier JSON      openkp %.1f ms (warm; target < 200 ms)\n", o;
  printf "sqlite3 shell     %.2f ms for the same aggregations: openkp/shell %.2fx\n", s, o / s }'
