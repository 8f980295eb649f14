#include "tlog/witness.h"

#include <gtest/gtest.h>

namespace openkp::tlog {
namespace {

TEST(Witness, CosignaturesVerifyAndCount) {
  NoteSigner log("openkp.test/log", *crypto::KeyPair::FromSeed(std::string(32, 'L')));
  Cosigner w1("witness.one", *crypto::KeyPair::FromSeed(std::string(32, '1')));
  Cosigner w2("witness.two", *crypto::KeyPair::FromSeed(std::string(32, '2')));
  const std::string text = FormatCheckpoint({"openkp.test/log", 5, Hash{}});
  std::string note = *SignNote(text, {log});
  note += w1.CosignatureLine(text, 1700000000);
  note += w2.CosignatureLine(text, 1700000001);
  auto opened = OpenNote(note, {log.verifier()});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(CountCosignatures(*opened, {w1.verifier(), w2.verifier()}), 2);
  EXPECT_EQ(CountCosignatures(*opened, {w1.verifier()}), 1);
  EXPECT_EQ(CountCosignatures(*opened, {w1.verifier(), w1.verifier()}), 1);  // distinct only
  Cosigner stranger("witness.one", *crypto::KeyPair::FromSeed(std::string(32, '3')));
  EXPECT_EQ(CountCosignatures(*opened, {stranger.verifier()}), 0);
  // A cosignature of another checkpoint does not count.
  const std::string other = FormatCheckpoint({"openkp.test/log", 6, Hash{}});
  std::string mixed = *SignNote(text, {log}) + w1.CosignatureLine(other, 1);
  EXPECT_EQ(CountCosignatures(*OpenNote(mixed, {log.verifier()}), {w1.verifier()}), 0);
  // vkeys round-trip and are checked.
  auto v = WitnessVerifier::FromVerifierKey(w1.verifier().VerifierKey());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->public_key, w1.verifier().public_key);
  EXPECT_FALSE(WitnessVerifier::FromVerifierKey(log.verifier().VerifierKey()).ok());  // type 0x01
}

TEST(Witness, AddCheckpointRequestsRoundTripAndRejectGarbage) {
  AddCheckpointRequest r{7, {Hash{}, Hash{}}, "origin\n9\nAAAA\n\n— x y\n"};
  r.proof[0][5] = 9;
  auto back = ParseAddCheckpoint(FormatAddCheckpoint(r));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->old_size, 7u);
  EXPECT_EQ(back->proof, r.proof);
  EXPECT_EQ(back->checkpoint, r.checkpoint);
  for (const char* bad : {"", "old\n\ncp", "old 07\n\ncp", "new 1\n\ncp", "old 1\nzz\n\ncp",
                          "old 1\n", "old 1\n\n"}) {
    EXPECT_FALSE(ParseAddCheckpoint(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace openkp::tlog
