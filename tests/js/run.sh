#!/usr/bin/env bash
# Issues certificates with the real openkp binary, then verifies them with Node (verify.mjs).
set -euo pipefail
BIN=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
[ -d "$HERE/node_modules/canonicalize" ] || (cd "$HERE" && npm ci --no-audit --no-fund)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN" init --data "$work/data" > /dev/null
"$BIN" keys generate --data "$work/data" --participant BW > /dev/null
"$BIN" keys generate --data "$work/data" --participant EU > /dev/null
BW=$("$BIN" users add --data "$work/data" --name "Officer BW" --participant BW)
EU=$("$BIN" users add --data "$work/data" --name "Officer EU" --participant EU)
"$BIN" cert issue --data "$work/data" --token "$BW" --to EU --origin BW \
  --exporter-name "Okavango Diamond Company" --exporter-address "Plot 63, Gaborone" \
  --importer-name "Antwerp Rough NV" --importer-address "Hoveniersstraat 2, Antwerp" \
  --line 7102.31:1250.50:380000 --line 7102.21:300:9000 --line 7102.10:12.05:99.99 \
  --parcels 3 --out "$work/c1.json" > /dev/null
# Non-ASCII, quotes, backslashes and control-free escapes exercise RFC 8785 string rules.
"$BIN" cert issue --data "$work/data" --token "$EU" --to BW --origin mixed --origin CD --origin ZA \
  --exporter-name 'Société Anversoise "Diamants" \ Ltd' --exporter-address 'Rue de l’Anneau 7, 2018 Antwerpen' \
  --importer-name 'Ντάιαμοντ 钻石 💎 Trading' --importer-address 'Private Bag 0099, Gaborone' \
  --line 7102.31:0.01:0.01 --parcels 1 --number EU-BE-2026-77 --out "$work/c2.json" > /dev/null
"$BIN" cert issue --data "$work/data" --token "$BW" --to EU --origin mixed \
  --exporter-name X --exporter-address Y --importer-name Z --importer-address W \
  --line 7102.10:999999999.99:9999999999.99 --parcels 100000 --out "$work/c3.json" > /dev/null
"$BIN" keys export --data "$work/data" > "$work/keyring.json"
cd "$HERE"
OPENKP_CERTS="$work/c1.json:$work/c2.json:$work/c3.json" OPENKP_KEYRING="$work/keyring.json" \
  node --test verify.test.mjs
