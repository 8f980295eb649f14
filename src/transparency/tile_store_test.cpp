#include "transparency/tile_store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "temp_dir.h"

namespace openkp::transparency {
namespace {

// A tile store on a fresh directory; File reads what it wrote there.
class DirectoryTileStoreTest : public ::testing::Test {
 protected:
  std::string File(const std::filesystem::path& relative) const {
    std::ifstream in(root_ / relative, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  testing::TempDir dir_;
  const std::filesystem::path root_ = dir_ / "log";
  std::unique_ptr<TileStore> tiles_ = OpenDirectoryTileStore(root_);
};

TEST_F(DirectoryTileStoreTest, SyncWritesEveryPutAndTheLatestBytesWin) {
  ASSERT_TRUE(tiles_->Put("tile/0/000.p/1", "partial").ok());
  ASSERT_TRUE(tiles_->Put("checkpoint", "old").ok());
  ASSERT_TRUE(tiles_->Put("checkpoint", "new").ok());
  EXPECT_EQ(*tiles_->Get("checkpoint"), "new");  // seen before it is written
  ASSERT_TRUE(tiles_->Sync().ok());
  EXPECT_EQ(File("checkpoint"), "new");
  EXPECT_EQ(File("tile/0/000.p/1"), "partial");
  for (const auto& e : std::filesystem::directory_iterator(root_)) {  // no temporary left
    EXPECT_TRUE(e.path().filename() == "checkpoint" || e.path().filename() == "tile") << e.path();
  }
  EXPECT_EQ(*tiles_->Get("tile/0/000.p/1"), "partial");
  EXPECT_EQ(tiles_->Get("tile/0/001").status().code(), core::Code::kNotFound);
  EXPECT_EQ(tiles_->Get("tile/0").status().code(), core::Code::kNotFound);  // a directory
}

// Files read back are kept in memory (they never change), except the checkpoint; a Put of a
// kept path replaces what is kept.
TEST_F(DirectoryTileStoreTest, KeepsWhatItReadButNotTheCheckpoint) {
  ASSERT_TRUE(tiles_->Put("tile/0/000", "first").ok());
  ASSERT_TRUE(tiles_->Put("checkpoint", "one").ok());
  ASSERT_TRUE(tiles_->Sync().ok());
  EXPECT_EQ(*tiles_->Get("tile/0/000"), "first");  // read from the file, kept
  EXPECT_EQ(*tiles_->Get("checkpoint"), "one");
  // Another process (a restore, another server's copy) changes both files underneath.
  std::ofstream(root_ / "tile/0/000", std::ios::trunc) << "changed";
  std::ofstream(root_ / "checkpoint", std::ios::trunc) << "two";
  EXPECT_EQ(*tiles_->Get("tile/0/000"), "first");  // kept: tiles never change
  EXPECT_EQ(*tiles_->Get("checkpoint"), "two");    // read again every time
  ASSERT_TRUE(tiles_->Put("tile/0/000", "second").ok());
  ASSERT_TRUE(tiles_->Sync().ok());
  EXPECT_EQ(*tiles_->Get("tile/0/000"), "second");
}

TEST_F(DirectoryTileStoreTest, PutsBeyondTheQueueLimitAllArrive) {
  // 100 MiB in few files (mass deletes slow file creation on ext4 without a journal): more than
  // the queue holds, so Put must wait for the writer.
  std::string big(512 << 10, 'x');
  for (int i = 0; i < 200; ++i) {
    big[0] = static_cast<char>('a' + i % 26);
    ASSERT_TRUE(tiles_->Put("big/" + std::to_string(i), big).ok());
  }
  ASSERT_TRUE(tiles_->Sync().ok());
  for (int i = 0; i < 200; i += 13) {
    const std::string got = File("big/" + std::to_string(i));
    ASSERT_EQ(got.size(), big.size());
    EXPECT_EQ(got[0], 'a' + i % 26);
  }
}

TEST_F(DirectoryTileStoreTest, DestructionWritesWhatIsQueued) {
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(tiles_->Put("tile/0/" + std::to_string(i), "t").ok());
  tiles_.reset();
  EXPECT_EQ(File("tile/0/99"), "t");
}

TEST_F(DirectoryTileStoreTest, AFailedWriteIsReportedBySyncOnceAndARetrySucceeds) {
  std::filesystem::create_directories(root_);
  { std::ofstream(root_ / "tile") << "not a directory"; }
  ASSERT_TRUE(tiles_->Put("tile/0/000", "t").ok());  // fails later, in the writer
  const core::Status failed = tiles_->Sync();
  EXPECT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("cannot create"), std::string::npos) << failed.message();
  EXPECT_EQ(tiles_->Get("tile/0/000").status().code(), core::Code::kNotFound);
  std::filesystem::remove(root_ / "tile");
  ASSERT_TRUE(tiles_->Put("tile/0/000", "t").ok());
  EXPECT_TRUE(tiles_->Sync().ok());
  EXPECT_EQ(File("tile/0/000"), "t");
}

TEST_F(DirectoryTileStoreTest, RejectsPathsOutsideTheDirectory) {
  EXPECT_FALSE(tiles_->Put("../escape", "x").ok());
  EXPECT_FALSE(tiles_->Put("/etc/x", "x").ok());
  EXPECT_FALSE(tiles_->Put("", "x").ok());
  EXPECT_TRUE(tiles_->Sync().ok());
}

}  // namespace
}  // namespace openkp::transparency
