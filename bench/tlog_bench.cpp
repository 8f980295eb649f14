// Log core benchmark: N small entries appended (leaf hash + incremental tiles, the sequencer's
// per-entry work) with every tile written to disk, then inclusion proofs from the tile files.
// Prints rates for bench/tlog_bench.sh, which compares them with Go's x/mod tlog and `openssl speed
// sha256`.
//
//   tlog_bench [N=10000000] [PROOFS=200000]
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <utility>

#include "tlog/merkle.h"
#include "tlog/tile.h"
#include "transparency/tile_store.h"

using namespace openkp::tlog;
using Clock = std::chrono::steady_clock;

// Microseconds to create one 8 KiB file the way a tile is created (temporary file + rename; no
// sync), over 2 000 files in `dir`, which is left in place: on ext4 without a journal, deleting
// many files shortly before makes creation several times slower (see bench/tlog_bench.sh).
static double FileCreationMicros(const std::string& dir) {
  const std::string data(8192, 'p');
  std::filesystem::create_directories(dir);
  const auto t0 = Clock::now();
  for (int i = 0; i < 2000; ++i) {
    const std::string path = dir + "/" + std::to_string(i);
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || ::write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size())) {
      return -1;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) return -1;
  }
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / 2000;
}

int main(int argc, char** argv) {
  const uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  const uint64_t proofs = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200'000;
  // Tiles go to files in TILE_DIR as the sequencer writes them (DirectoryTileStore: a writer
  // thread creates each file while this one hashes; one Sync at the end).
  const char* dir = std::getenv("TILE_DIR");
  const std::string tile_dir = dir ? dir : "/tmp/openkp-tlog-bench";
  std::printf("fs_microseconds_per_file %.1f\n", FileCreationMicros(tile_dir + "-probe"));
  auto files = openkp::transparency::OpenDirectoryTileStore(tile_dir);
  uint64_t tile_count = 0, tile_bytes = 0;
  const TileBuilder::TileSink keep = [&](const Tile& t, std::string data) -> openkp::core::Status {
    ++tile_count;
    tile_bytes += data.size();
    return files->Put(TilePath(t), std::move(data));
  };
  // With BUNDLES=1, entry bundles too, as the sequencer writes them (every 256 entries, each with
  // its length): twice the files and three times the bytes. Go's StoredHashes, the baseline,
  // keeps hashes only, so the comparison is made without them.
  const bool bundles =
      std::getenv("BUNDLES") != nullptr && std::string(std::getenv("BUNDLES")) == "1";
  uint64_t bundle_count = 0;
  std::string bundle;
  const auto put_bundle = [&](uint64_t index, int width) {
    ++bundle_count;
    tile_bytes += bundle.size();
    return files->Put(EntriesPath(index, width), std::exchange(bundle, std::string()));
  };
  // A small entry (59 bytes; the log's JSON entries are ~150): "entry " + 20 digits + dots, the
  // same bytes in Go's bench, made the same cheap way there (no printf in the timed loop).
  char entry[] = "entry 00000000000000000000 ................................";
  const auto t0 = Clock::now();
  TileBuilder builder;
  for (uint64_t i = 0; i < n; ++i) {
    for (uint64_t pos = 25, v = i; pos >= 6; --pos, v /= 10) {
      entry[pos] = static_cast<char>('0' + v % 10);
    }
    const std::string_view e(entry, sizeof entry - 1);  // 59 bytes
    if (!builder.Append(LeafHash(e), keep).ok()) return 1;
    if (!bundles) continue;
    if (bundle.empty()) bundle.reserve(kTileWidth * (e.size() + 2));
    bundle.push_back(static_cast<char>(e.size() >> 8));
    bundle.push_back(static_cast<char>(e.size() & 0xFF));
    bundle.append(e);
    if ((i + 1) % kTileWidth == 0 && !put_bundle(i / kTileWidth, 0).ok()) return 1;
  }
  if (!builder.EmitPartialTiles(keep).ok()) return 1;
  if (bundles && n % kTileWidth != 0 &&
      !put_bundle(n / kTileWidth, static_cast<int>(n % kTileWidth)).ok()) {
    return 1;
  }
  const double hashed_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!files->Sync().ok()) return 1;
  const double append_s = std::chrono::duration<double>(Clock::now() - t0).count();

  // Proofs read the tiles back from the files, as the server does for receipts: through its
  // tile store (which keeps what it read) and a cache of each tile's subtrees (Log's).
  TileHashCache cache;
  SubtreeSource source = TileSource(
      n,
      [&](const Tile& t) -> openkp::core::Result<std::string> { return files->Get(TilePath(t)); },
      cache);
  const auto root = TreeRoot(n, source);
  if (!root.ok()) return 1;
  std::mt19937_64 rng(1);
  const auto t1 = Clock::now();
  for (uint64_t k = 0; k < proofs; ++k) {
    auto p = InclusionProof(rng() % n, n, source);
    if (!p.ok()) return 1;
  }
  const double proof_s = std::chrono::duration<double>(Clock::now() - t1).count();
  std::printf("openkp_entries %llu\nopenkp_append_seconds %.3f\nopenkp_entries_per_second %.0f\n",
              static_cast<unsigned long long>(n), append_s, static_cast<double>(n) / append_s);
  // Of which: hashing and queueing every tile, then waiting for the writer and syncfs.
  std::printf("openkp_hashed_seconds %.3f\nopenkp_sync_seconds %.3f\n", hashed_s,
              append_s - hashed_s);
  std::printf("openkp_tiles %llu\nopenkp_entry_bundles %llu\nopenkp_file_megabytes %.1f\n",
              static_cast<unsigned long long>(tile_count),
              static_cast<unsigned long long>(bundle_count), static_cast<double>(tile_bytes) / 1e6);
  std::printf("openkp_root %s\n", HashHex(*root).c_str());
  std::printf("openkp_proofs_per_second %.0f\n", static_cast<double>(proofs) / proof_s);
  return 0;
}
