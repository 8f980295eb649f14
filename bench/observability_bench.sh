#!/usr/bin/env bash
# Observability cost (issue 16): the issue and verify benchmarks with the access log and the
# Prometheus metrics on (the defaults, "on"), the metrics alone ("metrics": --log-level off), and
# both off ("off": --log-level off --metrics off), in the same run, alternating ROUNDS times on
# fresh data; target: "on" at most 5 % slower than "off". Loopback only.
# Usage: bench/observability_bench.sh [ISSUES=30000] [VERIFY_SECONDS=8] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
issues=${1:-30000}
seconds=${2:-8}
rounds=${3:-3}
. bench/common.sh
bench_setup
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, $issues issues and ${seconds}s of verify per run"
stop() { kill "${pids[-1]}"; wait "${pids[-1]}" 2> /dev/null || true; unset 'pids[-1]'; }
for round in $(seq "$rounds"); do
  for mode in on metrics off; do
    case "$mode" in
      on) args="" ;;
      metrics) args="--log-level off" ;;
      off) args="--log-level off --metrics off" ;;
    esac
    data="$work/data-$round-$mode"
    "$bin" init --data "$data" > /dev/null
    "$bin" keys generate --data "$data" --participant BW > /dev/null
    token=$("$bin" users add --data "$data" --name bench --participant BW)
    OPENKP_SERVE_ARGS="$args" start_openkp "$data"
    rate=$(timeout 600 build/bench/bench/issue_load --port "$port" --token "$token" \
      --requests "$issues" --connections 64 2> /dev/null | awk '/^throughput/ {print $2}')
    number=$(curl -s -H "Authorization: Bearer $token" \
      "http://127.0.0.1:$port/v1/certificates?limit=1&format=csv" | sed -n 2p | cut -d, -f1)
    rps=$(wrk -t2 -c32 -d"${seconds}s" "http://127.0.0.1:$port/v1/certificates/$number/verify" |
      awk '/^Requests\/sec/ {print $2}')
    echo "round $round $mode issue $rate verify $rps" | tee -a "$work/runs.txt"
    stop
  done
done
# Medians per mode (sort, then the middle line), and the ratios to "off".
median() { awk -v m="$1" -v f="$2" '$3 == m {print $f}' "$work/runs.txt" | sort -g |
  awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for what in issue:5 verify:7; do
  name=${what%%:*}
  field=${what##*:}
  off=$(median off "$field")
  for mode in on metrics off; do
    m=$(median "$mode" "$field")
    awk -v n="$name" -v mode="$mode" -v m="$m" -v off="$off" -v r="$rounds" \
      'BEGIN {printf "%-7s %-8s %9.0f/s  /off %.3f (median of %d)\n", n, mode, m, m / off, r}'
  done
done
