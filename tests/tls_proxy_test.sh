#!/usr/bin/env bash
# The reverse-proxy deployment of docs/OPERATIONS.md, for real: deploy/nginx/openkp.conf (its
# placeholders filled in) terminates TLS with a fresh self-signed certificate in front of a real
# `openkp serve`; curl, trusting only that certificate, reaches the API through it. Checks HSTS,
# openkp's own security headers passing through, an issue and a verification over TLS, and
# that plain HTTP is not served on the TLS port. Skips when nginx or openssl is missing.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
. "$HERE/lib.sh"
command -v nginx > /dev/null && command -v openssl > /dev/null ||
  { echo "skipped: nginx or openssl is not installed"; exit 0; }
new_work_dir
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -keyout key.pem -out cert.pem -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2> /dev/null
serve_demo 30 --log-level off
upstream=${started_url#http://}
tls_port=$(free_port)  # not upstream+1: another test may hold that one
sed -e "s|@SERVER_NAME@|localhost|" -e "s|@LISTEN@|127.0.0.1:$tls_port|" \
  -e "s|@CERT@|$work/cert.pem|" -e "s|@KEY@|$work/key.pem|" -e "s|@UPSTREAM@|$upstream|" \
  "$ROOT/deploy/nginx/openkp.conf" > site.conf
grep -v "^ *#" site.conf | grep -q "@" && fail "a placeholder is left in the site configuration"
cat > nginx.conf <<CONF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 256; }
http {
  access_log off;
  include $work/site.conf;
}
CONF
nginx -t -c "$work/nginx.conf" -p "$work" 2> nginx-test.log || fail "nginx -t: $(cat nginx-test.log)"
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
for _ in $(seq 50); do curl -s -o /dev/null --cacert cert.pem "https://localhost:$tls_port/healthz" && break; sleep 0.1; done

base="https://localhost:$tls_port"
curl -sS -D headers.txt -o health.json --cacert cert.pem "$base/healthz" || fail "no TLS answer"
grep -q '"status":"ok"' health.json || fail "healthz through the proxy: $(cat health.json)"
grep -qi '^strict-transport-security: max-age=31536000' headers.txt || fail "no HSTS: $(cat headers.txt)"
grep -qi '^x-content-type-options: nosniff' headers.txt || fail "openkp's headers lost"
curl -sS -D page.txt -o /dev/null --cacert cert.pem "$base/"
grep -qi "^content-security-policy: default-src 'none'" page.txt || fail "no CSP on the page"

token=$(sed -n 's/^Demo officer BW\t//p' data/demo-tokens.txt)
body='{"destination":"EU","origin":{"mixed":false,"countries":["BW"]},"exporter":{"name":"A","address":"B"},"importer":{"name":"C","address":"D"},"lines":[{"hs_code":"7102.31","carats_hundredths":100000,"value_usd_cents":2000000}],"parcels":1}'
code=$(curl -sS -o issued.json -w '%{http_code}' --cacert cert.pem -X POST \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$body" \
  "$base/v1/certificates")
[ "$code" = 201 ] || fail "issue through the proxy answered $code: $(cat issued.json)"
number=$(grep -o '"number":"[^"]*"' issued.json | head -1 | cut -d'"' -f4)
curl -sS --cacert cert.pem "$base/v1/certificates/$number/verify" | grep -q '"valid":true' ||
  fail "verification through the proxy"
# ODK Collect through the proxy: download URLs in https, and a 20 MB submission streamed
# through (above nginx's default body limit) to openkp, which answers in the OpenRosa envelope.
device=$(sed -n 's/^Demo device\t//p' data/demo-tokens.txt)
curl -sS --cacert cert.pem --digest -u "$device" -H 'X-OpenRosa-Version: 1.0' \
  "$base/openrosa/formList" > forms.xml
grep -q "<downloadUrl>https://localhost:$tls_port/openrosa/forms/" forms.xml ||
  fail "the form list through the proxy does not give https URLs: $(cat forms.xml)"
version=$(grep -o 'orx:version="[0-9]*"' "$ROOT/src/monitor/forms/incident.xml" | head -1 | cut -d'"' -f2)
printf '<data xmlns:orx="http://openrosa.org/xforms" id="openkp_incident" orx:version="%s"><category>other</category><occurred_on>2026-01-01</occurred_on><participant>ZW</participant><description>Through the proxy</description><restricted>no</restricted><photo>big.jpg</photo><meta><instanceID>uuid:7e1a0000-0000-4000-8000-000000000001</instanceID></meta></data>' "$version" > s.xml
head -c 20000000 /dev/urandom > big.jpg
code=$(curl -sS -o sub.xml -w '%{http_code}' --cacert cert.pem --digest -u "$device" \
  -H 'X-OpenRosa-Version: 1.0' -F 'xml_submission_file=@s.xml;type=text/xml' \
  -F 'big.jpg=@big.jpg;type=image/jpeg' "$base/openrosa/submission")
[ "$code" = 201 ] || fail "a 20 MB submission through the proxy answered $code: $(head -c 300 sub.xml)"
# Without TLS, the TLS port does not answer HTTP.
plain=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$tls_port/healthz" || true)
[ "$plain" != 200 ] || fail "plain HTTP answered on the TLS port"
echo "TLS reverse proxy (deploy/nginx/openkp.conf): HSTS, headers, issue $number, verify, OpenRosa: OK"
