#!/usr/bin/env bash
# --store / OPENKP_STORE: a URL of no backend, an unreachable PostgreSQL and a database of a
# newer schema each get a clear error and their exit code; a fresh PostgreSQL database gets every
# service's tables; the SQLite file is left untouched throughout. Needs the "postgresql" ctest fixture (OPENKP_TEST_POSTGRESQL_URL_FILE).
set -euo pipefail
BIN=$(readlink -f "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs openkp; prints its stderr; sets rc.
run() { rc=0; "$BIN" "$@" > "$work/out" 2> "$work/err" || rc=$?; cat "$work/err"; }

"$BIN" init --data "$work/data" > /dev/null
before=$(sha256sum "$work/data/openkp.db" | cut -d' ' -f1)

run users list --data "$work/data" --store mysql://somewhere/db
[ "$rc" = 3 ] || fail "unknown scheme: exit $rc, want 3"
grep -q "names no database this build can open; use sqlite:PATH or postgresql://" "$work/err" ||
  fail "unknown scheme: the message names the backends"

OPENKP_STORE="postgresql://openkp@127.0.0.1:1/none?connect_timeout=2" run users list --data "$work/data"
[ "$rc" = 7 ] || fail "unreachable PostgreSQL: exit $rc, want 7"
grep -q "cannot connect to PostgreSQL" "$work/err" || fail "unreachable: the reason"

url=$(cat "$OPENKP_TEST_POSTGRESQL_URL_FILE")
db="cli_$$"
psql -q "$url" -c "CREATE DATABASE $db"
run users list --data "$work/data" --store "${url%/*}/$db"
[ "$rc" = 0 ] || fail "a fresh PostgreSQL database: exit $rc"
# The core tables (its four migrations) and every service's were created.
[ "$(psql -tA "${url%/*}/$db" -c "SELECT count(*) FROM schema_migrations")" = 4 ] ||
  fail "core schema not migrated"
[ "$(psql -tA "${url%/*}/$db" -c "SELECT string_agg(DISTINCT domain, ',' ORDER BY domain) FROM domain_migrations")" = "activities,monitor,review" ] ||
  fail "the services' schemas are not all migrated"
# A database of a newer schema is refused (exit 6, the reason), nothing changed.
psql -q "${url%/*}/$db" -c "INSERT INTO schema_migrations VALUES (99, 'later')"
run users list --data "$work/data" --store "${url%/*}/$db"
[ "$rc" = 6 ] || fail "newer schema: exit $rc, want 6"
grep -q "newer than this openkp" "$work/err" || fail "newer schema: the reason"

# init names the database it initialised (no password), and refuses to rename an existing log.
db2="cli2_$$"
psql -q "$url" -c "CREATE DATABASE $db2"
"$BIN" init --data "$work/one" --store "${url%/*}/$db2" > "$work/out"
grep -q "initialised $work/one on ${url%/*}/$db2 (schema 4)" "$work/out" ||
  fail "init on PostgreSQL says: $(cat "$work/out")"
run init --data "$work/one" --store "${url%/*}/$db2" --log-origin log.example.org
[ "$rc" = 6 ] && grep -q "cannot rename it" "$work/err" ||
  fail "init --log-origin on an existing log: exit $rc"
# A second server given its own log key instead of the first one's does not start once the
# database holds checkpoints (it would sign a log nobody verifies).
. "$(dirname "$0")/lib.sh"
start_and_wait "$work/serve1.log" "$BIN" serve --data "$work/one" --store "${url%/*}/$db2" \
  --listen 127.0.0.1:0
for _ in $(seq 50); do curl -sf "$started_url/log/checkpoint" > /dev/null && break; sleep 0.1; done
kill "$started_pid"; wait "$started_pid" 2> /dev/null || true
"$BIN" init --data "$work/two" --store "${url%/*}/$db2" > /dev/null
run serve --data "$work/two" --store "${url%/*}/$db2" --listen 127.0.0.1:0
[ "$rc" = 6 ] && grep -q "same log/identity file" "$work/err" ||
  fail "a server with another log key: exit $rc"
cp "$work/one/log/identity" "$work/two/log/identity"
start_and_wait "$work/serve2.log" "$BIN" serve --data "$work/two" --store "${url%/*}/$db2" \
  --listen 127.0.0.1:0
kill "$started_pid"; wait "$started_pid" 2> /dev/null || true
# openkp backup is SQLite's: on PostgreSQL it says so and creates nothing.
run backup --data "$work/two" --store "${url%/*}/$db2" --to "$work/bk"
[ "$rc" = 6 ] && grep -q "pg_dump" "$work/err" && [ ! -e "$work/bk" ] ||
  fail "backup on PostgreSQL: exit $rc, $(ls -d "$work/bk" 2> /dev/null)"

after=$(sha256sum "$work/data/openkp.db" | cut -d' ' -f1)
[ "$before" = "$after" ] || fail "the SQLite file changed"
echo "store URL errors: ok"
