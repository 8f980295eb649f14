#include "transparency/witness.h"

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace openkp::transparency {
namespace {

struct Tree {
  std::vector<tlog::Hash> leaves;
  tlog::Hash Root(uint64_t n) const {
    return tlog::RootOfLeafHashes(std::span<const tlog::Hash>(leaves).first(n));
  }
};

TEST(Witness, CosignsOnlyConsistentCheckpointsOfItsLog) {
  testing::TempDir dir;
  tlog::NoteSigner log("openkp.test/log", *crypto::KeyPair::FromSeed(std::string(32, 'L')));
  tlog::Cosigner cosigner("witness.test", *crypto::KeyPair::FromSeed(std::string(32, 'W')));
  Witness w(cosigner, log.verifier(), dir / "state");
  Tree t;
  for (int i = 0; i < 20; ++i) t.leaves.push_back(tlog::LeafHash("e" + std::to_string(i)));
  auto source = tlog::InMemorySource(t.leaves);
  auto note = [&](uint64_t n, const tlog::NoteSigner& signer) {
    return *tlog::SignNote(tlog::FormatCheckpoint({signer.name(), n, t.Root(n)}), {signer});
  };
  auto request = [&](uint64_t old, uint64_t n, const std::string& cp) {
    return tlog::FormatAddCheckpoint({old, *tlog::ConsistencyProof(old, n, source), cp});
  };

  auto first = w.AddCheckpoint(request(0, 5, note(5, log)), 1000);
  ASSERT_EQ(first.status, 200) << first.body;
  auto opened = tlog::OpenNote(note(5, log) + first.body, {log.verifier()});
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(tlog::CountCosignatures(*opened, {cosigner.verifier()}), 1);

  EXPECT_EQ(w.AddCheckpoint(request(0, 9, note(9, log)), 1001).status, 409);  // stale old size
  auto stale = w.AddCheckpoint(request(0, 9, note(9, log)), 1001);
  EXPECT_EQ(stale.content_type, "text/x.tlog.size");
  EXPECT_EQ(stale.body, "5\n");
  EXPECT_EQ(w.AddCheckpoint(request(5, 9, note(9, log)), 1002).status, 200);
  // A fork: same size 12 but a different tree; the proof from 9 cannot hold.
  Tree forked = t;
  forked.leaves[3] = tlog::LeafHash("forged");
  auto forked_note =
      *tlog::SignNote(tlog::FormatCheckpoint({log.name(), 12, forked.Root(12)}), {log});
  EXPECT_EQ(w.AddCheckpoint(request(9, 12, forked_note), 1003).status, 422);
  // Not the log's key; an unknown log; old beyond new; garbage.
  tlog::NoteSigner impostor("openkp.test/log", *crypto::KeyPair::FromSeed(std::string(32, 'X')));
  EXPECT_EQ(w.AddCheckpoint(request(9, 12, note(12, impostor)), 1004).status, 403);
  tlog::NoteSigner other("other.example/log", *crypto::KeyPair::FromSeed(std::string(32, 'O')));
  EXPECT_EQ(w.AddCheckpoint(request(9, 12, note(12, other)), 1005).status, 404);
  EXPECT_EQ(w.AddCheckpoint(tlog::FormatAddCheckpoint({13, {}, note(12, log)}), 1006).status, 400);
  EXPECT_EQ(w.AddCheckpoint("nonsense", 1007).status, 400);
  // State survives a restart.
  Witness again(cosigner, log.verifier(), dir / "state");
  EXPECT_EQ(again.AddCheckpoint(request(0, 12, note(12, log)), 1008).body, "9\n");
  EXPECT_EQ(again.AddCheckpoint(request(9, 12, note(12, log)), 1009).status, 200);
}

}  // namespace
}  // namespace openkp::transparency
