#!/usr/bin/env bash
# Verify benchmark: GET /v1/certificates/{number}/verify with wrk, side by side in the same run
# with nginx serving the same response body as a static file. Loopback only; stops by itself.
# Usage: bench/verify_bench.sh [SECONDS=10] [CONNECTIONS=32] [sqlite|postgresql] [verify|receipt]
# postgresql: the demo and the server on a throw-away PostgreSQL 15 cluster (cache hits read no
# database; the server polls the change counters on a thread of its own).
# receipt: GET /v1/certificates/{number}/receipt instead (an inclusion proof from the log's
# tiles, for the certificate's parties: sent with a token), against nginx serving its bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
backend=${3:-sqlite}
what=${4:-verify}
. bench/common.sh
bench_setup
if [ "$backend" = postgresql ]; then
  bench_postgres off
  OPENKP_STORE=$(fresh_db verify)
  export OPENKP_STORE
fi
"$bin" demo --data "$work/data" --certificates 2000 > /dev/null
start_openkp "$work/data"
token=$(sed -n 's/^Demo admin\t//p' "$work/data/demo-tokens.txt")
number=$(curl -s -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/v1/certificates?status=confirmed&limit=1&format=csv" | sed -n 2p | cut -d, -f1)
path="/v1/certificates/$number/$what"
auth=()
[ "$what" = receipt ] && auth=(-H "Authorization: Bearer $token")
mkdir -p "$work/www$(dirname "$path")"
for _ in $(seq 50); do  # a receipt exists once the log has integrated the certificate
  curl -sf "${auth[@]}" "http://127.0.0.1:$port$path" > "$work/www$path" && break
  sleep 0.1
done

nginx_port=$((port + 1))
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
sleep 0.5
[ "$(curl -s "http://127.0.0.1:$nginx_port$path")" = "$(cat "$work/www$path")" ] || {
  echo "nginx does not serve the same body"; exit 1; }

run() { wrk -t2 -c"$connections" -d"${seconds}s" --latency "${auth[@]}" "$1" | tee "$work/wrk.out" >&2
  awk '/Requests\/sec/ {print $2}' "$work/wrk.out"; }
echo "openkp $(git rev-parse --short HEAD) on $backend, $(nproc) cores; wrk -t2 -c$connections -d${seconds}s; body $(wc -c < "$work/www$path") bytes" >&2
echo "--- openkp $path" >&2
openkp_rps=$(run "http://127.0.0.1:$port$path")
echo "--- nginx, same body as a static file" >&2
nginx_rps=$(run "http://127.0.0.1:$nginx_port$path")
awk -v o="$openkp_rps" -v n="$nginx_rps" 'BEGIN {
  printf "openkp '"$what"'  %.0f requests/s\nnginx static      %.0f requests/s\nratio             %.2f of nginx (target >= 1.00)\n", o, n, o / n }'
