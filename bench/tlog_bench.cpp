// Log core benchmark: N small entries appended (leaf hash + incremental tiles, the sequencer's
// per-entry work) with every tile written to disk, then inclusion proofs read from the tiles.
// Prints rates for bench/tlog_bench.sh, which compares them with Go's x/mod tlog and `openssl speed
// sha256`.
//
//   tlog_bench [N=10000000] [PROOFS=200000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>

#include "tlog/merkle.h"
#include "tlog/tile.h"
#include "transparency/tile_store.h"

using namespace openkp::tlog;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  const uint64_t proofs = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200'000;
  // Tiles go to files in TILE_DIR as the sequencer writes them (temporary file + rename, one
  // syncfs at the end), and stay in memory for the proof phase.
  const char* dir = std::getenv("TILE_DIR");
  auto files = openkp::transparency::OpenDirectoryTileStore(dir ? dir : "/tmp/openkp-tlog-bench");
  std::unordered_map<std::string, std::string> tiles;
  tiles.reserve(n / 200);
  uint64_t tile_bytes = 0;
  const TileBuilder::TileSink keep = [&](const Tile& t, std::string data) -> openkp::core::Status {
    tile_bytes += data.size();
    OPENKP_RETURN_IF_ERROR(files->Put(TilePath(t), data));
    tiles[TilePath(t)] = std::move(data);
    return {};
  };
  char entry[64];
  const auto t0 = Clock::now();
  TileBuilder builder;
  for (uint64_t i = 0; i < n; ++i) {
    // A small entry (59 bytes; the log's JSON entries are ~150), the same in Go's bench.
    const int len =
        std::snprintf(entry, sizeof entry, "entry %020llu ................................",
                      static_cast<unsigned long long>(i));  // 59 bytes
    if (!builder.Append(LeafHash(std::string_view(entry, static_cast<size_t>(len))), keep).ok()) {
      return 1;
    }
  }
  if (!builder.EmitPartialTiles(keep).ok()) return 1;
  if (!files->Sync().ok()) return 1;
  const double append_s = std::chrono::duration<double>(Clock::now() - t0).count();

  SubtreeSource source = TileSource(n, [&](const Tile& t) -> openkp::core::Result<std::string> {
    auto it = tiles.find(TilePath(t));
    if (it == tiles.end()) return openkp::core::Status::NotFound(TilePath(t));
    return it->second;
  });
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
              static_cast<unsigned long long>(n), append_s, n / append_s);
  std::printf("openkp_tiles %zu\nopenkp_tile_megabytes %.1f\nopenkp_root %s\n", tiles.size(),
              tile_bytes / 1e6, HashHex(*root).c_str());
  std::printf("openkp_proofs_per_second %.0f\n", proofs / proof_s);
  return 0;
}
