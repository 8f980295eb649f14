#!/usr/bin/env bash
# Issue benchmark on PostgreSQL (issue 11): bench/issue_load against one `openkp serve --store
# postgresql://...`, then against three behind nginx (deploy/nginx/openkp-cluster.conf), and in
# the same run PostgreSQL's own limit for the same work: pgbench running the INSERTs openkp makes
# per certificate (the number's sequence, the certificate with a document of the same size, its
# status, its event), one transaction per certificate, with the same number of clients. Each on a
# fresh database of one throw-away PostgreSQL 15 cluster (fsync on, as in production) on this
# machine: server, database and load share the cores. Prints the rates and the ratios (target:
# openkp >= 0.5 x pgbench). Usage: bench/pg_issue_bench.sh [REQUESTS=20000] [CONNECTIONS=64]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-20000}
connections=${2:-64}
. bench/common.sh
bench_setup
bench_postgres on
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, PostgreSQL $(psql -tA "$cluster" -c 'SHOW server_version'), server, database and clients on this machine"

# A deployment on database $1 in directory $2: keys, an officer; prints the officer's token.
deployment() {
  "$bin" init --data "$2" --store "$1" > /dev/null
  "$bin" keys generate --data "$2" --store "$1" --participant BW > /dev/null
  "$bin" users add --data "$2" --store "$1" --name bench --participant BW
}
load() {  # load PORT TOKEN: prints issue_load's report; sets $rate
  timeout 600 build/bench/bench/issue_load --port "$1" --token "$2" --requests "$requests" \
    --connections "$connections" | tee "$work/load.out"
  rate=$(awk '/^throughput/ {print $2}' "$work/load.out")
}

echo "--- openkp, one server"
store=$(fresh_db one)
token=$(deployment "$store" "$work/one")
OPENKP_SERVE_ARGS="--store $store --log-level off" start_openkp "$work/one"
load "$port" "$token"
one=$rate
kill "${pids[-1]}"; wait "${pids[-1]}" 2> /dev/null || true
unset 'pids[-1]'

echo "--- openkp, three servers behind nginx"
store=$(fresh_db three)
token=$(deployment "$store" "$work/s1")
servers=""
for i in 1 2 3; do
  if [ "$i" != 1 ]; then
    mkdir -p "$work/s$i/log"
    cp -a "$work/s1/keys" "$work/s$i/"
    cp -a "$work/s1/log/identity" "$work/s$i/log/"
  fi
  OPENKP_SERVE_ARGS="--store $store --log-level off --max-connections-per-client 4096" \
    start_openkp "$work/s$i"
  servers+="server 127.0.0.1:$port max_fails=1 fail_timeout=2s; "
done
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
sed -e "s|@LISTEN@|127.0.0.1:$nginx_port|" -e "s|@SERVERS@|$servers|" \
  deploy/nginx/openkp-cluster.conf > "$work/site.conf"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 4096; }
http { access_log off; include $work/site.conf; }
CONF
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/healthz" && break; sleep 0.1; done
load "$nginx_port" "$token"
three=$rate

echo "--- pgbench: the same INSERTs per certificate, one transaction each, $connections clients"
store=$(fresh_db pgbench)
deployment "$store" "$work/pgb" > /dev/null
key=$(psql -tA "$store" -c "SELECT key_id FROM authority_keys LIMIT 1")
doc=$(psql -tA "${cluster%/*}/three" -c "SELECT document FROM certificates LIMIT 1")
payload=$(psql -tA "${cluster%/*}/three" -c "SELECT payload FROM events WHERE kind = 'certificate.issued' LIMIT 1")
quote() { printf "'%s'" "${1//\'/\'\'}"; }
cat > "$work/issue.sql" <<SQL
BEGIN;
INSERT INTO certificate_sequences (issuer, year, last_value) VALUES ('BW', 2026, 1) ON CONFLICT (issuer, year) DO UPDATE SET last_value = certificate_sequences.last_value + 1 RETURNING last_value AS n \gset
INSERT INTO certificates (number, issuer, destination, key_id, issued_on, expires_on, carats_hundredths, value_usd_cents, parcels, hs_codes, document) VALUES ('BW-2026-' || :n, 'BW', 'EU', '$key', '2026-11-30', '2027-01-29', 100, 100, 1, '["7102.31"]', $(quote "$doc")) ON CONFLICT (number) DO NOTHING;
INSERT INTO certificate_status (number, state) VALUES ('BW-2026-' || :n, 'issued');
INSERT INTO events (kind, subject, participant, at, actor, payload) VALUES ('certificate.issued', 'BW-2026-' || :n, 'BW', '2026-11-30T12:00:00Z', 'bench', $(quote "$payload"));
COMMIT;
SQL
psql_port=$(sed -n 's|.*@127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/pg/url")
/usr/lib/postgresql/15/bin/pgbench -n -h 127.0.0.1 -p "$psql_port" -U openkp -c "$connections" \
  -j 2 -t $((requests / connections)) -f "$work/issue.sql" pgbench 2>&1 | tee "$work/pgbench.out" |
  grep -E "number of transactions actually processed|tps|latency average"
pg=$(awk '/^tps/ {print $3; exit}' "$work/pgbench.out")
awk -v one="$one" -v three="$three" -v pg="$pg" 'BEGIN {
  printf "openkp, one server      %.0f certificates/s  (%.2f x pgbench)\n", one, one / pg
  printf "openkp, three + nginx   %.0f certificates/s  (%.2f x pgbench)\n", three, three / pg
  printf "pgbench, same INSERTs   %.0f transactions/s  (target: openkp >= 0.5 x)\n", pg }'
