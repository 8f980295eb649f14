// C2SP tlog-tiles addressing: which tiles a tree of a given size has, and their URL paths.
//
//   tlog::TilePath({0, 1234067, 0})   == "tile/0/x001/x234/067"
//   tlog::TilePath({1, 5, 17})        == "tile/1/005.p/17"
//   tlog::EntriesPath(3, 0)           == "tile/entries/003"
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "tlog/merkle.h"

namespace openkp::tlog {

inline constexpr int kTileHeight = 8;  // 256 hashes per full tile
inline constexpr int kTileWidth = 256;
inline constexpr int kMaxTileLevel = 63;

struct Tile {
  int level = 0;       // 0: leaf hashes; L: hashes of subtrees of 256^L leaves
  uint64_t index = 0;  // N
  int width = 0;       // 1..255 for a partial tile, 0 for a full one
  bool operator==(const Tile&) const = default;
};

// "x001/x234/067": N in 3-digit groups, all but the last prefixed with 'x'.
std::string EncodeTileIndex(uint64_t n);
std::string TilePath(const Tile& t);                 // tile/<L>/<N>[.p/<W>]
std::string EntriesPath(uint64_t index, int width);  // tile/entries/<N>[.p/<W>]

// Parses a path relative to the log prefix ("tile/0/x001/067.p/5" or "tile/entries/000");
// rejects anything the spec does not allow (leading zeros in groups, W outside 1..255, ...).
struct ParsedTilePath {
  bool entries = false;
  Tile tile;
};
core::Result<ParsedTilePath> ParseTilePath(std::string_view path);

// Every tile (full and the partial one at the right edge, per level) of a tree of `size`
// leaves, lowest level first. Entry bundles have the same indices and widths as level 0.
std::vector<Tile> TilesForTreeSize(uint64_t size);

// The bytes of a hash tile: its width (256 if full) hashes of height 8*level, left to right.
core::Result<std::string> TileData(const Tile& tile, const SubtreeSource& source);

// Reads the bytes of one tile (from disk, HTTP, ...). Asked only for tiles of the tree.
using TileReader = std::function<core::Result<std::string>(const Tile& tile)>;

// A SubtreeSource over the hash tiles of a tree of `tree_size` leaves: each complete subtree is
// rebuilt from the tile level just below it, so proofs and roots can be computed, and tiles
// checked, by someone who holds only the tiles (an auditor, a mirror). A tile of the wrong
// length is an error.
SubtreeSource TileSource(uint64_t tree_size, TileReader reader);

// Every subtree a tile holds (its hashes and the 2^8-1 levels of nodes above them), computed
// once per tile and kept: with it, an inclusion proof costs a lookup per level instead of
// rebuilding each sibling subtree from its tile (a receipt server's hot path). Tiles of one
// log only: a tile's (level, index, width) names its bytes. Thread-safe; at most `max_tiles`
// tiles (16 KiB each) are kept, then it starts over.
class TileHashCache {
 public:
  explicit TileHashCache(size_t max_tiles = 4096) : max_tiles_(max_tiles) {}
  TileHashCache(const TileHashCache&) = delete;
  TileHashCache& operator=(const TileHashCache&) = delete;

  // The nodes of tile `t` (levels 0..8, left to right), read with `reader` on first use.
  core::Result<std::shared_ptr<const std::vector<Hash>>> Nodes(const Tile& t,
                                                               const TileReader& reader);

 private:
  const size_t max_tiles_;
  std::mutex mu_;
  std::unordered_map<uint64_t, std::shared_ptr<const std::vector<Hash>>> nodes_;  // GUARDED_BY(mu_)
};

// TileSource whose tiles' subtrees come from `cache` (which must outlive it).
SubtreeSource TileSource(uint64_t tree_size, TileReader reader, TileHashCache& cache);

}  // namespace openkp::tlog

namespace openkp::tlog {

// Builds the hash tiles of a growing tree while keeping only its right edge in memory: for each
// tile level, the hashes of that level's partial tile. What the log's sequencer runs per entry.
class TileBuilder {
 public:
  using TileSink = std::function<core::Status(const Tile& tile, std::string data)>;

  // Resumes a tree of `size` leaves; `edge[L]` holds the hashes of its partial tile at level L.
  explicit TileBuilder(uint64_t size = 0, std::vector<std::vector<Hash>> edge = {});

  // Adds one leaf hash; hands every tile it completes (full, 256 hashes) to `sink`.
  core::Status Append(const Hash& leaf_hash, const TileSink& sink);
  // Hands the current partial tiles (at most one per level) to `sink`.
  core::Status EmitPartialTiles(const TileSink& sink) const;

  uint64_t size() const { return size_; }
  const std::vector<std::vector<Hash>>& edge() const { return edge_; }

 private:
  uint64_t size_;
  std::vector<std::vector<Hash>> edge_;
};

}  // namespace openkp::tlog
