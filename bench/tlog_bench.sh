#!/usr/bin/env bash
# Transparency-log core benchmark: append N small entries (leaf hashes + tiles, every tile written
# to disk as the sequencer writes it) and serve inclusion proofs from the tile files; in the same
# run, the same tree built by Go's golang.org/x/mod/sumdb/tlog (StoredHashes, in memory) over the
# same entries, and `openssl speed sha256` as the hashing limit (each entry costs about two
# SHA-256 of 65 bytes: its leaf and one node).
#
# Tiles are written twice, on two file systems:
#   journaled  a fresh ext4 with a journal (mkfs.ext4 defaults, as Debian installs), in an image
#              file on this disk mounted through a loop device; needs root, skipped otherwise.
#   this disk  the project's own file system (on the reference VM: ext4 *without* a journal).
# Then once more on the journaled one with entry bundles too (BUNDLES=1), for information.
# Usage: bench/tlog_bench.sh [N=10000000] [PROOFS=200000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000000}
proofs=${2:-200000}
. bench/common.sh
bench_setup
command -v go > /dev/null || scripts/install-deps --test
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" GOFLAGS= \
  go build -o "$work/tlogbench" bench/go/tlogbench/main.go
echo "openkp $(git rev-parse --short HEAD), $(nproc) cores, N=$n entries, $proofs proofs"

# On ext4 without a journal the kernel will not reuse an inode freed less than 60 s ago, or 6
# minutes while its inode table is not yet written back (fs/ext4/ialloc.c, recently_deleted()):
# after a previous run deleted its 39 217 tiles, every new file scans past them, ~10x slower. So
# each run writes to a new directory, deletes it only after measuring, and `sync` first writes
# back earlier deletions. A journaled ext4 has no such scan.
runs=()
if [ "$(id -u)" = 0 ] && command -v mkfs.ext4 > /dev/null; then
  img=build/bench/tlog-bench-ext4.img
  mnt="$work/journaled"
  rm -f "$img"
  truncate -s 4G "$img"
  mkfs.ext4 -q -F "$img"
  mkdir -p "$mnt"
  mount -o loop "$img" "$mnt"
  trap 'umount "$mnt" 2>/dev/null; rm -f "$img"; for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
  runs+=("journaled:$mnt/tiles")
else
  echo "(not root: skipping the journaled ext4 run)"
fi
runs+=("this-disk:build/bench/tlog-bench-tiles.$$")
for run in "${runs[@]}"; do
  label=${run%%:*}
  dir=${run#*:}
  sync
  echo "--- tiles on $label ($dir)"
  TILE_DIR="$dir" build/bench/bench/tlog_bench "$n" "$proofs" | tee "$work/openkp-$label.txt"
  rm -rf "$dir" "$dir-probe"
done
if [ -n "${mnt:-}" ]; then
  echo "--- tiles and entry bundles on journaled"
  sync
  BUNDLES=1 TILE_DIR="$mnt/bundles" build/bench/bench/tlog_bench "$n" 1000 | tee "$work/openkp-bundles.txt"
fi
"$work/tlogbench" "$n" "$proofs" | tee "$work/go.txt"
openssl speed -seconds 3 -bytes 64 sha256 2> /dev/null | tee "$work/openssl.txt" | tail -1

go=$(awk '/^go_entries_per_second/ {print $2}' "$work/go.txt")
# openssl prints thousands of bytes per second for 64-byte inputs.
sha_kbps=$(awk '/^sha256/ {v=$NF; sub("k","",v); print v}' "$work/openssl.txt")
for f in "$work"/openkp-*.txt; do
  [ "$(awk '/^openkp_root/ {print $2}' "$f")" = "$(awk '/^go_root/ {print $2}' "$work/go.txt")" ] ||
    { echo "ROOTS DIFFER ($f)"; exit 1; }
done
echo "roots             identical (openkp on every file system, Go x/mod)"
for f in "$work"/openkp-*.txt; do
  label=$(basename "$f" .txt)
  label=${label#openkp-}
  awk -v g="$go" -v k="$sha_kbps" -v label="$label" '
    /^fs_microseconds_per_file/ {fs = $2}
    /^openkp_entries_per_second/ {o = $2}
    /^openkp_proofs_per_second/ {p = $2}
    /^openkp_tiles / {t = $2}
    /^openkp_entry_bundles/ {b = $2}
    END {
      sha = k * 1000 / 64; limit = sha / 2;
      what = b > 0 ? sprintf("%d tiles + %d entry bundles", t, b) : sprintf("%d tiles", t);
      printf "%-10s append %.0f entries/s with %s written = %.2fx Go x/mod %.0f/s (target >= 3x), %.2fx below the SHA-256 limit %.0f/s (target within 5x); file creation %.0f us; proofs %.0f/s from tile files\n", label, o, what, o / g, g, limit / o, limit, fs, p;
      if (fs > 150) printf "WARNING: file creation on %s was slow (%.0f us/file; ~45 us when steady): files deleted in the last minutes? Re-run later.\n", label, fs;
    }' "$f"
done
awk '/^go_proofs_per_second/ {printf "Go x/mod proofs   %.0f/s from all stored hashes in memory\n", $2}' "$work/go.txt"
