#!/usr/bin/env bash
# The OpenRosa contract as ODK Collect and Enketo use it, replayed with curl (a third-party
# Digest client) against a real server with demo data: form list, download, manifest, HEAD then
# POST, chunked bodies, split uploads, the 409 rule, bad input answered in the OpenRosa envelope
# with nothing stored, revoked devices; then witness protection on every public view and export,
# and a report's receipt checked offline. Usage: openrosa_test.sh OPENKP_BINARY
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
new_work_dir
cd "$work"
serve_demo 50
U=$started_url
tok() { grep "^$1	" data/demo-tokens.txt | cut -f2; }
DEV=$(tok "Demo device")
MON=$(tok "Demo monitor CNRG-ZW")
OTHER=$(tok "Demo monitor NMJD-SL")
VER=$(tok "Demo verifier")
OFFICER=$(tok "Demo officer BW")
OR=(-H 'X-OpenRosa-Version: 1.0')
# curl -w output: "status content-type"
call() { curl -s -o body -w '%{http_code} %{content_type}' "$@"; }
dcall() { call --digest -u "$DEV" "${OR[@]}" "$@"; }
expect() {  # expect STATUS ACTUAL_OUTPUT WHAT
  [ "${2%% *}" = "$1" ] || fail "$3: expected $1, got $2: $(head -c 400 body)"
}
expect_envelope() {  # an OpenRosa error: the status, text/xml, the envelope
  expect "$1" "$2" "$3"
  case "$2" in *text/xml*) ;; *) fail "$3: not text/xml: $2" ;; esac
  grep -q '<OpenRosaResponse xmlns="http://openrosa.org/http/response">' body ||
    fail "$3: no OpenRosa envelope: $(cat body)"
}
snapshot() {
  curl -s -H "Authorization: Bearer $VER" "$U/v1/incidents?limit=10000" | sha256sum
  sqlite3 data/openkp.db "SELECT count(*) FROM monitor_attachments" 2> /dev/null || true
}

# --- Form list, download and manifest (Digest) ---
out=$(call "${OR[@]}" -D headers "$U/openrosa/formList")
expect_envelope 401 "$out" "formList without credentials"
grep -qi '^WWW-Authenticate: Digest realm="openkp", qop="auth", algorithm=MD5' headers ||
  fail "no Digest challenge: $(cat headers)"
out=$(dcall -D headers "$U/openrosa/formList")
expect 200 "$out" "formList"
grep -qi '^X-OpenRosa-Version: 1.0' headers || fail "formList lacks X-OpenRosa-Version"
grep -qi '^Date: ' headers || fail "formList lacks Date"
case "$out" in *"text/xml; charset=utf-8") ;; *) fail "formList type: $out" ;; esac
grep -q '<xforms xmlns="http://openrosa.org/xforms/xformsList">' body || fail "not an xformsList"
for form in openkp_incident openkp_site_visit; do
  grep -q "<formID>$form</formID>" body || fail "formList lacks $form"
done
hash=$(tr -d '\n' < body | sed 's|.*<formID>openkp_incident</formID>.*<hash>md5:\([0-9a-f]*\)</hash>.*<formID>openkp_site_visit.*|\1|')
out=$(dcall "$U/openrosa/formList?formID=openkp_site_visit")
grep -q openkp_incident body && fail "formID= did not filter"
out=$(dcall "$U/openrosa/forms/openkp_incident")
expect 200 "$out" "form download"
[ "$(md5sum < body | cut -d' ' -f1)" = "$hash" ] || fail "formList hash is not the form's MD5"
xmllint --noout body || fail "the served form is not well-formed XML"
grep -q 'orx:version="' body || fail "the form has no orx:version"
out=$(dcall "$U/openrosa/forms/openkp_incident/manifest")
expect 200 "$out" "manifest"
grep -q 'xmlns="http://openrosa.org/xforms/xformsManifest"' body || fail "not a manifest"
out=$(dcall "$U/openrosa/forms/nobody")
expect_envelope 404 "$out" "unknown form download"
VERSION=$(sed -n 's|.*<data id="openkp_incident" orx:version="\([0-9]*\)".*|\1|p' "$HERE/../src/monitor/forms/incident.xml" | head -1)
[ -n "$VERSION" ] || VERSION=$(grep -o 'orx:version="[0-9]*"' "$HERE/../src/monitor/forms/incident.xml" | head -1 | cut -d'"' -f2)

# --- HEAD then POST, as Collect does (with ?deviceID= and a 12-hour Date header) ---
out=$(curl -s -I --digest -u "$DEV" "${OR[@]}" -o /dev/null -D headers -w '%{http_code}' \
  "$U/openrosa/submission?deviceID=collect%3Aabc")
[ "$out" = 204 ] || fail "HEAD submission: $out"
grep -qi '^X-OpenRosa-Accept-Content-Length: [1-9]' headers || fail "HEAD lacks the accepted length"

instance() {  # instance UUID DESCRIPTION [PHOTO...]: an incident instance as Collect writes it
  local uuid=$1 text=$2
  shift 2
  printf '<?xml version="1.0"?>\n<data xmlns:orx="http://openrosa.org/xforms" id="openkp_incident" orx:version="%s"><category>child_labour</category><occurred_on>2026-01-10</occurred_on><participant>ZW</participant><area>Marange</area><location_method>gps</location_method><location>-19.966123 32.301456 1100 5</location><description>%s</description><people_affected>3</people_affected><restricted>no</restricted><reporter_name>Secret Witness Name</reporter_name><reporter_contact>+263 555 0199</reporter_contact><photo>%s</photo><audio>%s</audio><meta><instanceID>%s</instanceID></meta></data>\n' \
    "$VERSION" "$text" "${1:-}" "${2:-}" "$uuid"
}
head -c 300000 /dev/urandom > 1701.jpg
head -c 200000 /dev/urandom > 1702.m4a
instance uuid:aaaaaaaa-0000-4000-8000-000000000001 "Children washing gravel" 1701.jpg 1702.m4a > a.xml
out=$(dcall -H 'Date: Mon, 30 Nov 2026 01:15:18 PM GMT' -D headers \
  -F 'xml_submission_file=@a.xml;type=text/xml' -F '1701.jpg=@1701.jpg;type=image/jpeg' \
  -F '1702.m4a=@1702.m4a;type=audio/mp4' "$U/openrosa/submission?deviceID=collect%3Aabc")
expect 201 "$out" "POST submission"
grep -q 'nature="submit_success"' body || fail "no submit_success: $(cat body)"
A=$(grep -i '^Location:' headers | sed 's|.*/v1/incidents/\([0-9]*\).*|\1|')
[ -n "$A" ] || fail "no Location"

# Chunked transfer encoding, as OkHttp (Collect) streams a body of unknown length. (curl's own
# Digest handshake would send Content-Length with the chunked header, so Python does the
# handshake: the 401 challenge, then the answer with a chunked multipart body.)
instance uuid:aaaaaaaa-0000-4000-8000-000000000002 "Chunked report" > b.xml
python3 - "$U" "$DEV" b.xml << 'PY' > chunked.out || fail "chunked POST: $(cat chunked.out)"
import hashlib, http.client, re, sys, urllib.parse
base, cred, path = sys.argv[1], sys.argv[2], sys.argv[3]
user, password = cred.split(":", 1)
host = urllib.parse.urlparse(base).netloc
md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
c = http.client.HTTPConnection(host)
c.request("HEAD", "/openrosa/submission", headers={"X-OpenRosa-Version": "1.0"})
r = c.getresponse(); r.read()
ch = dict(re.findall(r'(\w+)="?([^",]+)"?', r.getheader("WWW-Authenticate")))
uri = "/openrosa/submission"
ha1, ha2 = md5(f"{user}:{ch['realm']}:{password}"), md5(f"POST:{uri}")
resp = md5(f"{ha1}:{ch['nonce']}:00000001:c0ffee:auth:{ha2}")
auth = (f'Digest username="{user}", realm="{ch["realm"]}", nonce="{ch["nonce"]}", uri="{uri}", '
        f'response="{resp}", qop=auth, nc=00000001, cnonce="c0ffee", algorithm=MD5, opaque="{ch["opaque"]}"')
xml = open(path, "rb").read()
body = (b"--BB\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; filename=\"b.xml\"\r\n"
        b"Content-Type: text/xml\r\n\r\n" + xml + b"\r\n--BB--\r\n")
def pieces():
    for i in range(0, len(body), 100):
        yield body[i:i + 100]
c.request("POST", uri, body=pieces(), encode_chunked=True,
          headers={"Authorization": auth, "X-OpenRosa-Version": "1.0",
                   "Content-Type": "multipart/form-data; boundary=BB", "Transfer-Encoding": "chunked"})
r = c.getresponse()
print(r.status, r.read().decode())
sys.exit(0 if r.status == 201 else 1)
PY

# A split upload: three requests, the same XML, *isIncomplete*=yes on all but the last.
instance uuid:aaaaaaaa-0000-4000-8000-000000000003 "Split upload" 1701.jpg 1702.m4a > c.xml
out=$(dcall -F 'xml_submission_file=@c.xml;type=text/xml' -F '*isIncomplete*=yes' \
  -D headers "$U/openrosa/submission")
expect 201 "$out" "split 1"
grep -q 'waiting for 2 file' body || fail "split 1 should wait for 2 files: $(cat body)"
C=$(grep -i '^Location:' headers | sed 's|.*/v1/incidents/\([0-9]*\).*|\1|')
out=$(dcall -F 'xml_submission_file=@c.xml;type=text/xml' -F '1701.jpg=@1701.jpg;type=image/jpeg' \
  -F '*isIncomplete*=yes' "$U/openrosa/submission")
expect 201 "$out" "split 2"
out=$(dcall -F 'xml_submission_file=@c.xml;type=text/xml' -F '1702.m4a=@1702.m4a;type=audio/mp4' \
  "$U/openrosa/submission")
expect 201 "$out" "split 3"
curl -s -H "Authorization: Bearer $MON" "$U/v1/incidents/$C" > report.json
python3 - "$C" << 'PY' || fail "the split upload did not merge: $(cat report.json)"
import json, sys
r = json.load(open("report.json"))
assert len(r["files"]) == 2 and r["missing_files"] == [], r
PY
# A resend of the whole submission (no acknowledgement reached the phone) is harmless.
out=$(dcall -F 'xml_submission_file=@c.xml;type=text/xml' -F '1701.jpg=@1701.jpg;type=image/jpeg' \
  "$U/openrosa/submission")
expect 201 "$out" "resend"

# --- Bad input: a 4xx in the envelope, nothing stored ---
before=$(snapshot)
sed 's/Children washing gravel/Altered later/' a.xml > altered.xml
out=$(dcall -F 'xml_submission_file=@altered.xml;type=text/xml' "$U/openrosa/submission")
expect_envelope 409 "$out" "a different instance under a known instanceID"
head -c 1000 /dev/urandom > other.jpg
out=$(dcall -F 'xml_submission_file=@a.xml;type=text/xml' -F '1701.jpg=@other.jpg;type=image/jpeg;filename=1701.jpg' \
  "$U/openrosa/submission")
expect_envelope 409 "$out" "a different file under a known name"
printf '<data id="openkp_incident"><meta><instanceID>uuid:x' > broken.xml
out=$(dcall -F 'xml_submission_file=@broken.xml;type=text/xml' "$U/openrosa/submission")
expect_envelope 400 "$out" "malformed XML"
printf '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><data id="openkp_incident" orx:version="%s" xmlns:orx="http://openrosa.org/xforms"><description>&c;</description><meta><instanceID>uuid:bomb</instanceID></meta></data>' "$VERSION" > bomb.xml
out=$(dcall -F 'xml_submission_file=@bomb.xml;type=text/xml' "$U/openrosa/submission")
expect_envelope 400 "$out" "XML bomb"
printf '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><data id="openkp_incident"><description>&x;</description><meta><instanceID>uuid:xxe</instanceID></meta></data>' > xxe.xml
out=$(dcall -F 'xml_submission_file=@xxe.xml;type=text/xml' "$U/openrosa/submission")
expect_envelope 400 "$out" "external entity"
sed 's/id="openkp_incident"/id="someone_elses_form"/; s/0000000001/0000000009/' a.xml > unknown.xml
out=$(dcall -F 'xml_submission_file=@unknown.xml;type=text/xml' "$U/openrosa/submission")
expect_envelope 404 "$out" "unknown form"
sed "s/orx:version=\"$VERSION\"/orx:version=\"1999\"/; s/0000000001/0000000010/" a.xml > oldversion.xml
out=$(dcall -F 'xml_submission_file=@oldversion.xml;type=text/xml' "$U/openrosa/submission")
expect_envelope 400 "$out" "a form version not served"
for name in '../1701.jpg' '/etc/1701.jpg' '..\\1701.jpg'; do
  instance uuid:aaaaaaaa-0000-4000-8000-000000000011 "Path trick" "$name" > trick.xml
  out=$(dcall -F 'xml_submission_file=@trick.xml;type=text/xml' \
    -F "$name=@1701.jpg;type=image/jpeg;filename=$name" "$U/openrosa/submission")
  expect_envelope 400 "$out" "a path in a file name ($name)"
done
instance uuid:aaaaaaaa-0000-4000-8000-000000000012 "Stray file" > stray.xml
out=$(dcall -F 'xml_submission_file=@stray.xml;type=text/xml' -F 'x.jpg=@1701.jpg;type=image/jpeg' \
  "$U/openrosa/submission")
expect_envelope 400 "$out" "a file the instance does not name"
out=$(dcall -F 'something=@a.xml;type=text/xml' "$U/openrosa/submission")
expect_envelope 400 "$out" "no xml_submission_file"
out=$(dcall -H 'Content-Type: application/json' --data-binary '{}' "$U/openrosa/submission")
expect_envelope 400 "$out" "not multipart"
printf -- '--XX\r\nContent-Disposition: form-data; name="xml_submission_file"\r\n\r\n<data/>' > cut.body
out=$(dcall -H 'Content-Type: multipart/form-data; boundary=XX' --data-binary @cut.body \
  "$U/openrosa/submission")
expect_envelope 400 "$out" "a body cut short"
# Errors answered before any route, and the router's, are envelopes too under /openrosa.
out=$(call -X PUT "${OR[@]}" "$U/openrosa/submission")
expect_envelope 405 "$out" "a method the route does not take"
out=$(call "${OR[@]}" "$U/openrosa/nothing/here")
expect_envelope 404 "$out" "an unknown OpenRosa path"
out=$(call -H 'Content-Type: multipart/form-data; boundary=ZZ' -H 'Content-Length: 40000000' \
  --data-binary @/dev/null "$U/openrosa/submission")
expect_envelope 413 "$out" "a body over the limit"
[ "$(snapshot)" = "$before" ] || fail "refused submissions changed what is stored"

# --- Authentication: a replayed answer, an unsigned upload, wrong password, forged nonce, a
# revoked device ---
# Collect's own shape: one nonce, a new count per request. The same answer again is refused.
python3 - "$U" "$DEV" a.xml << 'PY' > replay.out || fail "replay: $(cat replay.out)"
import hashlib, http.client, re, sys, urllib.parse
base, cred, path = sys.argv[1], sys.argv[2], sys.argv[3]
user, password = cred.split(":", 1)
c = http.client.HTTPConnection(urllib.parse.urlparse(base).netloc)
md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
c.request("HEAD", "/openrosa/submission")
r = c.getresponse(); r.read()
ch = dict(re.findall(r'(\w+)="?([^",]+)"?', r.getheader("WWW-Authenticate")))
def answer(nc):
    ha1, ha2 = md5(f"{user}:{ch['realm']}:{password}"), md5("GET:/openrosa/formList")
    resp = md5(f"{ha1}:{ch['nonce']}:{nc}:abc:auth:{ha2}")
    return (f'Digest username="{user}", realm="{ch["realm"]}", nonce="{ch["nonce"]}", '
            f'uri="/openrosa/formList", response="{resp}", qop=auth, nc={nc}, cnonce="abc"')
codes = []
for nc in ["00000001", "00000002", "00000002"]:
    c.request("GET", "/openrosa/formList", headers={"Authorization": answer(nc)})
    r = c.getresponse(); r.read(); codes.append(r.status)
print(codes)
sys.exit(0 if codes == [200, 200, 401] else 1)
PY
# An upload without valid credentials is answered before its body is read: nothing is spooled.
head -c 20000000 /dev/zero > big.bin
out=$(call "${OR[@]}" -H 'Content-Type: multipart/form-data; boundary=ZZ' --data-binary @big.bin \
  "$U/openrosa/submission")
expect_envelope 401 "$out" "an unsigned upload"
[ -z "$(ls data/spool)" ] || fail "an unsigned upload was spooled"
# ...and the client, still sending its body, reads that answer (no reset under it).
python3 - "$U" << 'PY' || fail "an unsigned upload did not get its 401 cleanly"
import socket, sys, urllib.parse
host, port = urllib.parse.urlparse(sys.argv[1]).netloc.split(":")
s = socket.create_connection((host, int(port)))
s.sendall(b"POST /openrosa/submission HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
          b"boundary=ZZ\r\nContent-Length: 8000000\r\n\r\n")
chunk = b"z" * 65536
try:
    for _ in range(60):
        s.sendall(chunk)
except OSError:
    pass  # the server may stop reading: what matters is the answer
answer = s.recv(200)
assert answer.startswith(b"HTTP/1.1 401"), answer
PY
user=${DEV%%:*}
out=$(call --digest -u "$user:wrong" "${OR[@]}" "$U/openrosa/formList")
expect_envelope 401 "$out" "wrong password"
out=$(call "${OR[@]}" -H "Authorization: Digest username=\"$user\", realm=\"openkp\", nonce=\"1.2.3\", uri=\"/openrosa/formList\", response=\"00\", qop=auth, nc=00000001, cnonce=\"c\"" "$U/openrosa/formList")
expect_envelope 401 "$out" "forged nonce"
curl -s -H "Authorization: Bearer $MON" "$U/v1/devices" > devices.json
DEVID=$(python3 -c "import json;print([d['id'] for d in json.load(open('devices.json'))['items'] if d['username']=='$user'][0])")
out=$(call -X POST -H "Authorization: Bearer $OTHER" "$U/v1/devices/$DEVID/revoke")
expect 404 "$out" "another organisation revoking a device"
out=$(call -X POST -H "Authorization: Bearer $MON" "$U/v1/devices/$DEVID/revoke")
expect 200 "$out" "revoking a device"
out=$(dcall "$U/openrosa/formList")
expect_envelope 401 "$out" "a revoked device"

# --- Encrypted forms: an organisation's RSA key; its phones get forms that encrypt ---
openssl genrsa -out org.key 2048 2> /dev/null
openssl rsa -in org.key -pubout -out org.pub 2> /dev/null
out=$(call -X PUT -H "Authorization: Bearer $MON" -H 'Content-Type: application/json' \
  --data-binary "{\"public_key\":\"$(sed '/-----/d' org.pub | tr -d '\n')\"}" \
  "$U/v1/organisations/NMJD-SL/form-key")
expect 403 "$out" "another organisation's form key"
out=$(call -X PUT -H "Authorization: Bearer $OTHER" -H 'Content-Type: application/json' \
  --data-binary '{"public_key":"AAAA"}' "$U/v1/organisations/NMJD-SL/form-key")
expect 400 "$out" "a form key that is not an RSA public key"
"$BIN" monitor form-key --data data --org NMJD-SL --public-key org.pub > /dev/null
NMJD_PHONE=$(tok "Demo phone NMJD-SL")
out=$(call --digest -u "$NMJD_PHONE" "${OR[@]}" "$U/openrosa/formList?formID=openkp_incident")
EVERSION=$(sed -n 's|.*<version>\(.*\)</version>.*|\1|p' body)
case "$EVERSION" in "$VERSION"-e*) ;; *) fail "no encrypted variant in the form list: $(cat body)" ;; esac
out=$(call --digest -u "$NMJD_PHONE" "${OR[@]}" "$U/openrosa/forms/openkp_incident")
grep -q "base64RsaPublicKey=\"$(sed '/-----/d' org.pub | tr -d '\n')\"" body ||
  fail "the encrypted form does not carry the key"
xmllint --noout body || fail "the encrypted form is not well-formed"
# What Collect sends from it: the manifest and the encrypted files, stored unread.
head -c 5000 /dev/urandom > submission.xml.enc
head -c 9000 /dev/urandom > 9001.jpg.enc
printf '<data id="openkp_incident" version="%s" encrypted="yes" xmlns="http://opendatakit.org/submissions"><base64EncryptedKey>%s</base64EncryptedKey><meta xmlns="http://openrosa.org/xforms"><instanceID>uuid:eeeeeeee-0000-4000-8000-0000000000e1</instanceID></meta><media><file>9001.jpg.enc</file></media><encryptedXmlFile>submission.xml.enc</encryptedXmlFile><base64EncryptedElementSignature>c2ln</base64EncryptedElementSignature></data>' \
  "$EVERSION" "$(head -c 256 /dev/urandom | base64 -w0)" > enc.xml
out=$(call --digest -u "$NMJD_PHONE" "${OR[@]}" -F 'xml_submission_file=@enc.xml;type=text/xml' \
  -F 'submission.xml.enc=@submission.xml.enc;type=application/octet-stream' \
  -F '9001.jpg.enc=@9001.jpg.enc;type=application/octet-stream' -D headers "$U/openrosa/submission")
expect 201 "$out" "an encrypted submission"
E=$(grep -i '^Location:' headers | sed 's|.*/v1/incidents/\([0-9]*\).*|\1|')
curl -s -H "Authorization: Bearer $OTHER" "$U/v1/incidents/$E" > enc.json
python3 -c "import json; r = json.load(open('enc.json')); assert r['encrypted'] and len(r['files']) == 2 and not r['missing_files'], r" ||
  fail "the encrypted report is not stored whole: $(cat enc.json)"
out=$(call -H "Authorization: Bearer $VER" -H 'Content-Type: application/json' \
  --data-binary '{"status":"verified","reason":"decrypted by the organisation"}' "$U/v1/incidents/$E/status")
expect 201 "$out" "reviewing an encrypted report"
out=$(call "$U/v1/incidents/$E")
expect 404 "$out" "an encrypted report in public"
# An unencrypted instance under the encrypted variant's version is refused.
sed "s/orx:version=\"$VERSION\"/orx:version=\"$EVERSION\"/; s/0000000001/00000000e2/" a.xml > plain-variant.xml
out=$(call --digest -u "$NMJD_PHONE" "${OR[@]}" -F 'xml_submission_file=@plain-variant.xml;type=text/xml' \
  "$U/openrosa/submission")
expect_envelope 400 "$out" "a plain instance of the encrypted variant"

# --- Witness protection ---
# A report its reporter restricted is never public, even once verified.
instance uuid:aaaaaaaa-0000-4000-8000-000000000020 "RESTRICTED-WHOLE-REPORT" | sed 's|<restricted>no|<restricted>yes|' > r.xml
PHONE=$(tok "Demo phone CENADEP-CD")
out=$(call --digest -u "$PHONE" "${OR[@]}" -F 'xml_submission_file=@r.xml;type=text/xml' \
  -D headers "$U/openrosa/submission")
expect 201 "$out" "a restricted report"
RR=$(grep -i '^Location:' headers | sed 's|.*/v1/incidents/\([0-9]*\).*|\1|')
out=$(call -H "Authorization: Bearer $VER" -H 'Content-Type: application/json' \
  --data-binary '{"status":"verified","reason":"x"}' "$U/v1/incidents/$RR/status")
expect 201 "$out" "verifying the restricted report"
out=$(call "$U/v1/incidents/$RR")
expect 404 "$out" "a restricted report in public"
# The submission as received may name its reporter: reviewers only, not the organisation.
out=$(call -H "Authorization: Bearer $MON" "$U/v1/incidents/$A/xml")
expect 403 "$out" "the organisation reading the raw XML"
out=$(call -H "Authorization: Bearer $VER" "$U/v1/incidents/$A/xml")
expect 200 "$out" "a verifier reading the raw XML"
# Paging the public list never stops at a hidden report: a page of one after each public id
# gives the next public one, never an empty page before the end.
python3 - "$U" << 'PY' || fail "public paging reveals hidden reports"
import json, sys, urllib.request
base = sys.argv[1]
ids = [r["id"] for r in json.load(urllib.request.urlopen(base + "/v1/incidents?limit=10000"))["items"]]
for prev, nxt in zip([0] + ids, ids + [None]):
    page = json.load(urllib.request.urlopen(f"{base}/v1/incidents?limit=1&after={prev}"))["items"]
    assert [r["id"] for r in page] == ([nxt] if nxt else []), (prev, page)
PY
# A restricted text through the JSON API, and everything reviewed so that it is public.
out=$(call -H "Authorization: Bearer $MON" -H 'Content-Type: application/json' --data-binary \
  '{"category":"security_force_violence","occurred_on":"2026-02-01","participant":"ZW","location":{"latitude":"-19.971111","longitude":"32.311111"},"description":"RESTRICTED-TEXT-42 the guard named Tendai","description_restricted":true,"reporter":{"name":"Other Secret Name","contact":"me@example.org"}}' \
  "$U/v1/incidents")
expect 201 "$out" "filing through the JSON API"
R=$(python3 -c "import json;print(json.load(open('body'))['id'])")
# With a photo, as the web app's offline form sends it (base64 inside the JSON): stored and
# served back byte for byte; bad data, a non-image type and a path as a name are refused.
head -c 300000 /dev/urandom > photo.jpg
python3 > photo.json <<'PY'
import base64, json
print(json.dumps({"category": "child_labour", "occurred_on": "2026-02-02", "participant": "ZW",
                  "location": {"latitude": "-19.9", "longitude": "32.3"},
                  "description": "children at the washing plant",
                  "photo": {"name": "1700000000000.jpg", "content_type": "image/jpeg",
                            "data": base64.b64encode(open("photo.jpg", "rb").read()).decode()}}))
PY
out=$(call -H "Authorization: Bearer $MON" -H 'Content-Type: application/json' --data-binary @photo.json \
  "$U/v1/incidents")
expect 201 "$out" "filing with a photo through the JSON API"
P=$(python3 -c "import json;print(json.load(open('body'))['id'])")
curl -s -H "Authorization: Bearer $MON" "$U/v1/incidents/$P/files/1700000000000.jpg" -o photo.back
cmp -s photo.jpg photo.back || fail "the photo filed as JSON did not come back byte for byte"
for bad in 'data: "not base64!"' 'content_type: "text/html"' 'name: "../x.jpg"'; do
  python3 - "$bad" > bad.json <<'PY'
import json, sys
doc = json.load(open("photo.json"))
key, value = sys.argv[1].split(": ", 1)
doc["photo"][key] = json.loads(value)
print(json.dumps(doc))
PY
  out=$(call -H "Authorization: Bearer $MON" -H 'Content-Type: application/json' --data-binary @bad.json \
    "$U/v1/incidents")
  expect 400 "$out" "a photo with a bad $bad"
done
for id in "$A" "$R"; do
  out=$(call -H "Authorization: Bearer $MON" -H 'Content-Type: application/json' \
    --data-binary '{"status":"verified","reason":"x"}' "$U/v1/incidents/$id/status")
  expect 403 "$out" "a monitor reviewing"
  out=$(call -H "Authorization: Bearer $VER" -H 'Content-Type: application/json' \
    --data-binary '{"status":"verified","reason":"Confirmed by a second visit"}' "$U/v1/incidents/$id/status")
  expect 201 "$out" "verifying"
done
out=$(call "$U/v1/incidents/$C")
expect 404 "$out" "an unreviewed report in public"
out=$(call -H "Authorization: Bearer $OTHER" "$U/v1/incidents/$C")
expect 404 "$out" "another organisation's unreviewed report"
public=""
for token in "" "$OFFICER" "$OTHER"; do
  auth=()
  [ -n "$token" ] && auth=(-H "Authorization: Bearer $token")
  for path in "/v1/incidents" "/v1/incidents?format=csv" "/v1/incidents?format=geojson" \
      "/v1/incidents?format=kml" "/v1/incidents/$A" "/v1/incidents/$R" "/v1/incidents/$A/history" \
      "/v1/incidents?participant=ZW&category=child_labour" "/v1/sites?format=geojson" \
      "/v1/incidents?status=received" "/v1/incidents?status=verified&from=2020-01-01&to=2030-12-31"; do
    public+=$(curl -s "${auth[@]}" "$U$path")
  done
done
# The list's filters: what they refuse, and that a status the public cannot see gives nothing.
for bad in "status=lost" "from=2026-13-01" "to=yesterday" "from=2026-02-01&to=2026-01-01"; do
  out=$(call "$U/v1/incidents?$bad")
  expect 400 "$out" "GET /v1/incidents?$bad"
done
[ "$(curl -s "$U/v1/incidents?status=received" | python3 -c "import json,sys;print(len(json.load(sys.stdin)['items']))")" = 0 ] ||
  fail "the public sees unreviewed reports through the status filter"
curl -s -H "Authorization: Bearer $VER" "$U/v1/incidents?status=received" | python3 -c "
import json, sys
ids = [r['id'] for r in json.load(sys.stdin)['items']]
assert $C in ids and $A not in ids, ids" || fail "a verifier's status filter does not list the unreviewed report alone"
entries=$(find data/log/public -path '*entries*' -type f)
[ -n "$entries" ] || fail "no public log entries to check"
public+=$(cat $entries | tr -d '\0')
# The xlsx exports, their sheets' text.
for what in incidents sites; do
  curl -s -o "$what.xlsx" "$U/v1/$what?format=xlsx"
  python3 -c "import sys, zipfile; z = zipfile.ZipFile('$what.xlsx'); print(''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml')))" \
    > "$what.xlsx.txt" || fail "the $what xlsx export is not a workbook"
  public+=$(cat "$what.xlsx.txt")
done
grep -q "Children washing gravel" incidents.xlsx.txt || fail "the xlsx export lacks the public report"
for secret in "Secret Witness Name" "+263 555 0199" "Other Secret Name" "me@example.org" \
    "RESTRICTED-TEXT-42" "Witness (demo)" "uuid:aaaaaaaa" "1701.jpg" "19.966123" "32.301456" \
    "19.971111" "Split upload" "Demo phone" "RESTRICTED-WHOLE-REPORT" "Chunked report"; do
  case "$public" in *"$secret"*) echo "$public" | grep -o ".\{200\}$secret.\{100\}" | head -2; fail "a public view or export shows '$secret'" ;; esac
done
case "$public" in *"Children washing gravel"*) ;; *) fail "the verified report is not public" ;; esac
# The same displaced point every time (no averaging).
p1=$(curl -s "$U/v1/incidents/$A" | python3 -c "import json,sys;print(json.load(sys.stdin)['location'])")
p2=$(curl -s "$U/v1/incidents/$A" | python3 -c "import json,sys;print(json.load(sys.stdin)['location'])")
[ "$p1" = "$p2" ] || fail "the public location changes between downloads"
# Reviewers read identities; the organisation does not.
out=$(call -H "Authorization: Bearer $MON" "$U/v1/incidents/$A/reporter")
expect 403 "$out" "the organisation reading an identity"
out=$(call -H "Authorization: Bearer $VER" "$U/v1/incidents/$A/reporter")
expect 200 "$out" "a verifier reading an identity"
grep -q "Secret Witness Name" body || fail "the verifier does not see the identity"

# --- Receipts: the report and its files, proven offline ---
sleep 1.2  # the log integrates every 500 ms
curl -s -H "Authorization: Bearer $MON" "$U/v1/incidents/$A/receipt" > receipt.json
curl -s "$U/v1/log/vkey" > vkey
VKEY=$(python3 -c "import json;print(json.load(open('vkey'))['vkey'])" 2> /dev/null || cat vkey)
"$BIN" monitor verify-receipt receipt.json --log-key "$VKEY" --xml a.xml --file 1701.jpg \
  --file 1702.m4a > verify.out || fail "the receipt does not verify: $(cat verify.out)"
grep -q "^verified" verify.out || fail "no verdict"
set +e
"$BIN" monitor verify-receipt receipt.json --log-key "$VKEY" --xml altered.xml > /dev/null 2>&1
rc=$?
set -e
[ "$rc" = 3 ] || fail "an altered submission passed the receipt check (exit $rc)"
out=$(call -H "Authorization: Bearer $OTHER" "$U/v1/incidents/$A/receipt")
expect 404 "$out" "another organisation's receipt"

# --- Risk flags: the demo's reviewed reports of security forces in Marange meet the expanded
# definition; the public sees it from public reports, explained; thresholds are parameters. ---
curl -s "$U/v1/risk?participant=ZW" > risk.json
python3 - << 'PY' || fail "risk flags: $(head -c 600 risk.json)"
import json
d = json.load(open("risk.json"))
flags = [f for f in d["flags"] if f["definition"] == "systematic-widespread" and f["scope"] == "area"]
assert flags and flags[0]["area"].startswith("Marange") and len(flags[0]["incidents"]) >= 5, d
assert "systematic" in flags[0]["explanation"]
assert {t["name"] for t in d["thresholds"]} >= {"window_days", "kpcs_min_incidents"}
PY
out=$(call "$U/v1/risk?participant=ZW&systematic_min_incidents=1000")
expect 200 "$out" "risk with a stricter threshold"
grep -q systematic-widespread body && fail "a threshold did not apply"
out=$(call "$U/v1/risk?systematic_min_incidents=0")
expect 400 "$out" "a threshold out of range"
# Beside a certificate: its issuer's flags for anyone.
NUMBER=$(curl -s -H "Authorization: Bearer $(tok 'Demo admin')" "$U/v1/certificates?limit=1&format=csv" | sed -n 2p | cut -d, -f1)
out=$(call "$U/v1/certificates/$NUMBER/risk")
expect 200 "$out" "a certificate's risk flags"
grep -q '"participants":\["' body || fail "no participants in a certificate's risk answer"

# Uploads leave nothing behind in the spool.
[ -z "$(ls data/spool)" ] || fail "spool files left: $(ls data/spool)"
echo "openrosa: ok"
