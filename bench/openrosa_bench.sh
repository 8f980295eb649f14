#!/usr/bin/env bash
# Submission benchmark (issue 12): OpenRosa submissions, each with a 1 MB photo, from 8 and then
# 64 concurrent clients over loopback, with the server's peak resident memory for each; and, in
# the same run, writing the same bytes to the same disk with `cp` and an fsync per file (the
# limit of the path). Prints the ratio (target >= 0.5x of cp) and whether peak memory stays
# flat from 8 to 64 clients.
# Usage: bench/openrosa_bench.sh [SUBMISSIONS_PER_RUN=400]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-400}
. bench/common.sh
bench_setup
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, $n submissions of a 1 MB photo per run"
version=$(grep -o 'orx:version="[0-9]*"' src/monitor/forms/incident.xml | head -1 | cut -d'"' -f2)

# The baseline: cp of the same bytes (the photo and a small XML) plus fsync, file by file.
head -c 1000000 /dev/urandom > "$work/photo.jpg"
mkdir "$work/cp"
s=$(date +%s%N)
for i in $(seq "$n"); do
  cp "$work/photo.jpg" "$work/cp/$i.jpg"
  sync "$work/cp/$i.jpg"
done
e=$(date +%s%N)
cp_rate=$(awk -v n="$n" -v ns=$((e - s)) 'BEGIN { printf "%.1f", n / (ns / 1e9) }')
rm -rf "$work/cp"
echo "cp + fsync        $cp_rate files/s of 1 MB (same disk: $(df --output=source "$work" | tail -1))"

run() {  # run CLIENTS: a fresh server and demo data, N submissions; prints the rate and peak RSS
  local clients=$1 data="$work/data-$1"
  "$bin" demo --data "$data" --certificates 10 > /dev/null
  start_openkp "$data"
  local pid=${pids[-1]}
  local device
  device=$(grep "^Demo device	" "$data/demo-tokens.txt" | cut -f2)
  build/bench/bench/openrosa_load --port "$port" --device "$device" --version "$version" \
    --requests "$n" --connections "$clients" --photo-bytes 1000000 | tee "$work/load-$clients.txt"
  local hwm
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  echo "peak memory       $((hwm / 1024)) MiB with $clients clients"
  echo "$hwm" > "$work/hwm-$clients"
  kill "$pid"
  wait "$pid" 2> /dev/null || true
}
run 8
run 64
r8=$(awk '/^rate/ {print $2}' "$work/load-8.txt")
r64=$(awk '/^rate/ {print $2}' "$work/load-64.txt")
awk -v a="$r8" -v b="$r64" -v c="$cp_rate" -v h8="$(cat "$work/hwm-8")" -v h64="$(cat "$work/hwm-64")" 'BEGIN {
  printf "ratio             %.2fx of cp+fsync with 8 clients, %.2fx with 64 (target >= 0.5x)\n", a / c, b / c;
  printf "memory            peak %.0f MiB at 8 clients, %.0f MiB at 64 (%.2fx)\n", h8 / 1024, h64 / 1024, h64 / h8 }'
