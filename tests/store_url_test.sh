#!/usr/bin/env bash
# --store / OPENKP_STORE: a URL of no backend, an unreachable PostgreSQL, and a PostgreSQL that
# lacks the services' stores each get a clear error and their exit code, and leave the SQLite
# file untouched. Needs the "postgresql" ctest fixture (OPENKP_TEST_POSTGRESQL_URL_FILE).
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
[ "$rc" != 0 ] || fail "a PostgreSQL without the services' stores was accepted"
grep -q "has no schema for PostgreSQL yet" "$work/err" || fail "missing domain: the reason"
# The core tables were created (and migrated once); the services' were not.
[ "$(psql -tA "${url%/*}/$db" -c "SELECT count(*) FROM schema_migrations")" = 1 ] ||
  fail "core schema not migrated"

after=$(sha256sum "$work/data/openkp.db" | cut -d' ' -f1)
[ "$before" = "$after" ] || fail "the SQLite file changed"
echo "store URL errors: ok"
