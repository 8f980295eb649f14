#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests: initdb + pg_ctl in a temporary directory, as
# an unprivileged user (initdb refuses root), on a free loopback port; nothing is mocked.
#   tests/pg/cluster.sh start STATE   starts one; writes its URL to STATE/url
#   tests/pg/cluster.sh stop STATE    stops it and removes its files
#   tests/pg/cluster.sh halt STATE    stops it (a fast shutdown), keeping its files and port
#   tests/pg/cluster.sh resume STATE  starts a halted one again, on the same port
# The URL names the maintenance database "postgres" of superuser "openkp" (trust on loopback);
# tests create a database each (tests/pg_database.h). OPENKP_PG_FSYNC=on keeps PostgreSQL's
# durability (benchmarks); tests run with fsync off, for speed.
set -euo pipefail
cmd=${1:?start, stop, halt or resume}
state=${2:?state directory}
bin=/usr/lib/postgresql/15/bin
state=$(mkdir -p "$state" && cd "$state" && pwd)
cd /  # the postgres user may not enter the caller's directory
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is missing: scripts/install-deps --test" >&2; exit 1; }
run=()
if [ "$(id -u)" = 0 ]; then run=(setpriv --reuid=postgres --regid=postgres --clear-groups --); fi

stop() {
  [ -f "$state/dir" ] || return 0
  local dir
  dir=$(cat "$state/dir")
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1 || true
  rm -rf "$dir" "$state/dir" "$state/url"
}

# pg_ctl start of the cluster in $1 on port $2.
start_on() {
  "${run[@]}" "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 \
    -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c fsync=${OPENKP_PG_FSYNC:-off} -c max_connections=200" \
    start > /dev/null 2>&1
}

case "$cmd" in
  start)
    mkdir -p "$state"
    stop
    dir=$(mktemp -d /tmp/openkp-pg.XXXXXX)
    chmod 0755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    echo "$dir" > "$state/dir"
    "${run[@]}" "$bin/initdb" -D "$dir/data" -U openkp --auth=trust -E UTF8 --locale=C.UTF-8 \
      > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: try random ones until the server starts (it refuses a port in use).
    for _ in $(seq 20); do
      port=$((20000 + RANDOM % 30000))
      if start_on "$dir" "$port"; then
        echo "postgresql://openkp@127.0.0.1:$port/postgres" > "$state/url"
        exit 0
      fi
    done
    cat "$dir/server.log" >&2
    echo "could not start PostgreSQL on a free port" >&2
    exit 1
    ;;
  stop) stop ;;
  halt) "${run[@]}" "$bin/pg_ctl" -D "$(cat "$state/dir")/data" -m fast -w stop > /dev/null ;;
  resume)
    dir=$(cat "$state/dir")
    start_on "$dir" "$(sed -n 's|.*@127.0.0.1:\([0-9]*\)/.*|\1|p' "$state/url")" ||
      { cat "$dir/server.log" >&2; exit 1; }
    ;;
  *) echo "usage: tests/pg/cluster.sh start|stop|halt|resume STATE" >&2; exit 2 ;;
esac
