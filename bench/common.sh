# Sourced by the bench scripts (from the repository root): builds the `bench` preset, makes a
# work directory, and starts servers that are stopped, with the directory removed, on exit.
bench_setup() {
  scripts/install-deps --bench
  # OPENKP_BENCH_BIN: another build of openkp (e.g. the commit before a change, to alternate),
  # used as it is: nothing is built (the benchmark's own programs must exist).
  if [ -z "${OPENKP_BENCH_BIN:-}" ]; then
    scripts/build-web > /dev/null
    cmake --preset bench > /dev/null
    cmake --build --preset bench > /dev/null
  fi
  bin=${OPENKP_BENCH_BIN:-build/bench/src/apps/openkp}
  work=$(mktemp -d)
  chmod 755 "$work"  # nginx workers run as an unprivileged user
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
}

# bench_postgres [FSYNC=off]: a throw-away PostgreSQL 15 cluster in $work/pg (tests/pg/cluster.sh),
# stopped on exit with the servers; sets $cluster (its URL). fresh_db NAME creates a database and
# prints its URL. FSYNC=on for benchmarks whose figure depends on commits reaching the disk.
bench_postgres() {
  OPENKP_PG_FSYNC=${1:-off} bash tests/pg/cluster.sh start "$work/pg" > /dev/null
  # (|| true: a server stopped already must not end the cleanup under set -e.)
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    bash tests/pg/cluster.sh stop "$work/pg"; rm -rf "$work"' EXIT
  cluster=$(cat "$work/pg/url")
}
fresh_db() { psql -q "$cluster" -c "CREATE DATABASE $1"; echo "${cluster%/*}/$1"; }

# start_openkp DATA_DIR: serves it on a free loopback port; sets $port. $OPENKP_SERVE_ARGS adds
# flags to `serve` (e.g. "--log-level off" to measure the access log's cost).
start_openkp() {
  # shellcheck disable=SC2086  # OPENKP_SERVE_ARGS is a list of flags, e.g. "--log-level off"
  "$bin" serve --data "$1" --listen 127.0.0.1:0 ${OPENKP_SERVE_ARGS:-} > "$work/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do grep -q serving "$work/server.log" && break; sleep 0.1; done
  port=$(sed -n 's|.*127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/server.log")
  [ -n "$port" ] || { cat "$work/server.log"; exit 1; }
}

# sqlite3_median_ms DB SQL_FILE: the sqlite3 shell running the file on the database, median of 5
# runs in milliseconds (the baseline that openkp's own figures are compared with).
sqlite3_median_ms() {
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s%N)
    sqlite3 "$1" < "$2" > /dev/null
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
  done | sort -n | sed -n 3p | awk '{printf "%.2f\n", $1 / 1000}'
}
