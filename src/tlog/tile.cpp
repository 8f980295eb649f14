#include "tlog/tile.h"

#include <cstdio>
#include <cstring>

namespace openkp::tlog {

using core::Result;
using core::Status;

std::string EncodeTileIndex(uint64_t n) {
  std::vector<int> groups;
  do {
    groups.push_back(static_cast<int>(n % 1000));
    n /= 1000;
  } while (n > 0);
  std::string out;
  for (size_t i = groups.size(); i-- > 0;) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%s%03d", i > 0 ? "x" : "", groups[i]);
    out += buf;
    if (i > 0) out += '/';
  }
  return out;
}

namespace {
std::string WithWidth(std::string path, int width) {
  if (width > 0) path += ".p/" + std::to_string(width);
  return path;
}
}  // namespace

std::string TilePath(const Tile& t) {
  return WithWidth("tile/" + std::to_string(t.level) + "/" + EncodeTileIndex(t.index), t.width);
}

std::string EntriesPath(uint64_t index, int width) {
  return WithWidth("tile/entries/" + EncodeTileIndex(index), width);
}

Result<ParsedTilePath> ParseTilePath(std::string_view path) {
  auto bad = [&](const std::string& why) {
    return Status::Invalid("path", "tile-path", "'" + std::string(path) + "': " + why);
  };
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 3 || parts[0] != "tile") return bad("not tile/<L>/<N>");
  ParsedTilePath out;
  if (parts[1] == "entries") {
    out.entries = true;
  } else {
    const auto& l = parts[1];
    if (l.empty() || l.size() > 2 || l.find_first_not_of("0123456789") != std::string_view::npos ||
        (l.size() == 2 && l[0] == '0')) {
      return bad("level must be 0..63 without leading zeros");
    }
    out.tile.level = std::stoi(std::string(l));
    if (out.tile.level > kMaxTileLevel) return bad("level must be 0..63");
  }
  size_t last = parts.size() - 1;
  // A partial tile ends "<NNN>.p/<W>".
  if (parts.size() >= 4 && parts[last - 1].size() == 5 && parts[last - 1].substr(3) == ".p") {
    const auto& w = parts[last];
    if (w.empty() || w.size() > 3 || w.find_first_not_of("0123456789") != std::string_view::npos ||
        w[0] == '0') {
      return bad("width must be 1..255");
    }
    out.tile.width = std::stoi(std::string(w));
    if (out.tile.width > 255) return bad("width must be 1..255");
    parts[last - 1] = parts[last - 1].substr(0, 3);
    --last;
  }
  uint64_t n = 0;
  for (size_t i = 2; i <= last; ++i) {
    std::string_view g = parts[i];
    const bool final_group = i == last;
    if (!final_group) {
      if (g.size() != 4 || g[0] != 'x') return bad("index groups other than the last are xNNN");
      g = g.substr(1);
    }
    if (g.size() != 3 || g.find_first_not_of("0123456789") != std::string_view::npos) {
      return bad("index groups are three digits");
    }
    if (n > (UINT64_MAX - 999) / 1000) return bad("index too large");
    n = n * 1000 + static_cast<uint64_t>(std::stoi(std::string(g)));
  }
  if (last > 2 && parts[2] == "x000") return bad("index has a leading zero group");
  out.tile.index = n;
  return out;
}

Result<std::string> TileData(const Tile& t, const SubtreeSource& source) {
  const int width = t.width == 0 ? kTileWidth : t.width;
  std::string out;
  out.reserve(static_cast<size_t>(width) * 32);
  for (int i = 0; i < width; ++i) {
    auto h = source(kTileHeight * t.level, t.index * kTileWidth + static_cast<uint64_t>(i));
    if (!h.ok()) return h.status();
    out.append(reinterpret_cast<const char*>(h->data()), h->size());
  }
  return out;
}

namespace {

// Where the subtree of height `level` at `index` of a tree of `tree_size` leaves lies: the tile
// holding it (its width set when partial), the position of its first hash there, and how many
// hashes of that tile it spans (2^(level % 8), at height 8 * tile level).
struct SubtreeInTile {
  Tile tile;
  uint64_t first;  // in the tile
  uint64_t count;
};
Result<SubtreeInTile> LocateSubtree(uint64_t tree_size, int level, uint64_t index) {
  const int tile_level = level / kTileHeight;
  const int r = level % kTileHeight;
  const uint64_t first = index << r;  // first hash at height 8*L
  const uint64_t count = uint64_t{1} << r;
  const uint64_t hashes_at_level = tree_size >> (kTileHeight * tile_level);
  if (first + count > hashes_at_level) {
    return Status::Invalid("tile", "range", "subtree lies beyond the tree");
  }
  Tile t{tile_level, first / kTileWidth, 0};
  const uint64_t in_tile = hashes_at_level - t.index * kTileWidth;
  if (in_tile < kTileWidth) t.width = static_cast<int>(in_tile);
  return SubtreeInTile{t, first % kTileWidth, count};
}

// The hashes of tile `t` read by `reader`, checked to be as many as its width says.
Result<std::string> ReadTile(const Tile& t, const TileReader& reader) {
  auto data = reader(t);
  if (!data.ok()) return data.status();
  const size_t want = static_cast<size_t>(t.width == 0 ? kTileWidth : t.width) * 32;
  if (data->size() != want) {
    return Status::Invalid("tile", "tile-size",
                           TilePath(t) + " has " + std::to_string(data->size()) +
                               " bytes, expected " + std::to_string(want));
  }
  return data;
}

}  // namespace

SubtreeSource TileSource(uint64_t tree_size, TileReader reader) {
  return [tree_size, reader = std::move(reader)](int level, uint64_t index) -> Result<Hash> {
    auto at = LocateSubtree(tree_size, level, index);
    if (!at.ok()) return at.status();
    auto data = ReadTile(at->tile, reader);
    if (!data.ok()) return data.status();
    std::vector<Hash> hashes(at->count);
    for (uint64_t i = 0; i < at->count; ++i) {
      std::memcpy(hashes[i].data(), data->data() + (at->first + i) * 32, 32);
    }
    return RootOfLeafHashes(hashes);  // the 2^r hashes are the leaves of this subtree
  };
}

namespace {

// Where the nodes of height k start in a tile's node list, and how many there are: width >> k.
size_t LevelOffset(uint64_t width, int k) {
  size_t offset = 0;
  for (int j = 0; j < k; ++j) offset += static_cast<size_t>(width >> j);
  return offset;
}

}  // namespace

Result<std::shared_ptr<const std::vector<Hash>>> TileHashCache::Nodes(const Tile& t,
                                                                      const TileReader& reader) {
  // Level < 64, width <= 256, index < 2^47 at any real size: one 64-bit key.
  const uint64_t key =
      (static_cast<uint64_t>(t.level) << 56) ^ (static_cast<uint64_t>(t.width) << 47) ^ t.index;
  {
    std::lock_guard lock(mu_);
    if (auto it = nodes_.find(key); it != nodes_.end()) return it->second;
  }
  auto data = ReadTile(t, reader);
  if (!data.ok()) return data.status();
  const uint64_t width = t.width == 0 ? kTileWidth : static_cast<uint64_t>(t.width);
  auto nodes = std::make_shared<std::vector<Hash>>(LevelOffset(width, kTileHeight + 1));
  for (uint64_t i = 0; i < width; ++i) std::memcpy((*nodes)[i].data(), data->data() + i * 32, 32);
  for (int k = 1; k <= kTileHeight; ++k) {
    const size_t below = LevelOffset(width, k - 1), here = LevelOffset(width, k);
    for (uint64_t i = 0; i < (width >> k); ++i) {
      (*nodes)[here + i] = NodeHash((*nodes)[below + 2 * i], (*nodes)[below + 2 * i + 1]);
    }
  }
  std::lock_guard lock(mu_);
  if (nodes_.size() >= max_tiles_) nodes_.clear();
  nodes_[key] = nodes;
  return std::shared_ptr<const std::vector<Hash>>(std::move(nodes));
}

SubtreeSource TileSource(uint64_t tree_size, TileReader reader, TileHashCache& cache) {
  return [tree_size, reader = std::move(reader), &cache](int level,
                                                         uint64_t index) -> Result<Hash> {
    auto at = LocateSubtree(tree_size, level, index);
    if (!at.ok()) return at.status();
    auto nodes = cache.Nodes(at->tile, reader);
    if (!nodes.ok()) return nodes.status();
    const uint64_t width = at->tile.width == 0 ? kTileWidth : static_cast<uint64_t>(at->tile.width);
    const int r = level % kTileHeight;
    return (**nodes)[LevelOffset(width, r) + (at->first >> r)];
  };
}

std::vector<Tile> TilesForTreeSize(uint64_t size) {
  std::vector<Tile> out;
  uint64_t count = size;  // hashes at this tile level
  for (int level = 0; count > 0 && level <= kMaxTileLevel; ++level) {
    const uint64_t full = count / kTileWidth;
    for (uint64_t n = 0; n < full; ++n) out.push_back({level, n, 0});
    if (count % kTileWidth != 0) {
      out.push_back({level, full, static_cast<int>(count % kTileWidth)});
    }
    count /= kTileWidth;
  }
  return out;
}

TileBuilder::TileBuilder(uint64_t size, std::vector<std::vector<Hash>> edge)
    : size_(size), edge_(std::move(edge)) {}

namespace {
std::string HashesBytes(const std::vector<Hash>& hashes) {
  std::string data(hashes.size() * 32, '\0');
  for (size_t i = 0; i < hashes.size(); ++i)
    std::memcpy(data.data() + i * 32, hashes[i].data(), 32);
  return data;
}
}  // namespace

Status TileBuilder::Append(const Hash& leaf_hash, const TileSink& sink) {
  ++size_;
  Hash h = leaf_hash;
  for (int level = 0;; ++level) {
    if (static_cast<int>(edge_.size()) <= level) edge_.emplace_back();
    auto& row = edge_[level];
    row.push_back(h);
    if (row.size() < static_cast<size_t>(kTileWidth)) return {};
    const uint64_t index = (size_ >> (kTileHeight * level)) / kTileWidth - 1;
    OPENKP_RETURN_IF_ERROR(sink({level, index, 0}, HashesBytes(row)));
    h = RootOfLeafHashes(row);
    row.clear();
  }
}

Status TileBuilder::EmitPartialTiles(const TileSink& sink) const {
  for (int level = 0; level < static_cast<int>(edge_.size()); ++level) {
    const auto& row = edge_[level];
    if (row.empty()) continue;
    const uint64_t index = (size_ >> (kTileHeight * level)) / kTileWidth;
    OPENKP_RETURN_IF_ERROR(sink({level, index, static_cast<int>(row.size())}, HashesBytes(row)));
  }
  return {};
}

}  // namespace openkp::tlog
