#!/usr/bin/env bash
# The coalition's work end to end on the demo (the real 2019 report entered as data): an editor
# records an activity, the report is regenerated and read back by the tools a reader would use
# (pandoc reads the .docx, pdftotext the PDF, Chromium loads the HTML without a console error),
# the IATI files validate against the official 2.03 schema (xmllint), a spreadsheet with bad
# rows is refused row by row and nothing stored, and a final report's hash is in the log.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SCHEMA="$ROOT/tests/fixtures/iati-2.03/iati-activities-schema.xsd"
. "$HERE/lib.sh"
new_work_dir
cd "$work"
serve_demo 100
url=$started_url
tok() { sed -n "s/^$1\t//p" data/demo-tokens.txt; }
CO=$(tok "Demo coalition coordinator")
ED=$(tok "Demo ZELA editor")
VI=$(tok "Demo coalition viewer")
[ -n "$CO" ] && [ -n "$ED" ] && [ -n "$VI" ] || fail "demo coalition tokens missing"
get() {
  if [ -n "$2" ]; then
    curl -s -o "$1" -w '%{http_code}' -H "Authorization: Bearer $2" "$url$3"
  else
    curl -s -o "$1" -w '%{http_code}' "$url$3"
  fi
}
post() { curl -s -o "$1" -w '%{http_code}' -H "Authorization: Bearer $2" -H "Content-Type: ${4:-application/json}" --data-binary "@$3" "$url$5"; }

# An editor of ZELA records a training; it is version 1 with a ref of its own.
cat > a.json << 'EOF2'
{"type": "training", "title": {"en": "Community monitors trained in Chiadzwa",
 "fr": "Formation de moniteurs communautaires à Chiadzwa"},
 "description": {"en": "Two days on documenting the impacts of diamond mining."},
 "start_on": "2019-12-12", "end_on": "2019-12-13", "place": {"country": "ZW", "town": "Chiadzwa"},
 "members": ["ZELA"], "participants": {"total": 42, "women": 19}}
EOF2
[ "$(post r.json "$ED" a.json application/json /v1/activities)" = 201 ] || fail "record: $(cat r.json)"
REF=$(python3 -c 'import json; print(json.load(open("r.json"))["ref"])')
case "$REF" in ZELA-2019-*) ;; *) fail "ref $REF" ;; esac
# ... but not one CNRG leads; a viewer records nothing; bad input names its field.
sed 's/"ZELA"/"CNRG"/' a.json > cnrg.json
[ "$(post r.json "$ED" cnrg.json application/json /v1/activities)" = 403 ] || fail "editor for CNRG"
[ "$(post r.json "$VI" a.json application/json /v1/activities)" = 403 ] || fail "viewer records"
sed 's/2019-12-13/2019-02-30/' a.json > bad.json
[ "$(post r.json "$ED" bad.json application/json /v1/activities)" = 400 ] || fail "bad date"
grep -q '"field":"end_on"' r.json || fail "bad date names end_on: $(cat r.json)"
sed 's/"ZELA"/"NOBODY"/' a.json > bad.json
[ "$(post r.json "$CO" bad.json application/json /v1/activities)" = 400 ] || fail "unknown member"
grep -q '"field":"members\[0\]"' r.json || fail "unknown member: $(cat r.json)"
sed 's/"training"/"training", "kp_bodies": ["wg-of-nothing"]/' a.json > bad.json
[ "$(post r.json "$CO" bad.json application/json /v1/activities)" = 400 ] || fail "unknown KP body"

# The 2019 report: JSON, HTML in Chromium, .docx through pandoc, PDF through pdftotext.
sections=("General Issues" "Participation in KP Meetings and Working Groups" "KP CSC Internal Planning"
  "National level Events and Initiatives" "Research, Publications and Press Releases")
samples=("Alternative Mining Indaba" "Real Care is Rare" "Action Mines Guinea" "Community monitors trained in Chiadzwa"
  "Kinshasa")
[ "$(get report.json "$VI" "/v1/coalition/reports/2019")" = 200 ] || fail "report json: $(cat report.json)"
python3 - << 'PY' || fail "the JSON report"
import json
d = json.load(open("report.json"))
keys = [s["key"] for s in d["sections"]]
assert keys == ["introduction", "general", "kp-meetings", "internal", "national", "research"], keys
national = [g["title"] for s in d["sections"] if s["key"] == "national" for g in s["groups"]]
for country in ("Zimbabwe", "Liberia", "Lesotho", "Guinea", "Cameroon", "Sierra Leone", "Belgium"):
    assert country in national, (country, national)
assert d["people_trained"] >= 42, d["people_trained"]
PY
[ "$(get report.html "$CO" "/v1/coalition/reports/2019?format=html")" = 200 ] || fail "report html"
! grep -qi "<script\|src=" report.html || fail "the HTML report loads or runs something"
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/chrome" \
  --enable-logging=stderr --v=0 --dump-dom "$url/v1/coalition/reports/2019?format=html" \
  > /dev/null 2> chrome.log || true
# The report route needs a token, which a plain browser load does not send: load the file.
chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$work/chrome" \
  --enable-logging=stderr --v=0 --dump-dom "file://$work/report.html" > dom.html 2> chrome.log
! grep -q "CONSOLE" chrome.log || fail "console messages: $(grep CONSOLE chrome.log)"
for s in "${sections[@]}"; do grep -qF "$s" dom.html || fail "HTML lacks '$s'"; done
[ "$(get report.docx "$CO" "/v1/coalition/reports/2019?format=docx")" = 200 ] || fail "docx: $(head -c 300 report.docx)"
pandoc -f docx -t plain --wrap=none report.docx > docx.txt
for s in "${sections[@]}" "${samples[@]}"; do grep -qF "$s" docx.txt || fail "docx lacks '$s'"; done
[ "$(get report.pdf "$CO" "/v1/coalition/reports/2019?format=pdf")" = 200 ] || fail "pdf: $(head -c 300 report.pdf)"
pdftotext -raw report.pdf pdf.txt
tr '\n' ' ' < pdf.txt > pdf-line.txt
for s in "${sections[@]}" "${samples[@]}"; do grep -qF "$s" pdf-line.txt || fail "pdf lacks '$s'"; done
# In French.
[ "$(get rapport.pdf "$CO" "/v1/coalition/reports/2019?format=pdf&lang=fr")" = 200 ] || fail "pdf fr"
pdftotext -raw rapport.pdf - | tr '\n' ' ' > rapport.txt
grep -qF "Recherche, publications et communiqués de presse" rapport.txt || fail "French section"
grep -qF "Formation de moniteurs communautaires" rapport.txt || fail "French title"
# The public and other roles do not get a draft.
[ "$(get x "" "/v1/coalition/reports/2019")" = 401 ] || fail "anonymous draft"
[ "$(get x "$(tok "Demo officer ZW")" "/v1/coalition/reports/2019")" = 403 ] || fail "officer draft"
[ "$(get x "$CO" "/v1/coalition/reports/2019?lang=de")" = 400 ] || fail "lang de"

# IATI 2.03: the coalition's file and a member's, valid against the official schema.
[ "$(get iati.xml "" "/v1/activities?year=2019&format=iati")" = 200 ] || fail "iati: $(cat iati.xml)"
xmllint --noout --schema "$SCHEMA" iati.xml || fail "the coalition's IATI file is not valid"
[ "$(get zela.xml "" "/v1/activities?member=ZELA&format=iati")" = 200 ] || fail "iati zela"
xmllint --noout --schema "$SCHEMA" zela.xml || fail "ZELA's IATI file is not valid"
python3 - << 'PY' || fail "IATI identifiers or codes"
import xml.etree.ElementTree as ET
# Each activity is published once, by its lead: the coalition's file holds the coalition's.
for f, prefix in (("iati.xml", "XI-OPENKP-DEMO-KPCSC-CSC-"), ("zela.xml", "XI-OPENKP-DEMO-ZELA-ZELA-")):
    acts = ET.parse(f).getroot().findall("iati-activity")
    assert acts, f
    for a in acts:
        ident = a.findtext("iati-identifier")
        assert ident and ident.strip() == ident and ident.startswith(prefix), ident
        assert a.find("activity-status").get("code") in "123456", ident
        for d in a.findall("activity-date"):
            assert d.get("type") in ("1", "2", "3", "4"), ident
        for o in a.findall("participating-org"):
            assert o.get("role") in ("1", "2", "3", "4") and o.findtext("narrative"), ident
        assert a.find("title/narrative").text, ident
assert "Chiadzwa" in open("zela.xml").read()
PY
# The public's lists hold public activities only; coalition people see the others too.
pub=$(curl -s "$url/v1/activities?year=2020" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["activities"]))')
all=$(curl -s -H "Authorization: Bearer $VI" "$url/v1/activities?year=2020" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["activities"]))')
[ "$pub" -lt "$all" ] || fail "public $pub, coalition $all: the demo has private activities"
# The public sees the members, never the names of the people who recorded for them.
curl -s "$url/v1/activities?year=2019" > pub.json
! grep -q '"recorded_by"' pub.json || fail "the public sees who recorded activities"
grep -q '"recorded_by"' <(curl -s -H "Authorization: Bearer $VI" "$url/v1/activities?year=2019") ||
  fail "coalition people see who recorded"
# CSV and xlsx open data.
[ "$(get acts.csv "" "/v1/activities?year=2019&format=csv")" = 200 ] || fail "csv"
head -1 acts.csv | grep -q "^ref,type,kp_bodies" || fail "csv header"
[ "$(get acts.xlsx "" "/v1/activities?year=2019&format=xlsx")" = 200 ] || fail "xlsx"
head -c 2 acts.xlsx | grep -q PK || fail "xlsx is not a zip"

# Import: bad rows refused row by row, nothing stored; then the valid ones on request.
printf 'type,title_en,start_on,members,participants\ncommunity-meeting,Meeting in Zimunya,2019-10-02,ZELA,60\ntraining,Bad date,2019-13-01,ZELA,\n' > in.csv
before=$(curl -s -H "Authorization: Bearer $VI" "$url/v1/activities?year=2019&format=csv" | wc -l)
[ "$(post r.json "$ED" in.csv text/csv "/v1/activities/import")" = 200 ] || fail "preview: $(cat r.json)"
grep -q '"valid":1,"invalid":1' r.json || fail "preview counts: $(cat r.json)"
[ "$(post r.json "$ED" in.csv text/csv "/v1/activities/import?store=true")" = 422 ] || fail "store with bad rows: $(cat r.json)"
grep -q '"field":"start_on"' r.json || fail "the bad row's field: $(cat r.json)"
[ "$(curl -s -H "Authorization: Bearer $VI" "$url/v1/activities?year=2019&format=csv" | wc -l)" = "$before" ] ||
  fail "a refused import stored something"
[ "$(post r.json "$ED" in.csv text/csv "/v1/activities/import?store=true&valid_only=true")" = 201 ] || fail "valid only: $(cat r.json)"
[ "$(post r.json "$ED" in.csv text/plain "/v1/activities/import")" = 400 ] || fail "media type: $(cat r.json)"

# A file with the activity: stored as sent, read back by anyone who sees the activity.
printf '%%PDF-1.4\nattendance list\n' > list.pdf
[ "$(post r.json "$ED" list.pdf application/pdf "/v1/activities/$REF/documents?name=attendance.pdf")" = 201 ] ||
  fail "document: $(cat r.json)"
DOC=$(python3 -c 'import json; print(json.load(open("r.json"))["id"])')
[ "$(get got.pdf "" "/v1/activities/$REF/documents/$DOC")" = 200 ] || fail "document download"
cmp -s list.pdf got.pdf || fail "the document changed"
head -c $((10 * 1024 * 1024 + 10)) /dev/zero | tr '\0' 'x' | sed '1s/^/%PDF-/' > big.pdf
[ "$(post r.json "$ED" big.pdf application/pdf "/v1/activities/$REF/documents?name=big.pdf")" = 413 ] ||
  fail "oversized document: $(head -c 300 r.json)"
[ "$(post r.json "$ED" list.pdf application/zip "/v1/activities/$REF/documents?name=list.zip")" = 400 ] ||
  fail "zip document: $(cat r.json)"

# A correction is a new version; the history keeps both.
sed 's/"total": 42/"total": 43/' a.json > fix.json
[ "$(post r.json "$ED" fix.json application/json "/v1/activities/$REF/versions")" = 201 ] || fail "correct: $(cat r.json)"
[ "$(get h.json "" "/v1/activities/$REF/versions")" = 200 ] || fail "history"
python3 -c 'import json; v=json.load(open("h.json"))["versions"]; assert [x["participants"]["total"] for x in v]==[42,43], v' ||
  fail "history: $(cat h.json)"

# The final report: the coordinator publishes it; anyone reads it and proves its hash.
curl -s -X POST -H "Authorization: Bearer $VI" -o r.json -w '%{http_code}' "$url/v1/coalition/reports/2019/final" | grep -q 403 ||
  fail "a viewer finalises"
code=$(curl -s -X POST -H "Authorization: Bearer $CO" -o final.json -w '%{http_code}' "$url/v1/coalition/reports/2019/final")
[ "$code" = 201 ] || fail "final: $(cat final.json)"
ID=$(python3 -c 'import json; print(json.load(open("final.json"))["id"])')
SHA=$(python3 -c 'import json; print(json.load(open("final.json"))["sha256"])')
[ "$(get final.html "" "/v1/coalition/finals/$ID")" = 200 ] || fail "final html"
# A final's PDF is rendered once, then served as it is.
[ "$(get final1.pdf "" "/v1/coalition/finals/$ID?format=pdf")" = 200 ] || fail "final pdf"
[ "$(get final2.pdf "" "/v1/coalition/finals/$ID?format=pdf")" = 200 ] || fail "final pdf again"
cmp -s final1.pdf final2.pdf || fail "the final PDF was rendered twice"
[ "$(sha256sum final.html | cut -d' ' -f1)" = "$SHA" ] || fail "the final HTML does not hash to its logged sha256"
sleep 2
[ "$(get receipt.txt "" "/v1/coalition/finals/$ID/receipt")" = 200 ] || fail "receipt: $(cat receipt.txt)"
vk=$("$BIN" log vkey --data data)
"$BIN" coalition verify-receipt receipt.txt --log-key "$vk" --report final.html > v.out ||
  fail "the final report does not verify: $(cat v.out)"
grep -q "matches: final report $ID" v.out || fail "verify: $(cat v.out)"
sed 's/Action Mines Guinea/Action Mines Guinee/' final.html > forged.html
set +e
"$BIN" coalition verify-receipt receipt.txt --log-key "$vk" --report forged.html > v.out 2>&1
rc=$?
set -e
[ "$rc" = 3 ] || fail "a forged report gave exit $rc: $(cat v.out)"
# The CLI regenerates the same report from the data directory.
"$BIN" coalition report --data data --year 2019 --format html --out cli.html
grep -qF "Community monitors trained in Chiadzwa" cli.html || fail "CLI report"
echo "coalition: ok"
