#include "tlog/note.h"

#include <gtest/gtest.h>

namespace openkp::tlog {
namespace {

// Vectors from golang.org/x/mod/sumdb/note's tests (Debian golang-golang-x-mod-dev).
constexpr const char* kVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr const char* kSeedWithType = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr const char* kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr const char* kPeterSig =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr const char* kEnochSig =
    "\xE2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

NoteSigner Peter() {
  auto raw = *crypto::Base64Decode(kSeedWithType);
  return NoteSigner("PeterNeumann", *crypto::KeyPair::FromSeed(raw.substr(1)));
}

TEST(Note, MatchesGoSumdbNoteVectors) {
  NoteSigner peter = Peter();
  EXPECT_EQ(peter.verifier().VerifierKey(), kVkey);
  auto note = SignNote(kText, {peter});
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(*note, std::string(kText) + "\n" + kPeterSig);
  auto v = NoteVerifier::FromVerifierKey(kVkey);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->key_id, 0xc74f20a3u);
  auto opened = OpenNote(std::string(kText) + "\n" + kPeterSig + kEnochSig, {*v});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(opened->text, kText);
  ASSERT_EQ(opened->verified.size(), 1u);
  ASSERT_EQ(opened->unverified.size(), 1u);
  EXPECT_EQ(opened->unverified[0].name, "EnochRoot");
  EXPECT_EQ(opened->unverified[0].key_id, 0xaf0cfe78u);
}

TEST(Note, RejectsWhatIsNotASignedNote) {
  auto v = *NoteVerifier::FromVerifierKey(kVkey);
  const std::string good = std::string(kText) + "\n" + kPeterSig;
  EXPECT_TRUE(OpenNote(good, {v}).ok());
  std::string tampered = good;
  tampered[3] = 'X';
  EXPECT_EQ(OpenNote(tampered, {v}).status().rule(), "note-signature");
  EXPECT_EQ(OpenNote(std::string(kText) + "\n" + kEnochSig, {v}).status().rule(),
            "note-unverified");
  EXPECT_EQ(OpenNote(kText, {v}).status().rule(), "note-format");
  EXPECT_EQ(OpenNote(std::string(kText) + "\n- PeterNeumann abc\n", {v}).status().rule(),
            "note-format");
  EXPECT_EQ(OpenNote(std::string("a\tb\n\n") + kPeterSig, {v}).status().rule(), "note-text");
  std::string many = std::string(kText) + "\n";
  for (int i = 0; i < 101; ++i) many += kEnochSig;
  EXPECT_EQ(OpenNote(many, {v}).status().rule(), "note-format");
  for (const char* bad :
       {"PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "PeterNeumann", ""}) {
    EXPECT_FALSE(NoteVerifier::FromVerifierKey(bad).ok()) << bad;
  }
  EXPECT_FALSE(SignNote("no newline", {Peter()}).ok());
}

TEST(Checkpoint, FormatsAndParsesStrictly) {
  Checkpoint c{"openkp.example/log", 8, {}};
  c.root[0] = 0x5d;
  std::string text = FormatCheckpoint(c);
  auto back = ParseCheckpoint(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, c);
  auto signed_note = SignNote(text, {Peter()});
  auto opened = OpenNote(*signed_note, {Peter().verifier()});
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*ParseCheckpoint(opened->text), c);
  for (const char* bad :
       {"", "origin\n", "origin\n8\n", "origin\n08\nAAAA\n",
        "origin\n-1\nXdzaeacGWamtVZy3Ad7ZqqudgjqtL0lgz+Nw7/RgQyg=\n", "origin\n8\nnot base64\n",
        "\n8\nXdzaeacGWamtVZy3Ad7ZqqudgjqtL0lgz+Nw7/RgQyg=\n",
        "origin\n99999999999999999999\nXdzaeacGWamtVZy3Ad7ZqqudgjqtL0lgz+Nw7/RgQyg=\n",
        "origin\n8\nXdzaeacGWamtVZy3Ad7ZqqudgjqtL0lgz+Nw7/RgQyg="}) {
    EXPECT_FALSE(ParseCheckpoint(bad).ok()) << bad;
  }
}

TEST(Receipt, RoundTripsAndRejectsMalformed) {
  Receipt r{"salt", 5, {Hash{}, Hash{}}, "origin\n1\nAAAA\n\n— x y\n"};
  r.proof[1][0] = 7;
  auto back = ParseReceipt(FormatReceipt(r));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->extra, "salt");
  EXPECT_EQ(back->index, 5u);
  EXPECT_EQ(back->proof, r.proof);
  EXPECT_EQ(back->checkpoint, r.checkpoint);
  Receipt plain{"", 0, {}, "cp\n"};
  EXPECT_EQ(FormatReceipt(plain), "c2sp.org/tlog-proof@v1\nindex 0\n\ncp\n");
  EXPECT_TRUE(ParseReceipt(FormatReceipt(plain)).ok());
  for (const char* bad :
       {"", "c2sp.org/tlog-proof@v2\nindex 0\n\ncp\n", "c2sp.org/tlog-proof@v1\nindex 01\n\ncp\n",
        "c2sp.org/tlog-proof@v1\nindex x\n\ncp\n",
        "c2sp.org/tlog-proof@v1\nextra !!\nindex 0\n\ncp\n",
        "c2sp.org/tlog-proof@v1\nindex 0\nAAAA\n\ncp\n", "c2sp.org/tlog-proof@v1\nindex 0\n\n",
        "c2sp.org/tlog-proof@v1\nindex 0\n"}) {
    EXPECT_FALSE(ParseReceipt(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace openkp::tlog
