#!/usr/bin/env bash
# The review dossier read back by the tools a reader would use: the .docx unzips to well-formed
# OOXML (xmllint) that pandoc reads back with the figures in it; the PDF's text (pdftotext) holds
# the same figures, in French; the HTML is self-contained. Then who may get a dossier.
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
new_work_dir
cd "$work"
serve_demo 200
url=$started_url
tok() { sed -n "s/^$1\t//p" data/demo-tokens.txt; }
RV=$(tok "Demo reviewer")
get() { curl -s -o "$1" -w '%{http_code}' -H "Authorization: Bearer $2" "$url$3"; }

# Zimbabwe's 2019 production in the real KP statistics, as the JSON dossier gives it.
[ "$(get d.json "$RV" "/v1/dossiers/ZW?from=2015&to=2026")" = 200 ] || fail "json: $(cat d.json)"
carats=$(python3 -c 'import json; d=json.load(open("d.json")); print([r["carats"] for r in d["statistics"]["production"] if r["year"]==2019][0])')
[ -n "$carats" ] || fail "no 2019 production in the dossier"
python3 - << 'PY' || fail "the JSON dossier lacks a section or holds a float"
import json
d = json.load(open("d.json"))
for k in ("statistics", "certificates", "findings", "monitoring", "reviews"):
    assert k in d, k
def walk(v):
    if isinstance(v, float): raise SystemExit("float: %r" % v)
    if isinstance(v, dict): [walk(x) for x in v.values()]
    if isinstance(v, list): [walk(x) for x in v]
walk(d)
assert d["reviews"]["recommendations"], "the demo's recommendations"
PY

# .docx: valid OOXML, read back by pandoc.
[ "$(get d.docx "$RV" "/v1/dossiers/ZW?from=2015&to=2026&format=docx")" = 200 ] || fail "docx: $(cat d.docx)"
mkdir docx && (cd docx && unzip -q ../d.docx)
xmllint --noout docx/word/document.xml docx/'[Content_Types].xml' || fail "docx XML is not well-formed"
pandoc -f docx -t plain --wrap=none d.docx > docx.txt
grep -q "Review dossier: Zimbabwe (ZW)" docx.txt || fail "docx title"
grep -q "$carats" docx.txt || fail "docx lacks the 2019 production $carats"
grep -q "Train the mines" docx.txt || fail "docx lacks the recommendations"

# PDF in French: its text holds the same figure.
[ "$(get d.pdf "$RV" "/v1/dossiers/ZW?from=2015&to=2026&format=pdf&lang=fr")" = 200 ] || fail "pdf: $(head -c 300 d.pdf)"
head -c 5 d.pdf | grep -q "%PDF-" || fail "not a PDF"
pdftotext d.pdf pdf.txt
grep -q "Dossier d'examen" pdf.txt || fail "pdf title in French"
grep -q "$carats" pdf.txt || fail "pdf lacks the 2019 production $carats"

# HTML: no scripts, nothing loaded from elsewhere.
[ "$(get d.html "$RV" "/v1/dossiers/ZW?format=html")" = 200 ] || fail "html"
! grep -qi "<script\|src=\|href=" d.html || fail "the HTML dossier loads or runs something"

# Who may: the participant's officers, analysts, admins and the reviewers of that participant.
code() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$url$2"; }
[ "$(code "$(tok "Demo officer ZW")" /v1/dossiers/ZW)" = 200 ] || fail "ZW officer"
[ "$(code "$(tok "Demo officer BW")" /v1/dossiers/ZW)" = 403 ] || fail "BW officer on ZW"
[ "$(code "$(tok "Demo analyst")" /v1/dossiers/BW)" = 200 ] || fail "analyst"
[ "$(code "$RV" /v1/dossiers/BW)" = 403 ] || fail "a reviewer of ZW on BW"
[ "$(code "$(tok "Demo monitor CNRG-ZW")" /v1/dossiers/ZW)" = 403 ] || fail "monitor"
[ "$(code "" /v1/dossiers/ZW)" = 401 ] || fail "anonymous"
[ "$(code "$RV" "/v1/dossiers/ZW?from=2020&to=2010")" = 400 ] || fail "from > to"
[ "$(code "$RV" "/v1/dossiers/ZW?lang=de")" = 400 ] || fail "lang"
[ "$(code "$RV" "/v1/dossiers/ZW?format=txt")" = 400 ] || fail "format"
[ "$(code "$(tok "Demo analyst")" /v1/dossiers/XX)" = 404 ] || fail "unknown participant"
# The final report is public and provable: its stage document hashes to a logged entry.
vk=$("$BIN" log vkey --data data)
curl -s "$url/v1/reviews/1" > review.json
curl -s "$url/v1/reviews/1/receipts" > review-receipts.json
"$BIN" review verify-receipt review-receipts.json --log-key "$vk" --review review.json > v.out ||
  fail "the public review does not verify: $(cat v.out)"
grep -q "matches: review 1 (1 stage documents" v.out || fail "public: $(cat v.out)"
# The team holds every stage's document.
curl -s -H "Authorization: Bearer $RV" "$url/v1/reviews/1" > team.json
curl -s -H "Authorization: Bearer $RV" "$url/v1/reviews/1/receipts" > team-receipts.json
"$BIN" review verify-receipt team-receipts.json --log-key "$vk" --review team.json > v.out ||
  fail "the team's review does not verify: $(cat v.out)"
grep -q "matches: review 1 (7 stage documents" v.out || fail "team: $(cat v.out)"
# An altered report fails.
sed 's/three recommendations/two recommendations/' review.json > forged.json
cmp -s review.json forged.json && fail "the forgery changed nothing"
set +e
"$BIN" review verify-receipt review-receipts.json --log-key "$vk" --review forged.json > v.out 2>&1
rc=$?
set -e
[ "$rc" = 3 ] || fail "a forged final report gave exit $rc: $(cat v.out)"
echo "dossier: ok"
