#include "transparency/tile_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "temp_dir.h"

namespace openkp::transparency {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(DirectoryTileStoreTest, SyncWritesEveryPutAndTheLatestBytesWin) {
  testing::TempDir dir;
  auto tiles = OpenDirectoryTileStore(dir / "log");
  ASSERT_TRUE(tiles->Put("tile/0/000.p/1", "partial").ok());
  ASSERT_TRUE(tiles->Put("checkpoint", "old").ok());
  ASSERT_TRUE(tiles->Put("checkpoint", "new").ok());
  EXPECT_EQ(*tiles->Get("checkpoint"), "new");  // seen before it is written
  ASSERT_TRUE(tiles->Sync().ok());
  EXPECT_EQ(ReadFile(std::filesystem::path(dir / "log") / "checkpoint"), "new");
  EXPECT_EQ(ReadFile(std::filesystem::path(dir / "log") / "tile" / "0" / "000.p" / "1"), "partial");
  for (const auto& e : std::filesystem::directory_iterator(dir / "log")) {  // no temporary left
    EXPECT_TRUE(e.path().filename() == "checkpoint" || e.path().filename() == "tile") << e.path();
  }
  EXPECT_EQ(*tiles->Get("tile/0/000.p/1"), "partial");
  EXPECT_EQ(tiles->Get("tile/0/001").status().code(), core::Code::kNotFound);
  EXPECT_EQ(tiles->Get("tile/0").status().code(), core::Code::kNotFound);  // a directory
}

TEST(DirectoryTileStoreTest, PutsBeyondTheQueueLimitAllArrive) {
  testing::TempDir dir;
  auto tiles = OpenDirectoryTileStore(dir / "log");
  // 100 MiB in few files (mass deletes slow file creation on ext4 without a journal): more than
  // the queue holds, so Put must wait for the writer.
  std::string big(512 << 10, 'x');
  for (int i = 0; i < 200; ++i) {
    big[0] = static_cast<char>('a' + i % 26);
    ASSERT_TRUE(tiles->Put("big/" + std::to_string(i), big).ok());
  }
  ASSERT_TRUE(tiles->Sync().ok());
  for (int i = 0; i < 200; i += 13) {
    const std::string got =
        ReadFile(std::filesystem::path(dir / "log") / "big" / std::to_string(i));
    ASSERT_EQ(got.size(), big.size());
    EXPECT_EQ(got[0], 'a' + i % 26);
  }
}

TEST(DirectoryTileStoreTest, DestructionWritesWhatIsQueued) {
  testing::TempDir dir;
  {
    auto tiles = OpenDirectoryTileStore(dir / "log");
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(tiles->Put("tile/0/" + std::to_string(i), "t").ok());
  }
  EXPECT_EQ(ReadFile(std::filesystem::path(dir / "log") / "tile" / "0" / "99"), "t");
}

TEST(DirectoryTileStoreTest, AFailedWriteIsReportedBySyncOnceAndARetrySucceeds) {
  testing::TempDir dir;
  auto tiles = OpenDirectoryTileStore(dir / "log");
  std::filesystem::create_directories(dir / "log");
  { std::ofstream(std::filesystem::path(dir / "log") / "tile") << "not a directory"; }
  ASSERT_TRUE(tiles->Put("tile/0/000", "t").ok());  // fails later, in the writer
  const core::Status failed = tiles->Sync();
  EXPECT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("cannot create"), std::string::npos) << failed.message();
  EXPECT_EQ(tiles->Get("tile/0/000").status().code(), core::Code::kNotFound);
  std::filesystem::remove(std::filesystem::path(dir / "log") / "tile");
  ASSERT_TRUE(tiles->Put("tile/0/000", "t").ok());
  EXPECT_TRUE(tiles->Sync().ok());
  EXPECT_EQ(ReadFile(std::filesystem::path(dir / "log") / "tile" / "0" / "000"), "t");
}

TEST(DirectoryTileStoreTest, RejectsPathsOutsideTheDirectory) {
  testing::TempDir dir;
  auto tiles = OpenDirectoryTileStore(dir / "log");
  EXPECT_FALSE(tiles->Put("../escape", "x").ok());
  EXPECT_FALSE(tiles->Put("/etc/x", "x").ok());
  EXPECT_FALSE(tiles->Put("", "x").ok());
  EXPECT_TRUE(tiles->Sync().ok());
}

}  // namespace
}  // namespace openkp::transparency
