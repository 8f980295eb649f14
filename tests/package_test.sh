#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` builds it from this build directory; its contents, control
# fields, conffile and maintainer scripts are as docs/OPERATIONS.md says; systemd-analyze
# verifies the unit and rates its sandbox (offline: no systemd needed); and the unit's own
# command line runs as an unprivileged user from the extracted package, with the packaged
# configuration file, overridden by OPENKP_* variables: the server starts and answers.
set -euo pipefail
BUILD=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
new_work_dir
chmod 755 "$work"  # the unprivileged user reads the extracted package
cd "$work"
(cd "$BUILD" && cpack -G DEB -B "$work/pkg" > "$work/cpack.log" 2>&1) || fail "cpack: $(tail -5 cpack.log)"
deb=$(ls pkg/openkp_*_amd64.deb)
dpkg-deb -I "$deb" > info.txt
grep -q '^ Package: openkp$' info.txt || fail "package name"
grep -q '^ Depends: adduser, .*libsqlite3-0' info.txt || fail "dependencies: $(grep Depends info.txt)"
grep -q '^ Recommends: pandoc, chromium$' info.txt || fail "recommends"
dpkg-deb -c "$deb" | awk '{print $6}' > files.txt
for f in ./usr/bin/openkp ./usr/lib/systemd/system/openkp.service ./etc/openkp/openkp.toml \
  ./usr/share/doc/openkp/README.md ./usr/share/doc/openkp/docs/OPERATIONS.md; do
  grep -qx "$f" files.txt || fail "the package lacks $f"
done
dpkg-deb -e "$deb" control
[ "$(cat control/conffiles)" = /etc/openkp/openkp.toml ] || fail "conffiles: $(cat control/conffiles)"
sh -n control/postinst && sh -n control/prerm || fail "maintainer scripts do not parse"
grep -q 'adduser --system --group --home /var/lib/openkp' control/postinst || fail "postinst user"
dpkg-deb -x "$deb" root
chmod -R a+rX root
# The unit, pointed at the extracted files, as systemd would load it.
sed "s|/usr/bin/openkp|$work/root/usr/bin/openkp|; s|/etc/openkp/openkp.toml|$work/root/etc/openkp/openkp.toml|" \
  root/usr/lib/systemd/system/openkp.service > openkp.service
if command -v systemd-analyze > /dev/null; then
  systemd-analyze verify ./openkp.service > verify.txt 2>&1 || fail "systemd-analyze verify: $(cat verify.txt)"
  [ ! -s verify.txt ] || fail "systemd-analyze verify warns: $(cat verify.txt)"
  systemd-analyze security --offline=true --threshold=20 ./openkp.service > security.txt 2>&1 ||
    fail "the unit's exposure is above 2.0: $(tail -3 security.txt)"
  grep -q "Overall exposure level for openkp.service: [01]\." security.txt ||
    fail "exposure: $(tail -1 security.txt)"
else
  echo "systemd-analyze missing: unit checks skipped"
fi
# The unit's command line, as the package's unprivileged user would run it.
cmd=$(sed -n 's/^ExecStart=//p' openkp.service)
user=nobody
if [ "$(id -u)" != 0 ]; then user=""; fi
mkdir data
"$work/root/usr/bin/openkp" init --data "$work/data" > /dev/null
if [ -n "$user" ]; then
  chown -R "$user" data
  # setpriv execs (runuser would fork, and stopping it would leave the server running).
  # shellcheck disable=SC2086  # the unit's command line, split as systemd splits it
  run() {
    exec setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups \
      env OPENKP_DATA="$work/data" OPENKP_LISTEN=127.0.0.1:0 $cmd
  }
else
  # shellcheck disable=SC2086
  run() { exec env OPENKP_DATA="$work/data" OPENKP_LISTEN=127.0.0.1:0 $cmd; }
fi
start_and_wait serve.log run
pids+=("$started_pid")
[ "$(curl -s "$started_url/healthz")" = '{"status":"ok"}' ] || fail "healthz"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$started_url/")" = 200 ] || fail "the web page"
if [ -n "$user" ]; then
  owner=$(stat -c %U data/openkp.db)
  [ "$owner" = "$user" ] || fail "the database belongs to $owner"
  [ "$(stat -c %a data/openkp.db)" = 600 ] || fail "the database is $(stat -c %a data/openkp.db)"
fi
echo "package: ok"
