#!/usr/bin/env bash
# Web page benchmark (issue 15): what a field user on a slow link loads first, and how soon the
# verification form is usable. Prints the page's bytes as served and gzip-compressed (the
# target counts compressed JS+CSS: the verification page at most 60 KB, any page at most 250 KB;
# the page and the hashed assets it loads, as the server sends them with gzip), then
# bench/web_bench.mjs's time to usable over an emulated slow 3G link
# (target under 5 s) beside loopback.
# Usage: bench/web_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_setup
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
"$bin" demo --data "$work/data" --certificates 200 > /dev/null
start_openkp "$work/data"
url="http://127.0.0.1:$port"
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores"
# The page and every asset it names, as served to a client that takes gzip: what a field user
# downloads first (the verification page's JS+CSS+HTML).
total=0
raw_total=0
for path in / $(curl -s "$url/" | grep -o '"/assets/[^"]*"' | tr -d '"'); do
  raw=$(curl -s -o /dev/null -w '%{size_download}' "$url$path")
  served=$(curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$url$path")
  printf '%-28s %7d bytes, %7d as served with gzip\n' "$path" "$raw" "$served"
  total=$((total + served))
  raw_total=$((raw_total + raw))
done
printf 'verification page: %d bytes, %d compressed as served (%.1f KB; target <= 60 KB); ratio %.2f\n' \
  "$raw_total" "$total" "$(echo "$total / 1024" | bc -l)" "$(echo "$total / $raw_total" | bc -l)"
# A certificate's QR code as a photo would give it (tests/js's qrcode package draws the PNG).
BW=$(sed -n 's/^Demo officer BW\t//p' "$work/data/demo-tokens.txt")
number=$(curl -s -H "Authorization: Bearer $BW" "$url/v1/certificates?limit=1" |
  sed -n 's/.*"number":"\([^"]*\)".*/\1/p' | head -1)
sleep 1  # the log integrates within 500 ms: its receipt exists
curl -s -H "Authorization: Bearer $BW" "$url/v1/certificates/$number/qr" -o "$work/qr.bin"
(cd tests/js && node -e "
  const fs = require('fs'); const QRCode = require('qrcode');
  QRCode.toFile(process.argv[2], [{ data: new Uint8ClampedArray(fs.readFileSync(process.argv[1])), mode: 'byte' }],
    { errorCorrectionLevel: 'M', scale: 4, margin: 4 }).catch((e) => { console.error(e); process.exit(1); });
" "$work/qr.bin" "$work/qr.png")
echo "QR code of $number: $(wc -c < "$work/qr.bin") bytes"
cp bench/web_bench.mjs tests/js/.web_bench.mjs
trap 'rm -f tests/js/.web_bench.mjs; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
node tests/js/.web_bench.mjs "$url" "$work/qr.png"
