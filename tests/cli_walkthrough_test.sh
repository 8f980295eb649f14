#!/usr/bin/env bash
# Runs the README's five-minute walkthrough exactly as written (only the port differs) against the
# real openkp binary and server, then checks the CLI's documented exit codes and that rejected
# commands leave the database unchanged.
set -euo pipefail
BIN=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
mkdir bin && ln -s "$BIN" bin/openkp
export PATH="$work/bin:$PATH"
. "$ROOT/tests/lib.sh"

openkp demo --data data --certificates 300 > demo.out
grep -q "300 certificates" demo.out || fail "demo did not load 300 certificates: $(cat demo.out)"
start_and_wait server.log openkp serve --data data --listen 127.0.0.1:0
server_pid=$started_pid
port=${started_url##*:}

# The walkthrough, as the README has it.
sed -n '/<!-- walkthrough:begin -->/,/<!-- walkthrough:end -->/p' "$ROOT/README.md" |
  sed '/^```/d;/^<!--/d' | sed "s/127.0.0.1:8080/127.0.0.1:$port/g" > walkthrough.sh
[ "$(wc -l < walkthrough.sh)" -gt 10 ] || fail "walkthrough block not found in README.md"
bash -euo pipefail walkthrough.sh > walkthrough.out 2>&1 || { cat walkthrough.out; fail "walkthrough failed"; }
cat walkthrough.out
expect() { grep -q -- "$1" walkthrough.out || fail "walkthrough output lacks: $1"; }
expect "^VALID: BW-"
expect "ok   logged: issued entry"
expect "NOT VALID: BW-.* (voided)"
expect "failure: voided: the log proves it was voided on"
expect "NOT VALID: BW-"
expect "failure: signature"
expect '"failure":"signature"'
expect '"failure":"altered"'
expect '"altered_fields":\["parcels"\]'
expect '"valid":true'
expect '"mismatch": true'
expect '"status": "voided"'
expect "exit code 1"
expect "^number,issuer,destination,status"
expect "BW  *2019  *Y  *23687013.00  *3434616885.00  *145.00"
expect '^,World total,2019,Y,138139370.49,13570535530.16,98.24,,no,'
expect "1 new, 0 revised\|0 new, 1 revised"
expect "^\[revision\] 2024-H1  BW production 2024-H1 (LSM) was revised between vintages 2025-03-03 and 2026-11-01"
expect "^\[nil-after-production\] 2021-H1  AU reported no production"
expect "groups, .* findings"
expect "	explained$"
expect '"state": "answered"'
expect '"state": "closed"'
expect "logged: step .* (sent)"
expect "logged: step .* (answered)"
expect "logged: step .* (accepted)"
expect "matches: questionnaire [0-9]* (3 steps: participant, findings, texts, dates and documents) is the one logged"
expect '"items":\[{"participant":"'

# Exit codes (README "Exit codes") and an unchanged database after each rejected command.
count() { openkp cert list --data data --token "$(sed -n 's/^Demo admin\t//p' data/demo-tokens.txt)" --limit 1 --format json | grep '"total"'; }
before=$(count)
BW=$(sed -n 's/^Demo officer BW\t//p' data/demo-tokens.txt)
EU=$(sed -n 's/^Demo officer EU\t//p' data/demo-tokens.txt)
check_exit() {
  local want=$1; shift
  set +e; "$@" > cmd.out 2>&1; local got=$?; set -e
  [ "$got" = "$want" ] || { cat cmd.out; fail "'$*' exited $got, want $want"; }
  [ "$(count)" = "$before" ] || fail "'$*' changed the database"
}
check_exit 2 openkp cert issue --no-such-flag
check_exit 2 openkp cert
check_exit 3 openkp cert issue --data data --token "$BW" --to EU --origin BW --exporter-name A \
  --exporter-address B --importer-name C --importer-address D --line 7102.31:0:100 --parcels 1
check_exit 3 openkp cert issue --data data --token "$BW" --to EU --origin BW --exporter-name A \
  --exporter-address B --importer-name C --importer-address D --line 7102.31:1.234:100 --parcels 1
check_exit 3 openkp cert issue --data data --token "$BW" --to KE --origin BW --exporter-name A \
  --exporter-address B --importer-name C --importer-address D --line 7102.31:10:100 --parcels 1
check_exit 3 openkp cert issue --data data --token "$BW" --file /dev/null
echo '{"destination":"EU","origin":{"mixed":true,"countries":[]},"exporter":{"name":"A","address":"B"},"importer":{"name":"C","address":"D"},"lines":[{"hs_code":"7102.99","carats_hundredths":1,"value_usd_cents":1}],"parcels":1}' > bad-hs.json
check_exit 3 openkp cert issue --data data --token "$BW" --file bad-hs.json
check_exit 4 openkp cert show NO-SUCH-1 --data data --token "$BW"
check_exit 4 openkp cert list --data nowhere --token "$BW"
check_exit 5 openkp cert issue --data data --token okp_wrong --file bad-hs.json
check_exit 5 env -u OPENKP_TOKEN openkp cert list --data data
check_exit 5 openkp cert void BW-2026-000001 --data data --token "$EU" --reason lost
first=$(openkp cert list --data data --token "$BW" --issuer BW --status confirmed --limit 1 --format csv | sed -n 2p | cut -d, -f1)
check_exit 6 openkp cert void "$first" --data data --token "$BW" --reason lost
check_exit 6 openkp demo --data data
echo '{"certificate": 5}' > junk.json
check_exit 3 openkp cert verify junk.json --keys data/../data/demo-tokens.txt
check_exit 3 openkp cert verify junk.json --data data
openkp keys export --data data > ring.json
check_exit 3 openkp cert verify ring.json --keys ring.json
# Receipts: the log key is required; a receipt for another index, or garbage, is refused.
check_exit 3 openkp cert verify cert.json --keys bw-keys.json --receipt receipt.txt
vkey=$(openkp log vkey --data data)
sed 's/^index .*/index 0/' receipt.txt > wrong-index.txt
check_exit 1 openkp cert verify cert.json --keys bw-keys.json --receipt wrong-index.txt --log-key "$vkey"
check_exit 3 openkp cert verify cert.json --keys bw-keys.json --receipt ring.json --log-key "$vkey"
check_exit 1 openkp cert verify forged.json --keys bw-keys.json --receipt receipt.txt --log-key "$vkey"
# A void receipt proves nothing about another certificate; receipts of events that did not happen
# or do not exist are refused.
check_exit 1 openkp cert verify cert.json --keys bw-keys.json --receipt lost-void.txt --log-key "$vkey"
check_exit 4 openkp cert receipt "$(openkp cert list --data data --token "$BW" --issuer BW --status issued --limit 1 --format csv | sed -n 2p | cut -d, -f1)" --event voided --data data --token "$BW"
check_exit 2 openkp cert receipt "$first" --event shipped --data data --token "$BW"
# Statistics: a file with a bad row is refused whole (exit 3), nothing is imported; bad options
# and thresholds exit 3 too.
sources_before=$(openkp stats sources --data data)
printf 'country,year,half,trade_type,production_type,carats,value_usd\n%s\n%s\n' \
  "Botswana,2025,1,Production,LSM,100.00,1000.00" "Atlantis,2025,1,Production,LSM,1,1" > bad-stats.csv
check_exit 3 openkp stats import --data data bad-stats.csv
grep -q "row 3.*'Atlantis' is not a KP participant" cmd.out || fail "no row error: $(cat cmd.out)"
check_exit 3 openkp stats import --data data bad-stats.csv --vintage yesterday
check_exit 4 openkp stats import --data data no-such-file.csv
[ "$(openkp stats sources --data data)" = "$sources_before" ] || fail "a refused import changed the sources"
check_exit 3 openkp stats anomalies --data data --set change_ratio=-1
check_exit 3 openkp stats anomalies --data data --set colour=red
check_exit 3 openkp stats production --data data --period Q1
check_exit 2 openkp stats production --data data --format pdf
openkp stats exports --data data --format xlsx --output exports.xlsx
[ "$(head -c 2 exports.xlsx)" = "PK" ] || fail "stats exports --format xlsx wrote no workbook"

# Account control from the CLI reaches the running server at once: a new officer's token works,
# is refused once the user is disabled (or its tokens revoked), and a new token works again.
me() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "http://127.0.0.1:$port/v1/me"; }
ZA=$(openkp users add --data data --name "Officer ZA 2" --participant ZA)
za_id=$(openkp users list --data data | awk '/Officer ZA 2/ {print $1}')
[ "$(me "$ZA")" = 200 ] || fail "a new token was refused"
openkp users disable "$za_id" --data data | grep -q "disabled" || fail "users disable said nothing"
openkp users list --data data | grep "Officer ZA 2" | grep -q "disabled since" || fail "list hides disabled"
[ "$(me "$ZA")" = 401 ] || fail "a disabled user's token still works"
openkp users enable "$za_id" --data data > /dev/null
[ "$(me "$ZA")" = 200 ] || fail "an enabled user's token is refused"
openkp users revoke-tokens "$za_id" --data data | grep -q "revoked 1 token" || fail "revoke-tokens"
[ "$(me "$ZA")" = 401 ] || fail "a revoked token still works"
ZA2=$(openkp users token "$za_id" --data data)
[ "$(me "$ZA2")" = 200 ] || fail "a new token for an existing user is refused"
before=$(count)
check_exit 4 openkp users disable 9999 --data data
check_exit 2 openkp users disable abc --data data
check_exit 4 openkp users token 9999 --data data

# Review commands: refused steps change nothing.
AN=$(grep '^Demo analyst' data/demo-tokens.txt | cut -f2)
review_state() { openkp review questionnaires --data data; openkp review findings --data data --limit 1000; }
rbefore=$(review_state | md5sum)
some=$(openkp review findings --data data --state open --limit 1 | sed -n 2p | cut -f3)
closed=$(openkp review questionnaires --data data --state closed | head -1 | cut -f1)
check_exit 5 env -u OPENKP_TOKEN openkp review triage "$some" --action dismiss --note x --data data
check_exit 5 openkp review triage "$some" --action dismiss --note x --data data --token "$BW"
check_exit 3 openkp review triage "$some" --action dismiss --data data --token "$AN"
check_exit 4 openkp review triage nosuchfinding --action dismiss --note x --data data --token "$AN"
check_exit 2 openkp review triage "$some" --action forget --data data --token "$AN"
check_exit 3 openkp review raise --participant BW --finding "$some" --due yesterday --data data --token "$AN"
check_exit 4 openkp review show 9999 --data data
check_exit 6 openkp review answer "$closed" --text late --data data \
  --token "$(sed -n "s/^Demo officer $(openkp review show "$closed" --data data | sed -n 's/.*"participant": "\(..\)".*/\1/p')\t//p" data/demo-tokens.txt)"
check_exit 6 openkp review decide "$closed" --action accept --data data --token "$AN"
check_exit 3 openkp review verify-receipt junk.json --log-key "$(openkp log vkey --data data)"
[ "$(review_state | md5sum)" = "$rbefore" ] || fail "a refused review command changed the record"
# A questionnaire altered after the fact fails its receipts (the walkthrough's q.json).
vk=$(openkp log vkey --data data)
for edit in 's/"participant":"BW"/"participant":"ZW"/' \
  's/"text":"The first figure was provisional."/"text":"We never produced."/' \
  's/"title":"Data anomaly questionnaire"/"title":"Forged"/' 's/"label":"carats /"label":"value /'; do
  sed "$edit" q.json > q-bad.json
  cmp -s q.json q-bad.json && fail "the edit $edit changed nothing"
  check_exit 3 openkp review verify-receipt q-receipts.json --log-key "$vk" --questionnaire q-bad.json
done
python3 -c 'import json,sys; q=json.load(open("q.json")); q["steps"]=q["steps"][1:]; json.dump(q,open("q-bad.json","w"))'
check_exit 3 openkp review verify-receipt q-receipts.json --log-key "$vk" --questionnaire q-bad.json

# Regions, action plans and commitments (docs/REGIONS.md) from the CLI, on the demo's.
openkp region list --data data > regions.out
grep -q "^MRU	region	CI,GN,LR,SL	" regions.out || fail "no MRU in: $(cat regions.out)"
grep -q "^CENTRAL-AFRICA	region	CD,CF,CG,CM,GA	" regions.out ||
  fail "no CENTRAL-AFRICA in: $(cat regions.out)"
openkp region show MRU --data data | grep -q '"name": "Green Advocates"' || fail "MRU's members"
openkp plan list --data data | grep -q "region:CENTRAL-AFRICA	adopted 2019-04-11	4 actions" ||
  fail "the Kinshasa plan is missing"
openkp region dashboard MRU --data data --from 2015 --to 2024 --format csv > mru.csv
grep -q "^production,2019,,[0-9]*\.[0-9][0-9],[0-9]*\.[0-9][0-9]," mru.csv ||
  fail "MRU's 2019 production in the dashboard CSV: $(head -3 mru.csv)"
openkp region dashboard CENTRAL-AFRICA --data data > ca.json
grep -q '"name": "Central Africa"' ca.json || fail "the dashboard as JSON: $(head -c 300 ca.json)"
openkp commitment list --data data --format csv > register.csv
head -1 register.csv | grep -q "^id,type,scope,plan,axis,text,owner," || fail "register CSV header"
grep -q "Zimbabwe Consolidated Diamond Company (ZCDC)" register.csv || fail "ZCDC's commitment"
openkp commitment list --data data --format xlsx --out register.xlsx
[ "$(head -c 2 register.xlsx)" = PK ] || fail "register.xlsx is no workbook"
before=$(count)  # check_exit: no certificate changes either
register_before=$(openkp commitment list --data data --type all --format csv | md5sum)
cat > bad-commitment.json <<'JSON'
{"text": "Fence the pits", "owner": "A company", "promised_to": "Villagers",
 "made_on": "2026-01-10", "due_on": "2027-01-10"}
JSON
check_exit 3 openkp commitment add --data data --file bad-commitment.json  # no source
check_exit 3 openkp commitment status 1 --data data --status implemented   # no source
check_exit 3 openkp region add --data data --file bad-commitment.json       # not a region
[ "$(openkp commitment list --data data --type all --format csv | md5sum)" = "$register_before" ] ||
  fail "a refused command changed the register"
sed 's/"due_on"/"source": "minutes", "due_on"/' bad-commitment.json > commitment.json
openkp commitment add --data data --file commitment.json | grep -q "^commitment [0-9]*$" ||
  fail "commitment add"

# --help works on every command.
for cmd in "" init demo serve keys "keys generate" "keys rotate" "keys revoke" "keys list" \
  "keys export" users "users add" "users list" "users disable" "users enable" "users token" \
  "users revoke-tokens" participants "participants list" cert \
  "cert issue" "cert show" "cert verify" "cert confirm" "cert void" "cert list" "cert receipt" \
  review "review findings" "review triage" "review raise" "review questionnaires" "review show" \
  "review answer" "review decide" "review list-non-respondent" "review non-respondents" \
  "review verify-receipt" "review visits" "review recommendations" \
  log "log vkey" "log audit" stats "stats import" "stats sources" "stats diff" \
  "stats production" "stats exports" "stats imports" "stats anomalies" "stats thresholds" \
  region "region list" "region show" "region add" "region update" "region dashboard" plan \
  "plan list" "plan show" \
  "plan add" "plan add-action" commitment "commitment list" "commitment add" \
  "commitment status" "commitment assess" "commitment progress"; do
  # shellcheck disable=SC2086
  openkp $cmd --help > help.out || fail "openkp $cmd --help failed"
  grep -q "Usage" help.out || fail "openkp $cmd --help printed no usage"
done

# Private key files are 0600 in a 0700 directory.
[ "$(stat -c %a data/keys)" = 700 ] || fail "key directory is not 0700"
for f in data/keys/*.key; do [ "$(stat -c %a "$f")" = 600 ] || fail "$f is not 0600"; done
echo "cli walkthrough: all checks passed"
