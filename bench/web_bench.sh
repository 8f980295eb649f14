#!/usr/bin/env bash
# Web page benchmark (issue 15): what a field user on a slow link loads first, and how soon the
# verification form is usable. Prints the page's bytes as served and gzip-compressed (the
# target counts compressed JS+CSS: the verification page at most 60 KB, any page at most 250 KB;
# the page is one self-contained HTML file with its script and styles inline, so its compressed
# size is the figure), then bench/web_bench.mjs's time to usable over an emulated slow 3G link
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
curl -s "$url/" -o "$work/index.html"
raw=$(wc -c < "$work/index.html")
gz=$(gzip -9 -c "$work/index.html" | wc -c)
served=$(curl -s -H 'Accept-Encoding: gzip, br' -o /dev/null -w '%{size_download}' "$url/")
printf 'page /            %d bytes as served (%d with Accept-Encoding: gzip), %d gzip -9 (%.1f KB; target <= 60 KB compressed)\n' \
  "$raw" "$served" "$gz" "$(echo "$gz / 1024" | bc -l)"
cp bench/web_bench.mjs tests/js/.web_bench.mjs
trap 'rm -f tests/js/.web_bench.mjs; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
node tests/js/.web_bench.mjs "$url"
