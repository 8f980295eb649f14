#include "tlog/tile.h"

#include <gtest/gtest.h>

#include <map>

namespace openkp::tlog {
namespace {

TEST(Tile, PathsFollowTheSpec) {
  EXPECT_EQ(EncodeTileIndex(0), "000");
  EXPECT_EQ(EncodeTileIndex(5), "005");
  EXPECT_EQ(EncodeTileIndex(1000), "x001/000");
  EXPECT_EQ(EncodeTileIndex(1234067), "x001/x234/067");
  EXPECT_EQ(TilePath({0, 1234067, 0}), "tile/0/x001/x234/067");
  EXPECT_EQ(TilePath({1, 5, 17}), "tile/1/005.p/17");
  EXPECT_EQ(EntriesPath(3, 0), "tile/entries/003");
  EXPECT_EQ(EntriesPath(1000, 255), "tile/entries/x001/000.p/255");
}

TEST(Tile, ParseRoundTripsAndRejects) {
  for (const Tile& t : {Tile{0, 0, 0}, Tile{2, 1234067, 0}, Tile{1, 5, 17}, Tile{63, 999, 255}}) {
    auto p = ParseTilePath(TilePath(t));
    ASSERT_TRUE(p.ok()) << TilePath(t);
    EXPECT_FALSE(p->entries);
    EXPECT_EQ(p->tile, t);
  }
  auto e = ParseTilePath("tile/entries/x001/000.p/3");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->entries);
  EXPECT_EQ(e->tile.index, 1000u);
  EXPECT_EQ(e->tile.width, 3);
  for (const char* bad :
       {"tile/0/5", "tile/0/0005", "tile/64/000", "tile/01/000", "tile/0/000.p/0",
        "tile/0/000.p/256", "tile/0/000.p/01", "tile/0/x000/001", "tile/0/001/002", "tiles/0/000",
        "tile/0", "tile/a/000", "tile/0/x1/000", ""}) {
    EXPECT_FALSE(ParseTilePath(bad).ok()) << bad;
  }
}

TEST(Tile, TilesOfATree) {
  EXPECT_TRUE(TilesForTreeSize(0).empty());
  EXPECT_EQ(TilesForTreeSize(1), (std::vector<Tile>{{0, 0, 1}}));
  EXPECT_EQ(TilesForTreeSize(256), (std::vector<Tile>{{0, 0, 0}, {1, 0, 1}}));
  auto t = TilesForTreeSize(256 * 256 + 300);
  // Level 0: 257 full + one of 44; level 1: one full + one of 1; level 2: one of 1.
  EXPECT_EQ(t.size(), 257u + 1 + 1 + 1 + 1);
  EXPECT_EQ(t[257], (Tile{0, 257, 44}));
  EXPECT_EQ(t.back(), (Tile{2, 0, 1}));
}

}  // namespace
}  // namespace openkp::tlog

namespace openkp::tlog {
namespace {

// Tiles computed from leaves, read back through TileSource, give the same roots and proofs.
TEST(Tile, TileSourceAgreesWithLeaves) {
  for (uint64_t size : {1u, 255u, 256u, 257u, 1000u, 65536u + 777u}) {
    std::vector<Hash> leaves;
    for (uint64_t i = 0; i < size; ++i) leaves.push_back(LeafHash("e" + std::to_string(i)));
    // A fast in-memory source: level hashes computed bottom up.
    std::vector<std::vector<Hash>> levels{leaves};
    while (levels.back().size() > 1) {
      const auto& below = levels.back();
      std::vector<Hash> up;
      for (size_t i = 0; i + 1 < below.size(); i += 2)
        up.push_back(NodeHash(below[i], below[i + 1]));
      levels.push_back(std::move(up));
    }
    SubtreeSource memory = [&](int level, uint64_t index) -> core::Result<Hash> {
      if (level >= static_cast<int>(levels.size()) || index >= levels[level].size()) {
        return core::Status::Internal("beyond");
      }
      return levels[level][index];
    };
    std::map<std::string, std::string> files;
    for (const Tile& t : TilesForTreeSize(size)) files[TilePath(t)] = *TileData(t, memory);
    int reads = 0;
    SubtreeSource tiles = TileSource(size, [&](const Tile& t) -> core::Result<std::string> {
      ++reads;
      auto it = files.find(TilePath(t));
      if (it == files.end()) return core::Status::NotFound(TilePath(t));
      return it->second;
    });
    EXPECT_EQ(*TreeRoot(size, tiles), *TreeRoot(size, memory)) << size;
    for (uint64_t i : {uint64_t{0}, size / 2, size - 1}) {
      EXPECT_EQ(*InclusionProof(i, size, tiles), *InclusionProof(i, size, memory)) << i;
    }
    EXPECT_EQ(*ConsistencyProof(size / 3, size, tiles), *ConsistencyProof(size / 3, size, memory));
    EXPECT_GT(reads, 0);
    // The same through a cache of the tiles' subtrees, each tile read once.
    TileHashCache cache;
    reads = 0;
    SubtreeSource cached = TileSource(
        size,
        [&](const Tile& t) -> core::Result<std::string> {
          ++reads;
          return files.at(TilePath(t));
        },
        cache);
    EXPECT_EQ(*TreeRoot(size, cached), *TreeRoot(size, memory)) << size;
    for (uint64_t i = 0; i < size; i += 1 + size / 97) {
      EXPECT_EQ(*InclusionProof(i, size, cached), *InclusionProof(i, size, memory)) << i;
    }
    EXPECT_EQ(*ConsistencyProof(size / 3, size, cached), *ConsistencyProof(size / 3, size, memory));
    EXPECT_LE(reads, static_cast<int>(TilesForTreeSize(size).size()));
  }
}

TEST(Tile, TileSourceRejectsShortTiles) {
  SubtreeSource tiles = TileSource(
      300, [](const Tile&) -> core::Result<std::string> { return std::string(31, 'x'); });
  EXPECT_EQ(TreeRoot(300, tiles).status().rule(), "tile-size");
}

}  // namespace
}  // namespace openkp::tlog

namespace openkp::tlog {
namespace {

// The incremental builder (resumed half-way, as after a restart) writes exactly the tiles that
// TileData computes for the final size, plus the full tiles along the way.
TEST(Tile, BuilderMatchesTileDataAndResumes) {
  const uint64_t size = 256 * 256 + 300;
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < size; ++i) leaves.push_back(LeafHash("b" + std::to_string(i)));
  std::map<std::string, std::string> built;
  auto sink = [&](const Tile& t, std::string data) -> core::Status {
    built[TilePath(t)] = std::move(data);
    return {};
  };
  TileBuilder first;
  for (uint64_t i = 0; i < size / 2; ++i) ASSERT_TRUE(first.Append(leaves[i], sink).ok());
  TileBuilder resumed(first.size(), first.edge());
  for (uint64_t i = size / 2; i < size; ++i) ASSERT_TRUE(resumed.Append(leaves[i], sink).ok());
  ASSERT_TRUE(resumed.EmitPartialTiles(sink).ok());
  auto source = InMemorySource(leaves);
  for (const Tile& t : TilesForTreeSize(size)) {
    ASSERT_TRUE(built.count(TilePath(t))) << TilePath(t);
    EXPECT_EQ(built[TilePath(t)], *TileData(t, source)) << TilePath(t);
  }
}

}  // namespace
}  // namespace openkp::tlog
