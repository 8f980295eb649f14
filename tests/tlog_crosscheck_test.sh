#!/usr/bin/env bash
# Third-party check of openkp's transparency-log core: Go's golang.org/x/mod/sumdb/tlog (built
# offline in GOPATH mode from Debian's packages) and openkp's tlog must print identical roots,
# inclusion proofs, consistency proofs and tiles (tests/tlog_vectors.cpp, tests/go/tlogvectors).
set -euo pipefail
VECTORS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/cache" GOFLAGS= \
  go build -o "$work/tlogvectors" "$HERE/go/tlogvectors/main.go"
"$work/tlogvectors" > "$work/go.txt"
"$VECTORS" > "$work/openkp.txt"
lines=$(wc -l < "$work/go.txt")
[ "$lines" -gt 500 ] || { echo "FAIL: Go printed only $lines lines"; exit 1; }
if ! diff -u "$work/go.txt" "$work/openkp.txt" > "$work/diff.txt"; then
  head -40 "$work/diff.txt"
  echo "FAIL: openkp and golang.org/x/mod/sumdb/tlog disagree"
  exit 1
fi
echo "tlog crosscheck: $lines identical lines (roots, proofs, tiles) from Go's x/mod and openkp"
