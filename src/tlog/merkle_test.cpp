#include "tlog/merkle.h"

#include <gtest/gtest.h>

namespace openkp::tlog {
namespace {

// The eight leaves of the RFC 6962 test data (transparency-dev/merkle testonly).
const std::vector<std::string>& Leaves() {
  static const std::vector<std::string> kLeaves = {
      std::string(""),
      std::string("\x00", 1),
      std::string("\x10", 1),
      std::string("\x20\x21", 2),
      std::string("\x30\x31", 2),
      std::string("\x40\x41\x42\x43", 4),
      std::string("\x50\x51\x52\x53\x54\x55\x56\x57", 8),
      std::string("\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f", 16)};
  return kLeaves;
}

std::vector<Hash> LeafHashes(size_t n) {
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(LeafHash(Leaves()[i]));
  return out;
}

TEST(Merkle, Rfc6962Roots) {
  EXPECT_EQ(HashHex(EmptyTreeRoot()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const char* kRoots[] = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  for (size_t n = 1; n <= 8; ++n) {
    auto leaves = LeafHashes(n);
    EXPECT_EQ(HashHex(RootOfLeafHashes(leaves)), kRoots[n - 1]) << n;
    EXPECT_EQ(HashHex(*TreeRoot(n, InMemorySource(leaves))), kRoots[n - 1]) << n;
  }
}

TEST(Merkle, Rfc6962InclusionProofs) {
  auto leaves = LeafHashes(8);
  auto source = InMemorySource(leaves);
  // PATH(0, D[8]) from RFC 6962's test data.
  auto p = InclusionProof(0, 8, source);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ(HashHex((*p)[0]), "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  EXPECT_EQ(HashHex((*p)[1]), "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  EXPECT_EQ(HashHex((*p)[2]), "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
}

// Every proof the code makes verifies, and no single change to it does.
TEST(Merkle, AllProofsUpTo40LeavesVerifyAndTamperingFails) {
  std::vector<Hash> leaves;
  for (int i = 0; i < 40; ++i) leaves.push_back(LeafHash("entry " + std::to_string(i)));
  auto source = InMemorySource(leaves);
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    const Hash root = *TreeRoot(n, source);
    for (uint64_t i = 0; i < n; ++i) {
      auto proof = *InclusionProof(i, n, source);
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, n, proof, root).ok()) << i << "/" << n;
      EXPECT_FALSE(VerifyInclusion(leaves[(i + 1) % n], i, n, proof, root).ok() && n > 1);
      if (!proof.empty()) {
        auto bad = proof;
        bad[0][0] ^= 1;
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, bad, root).ok());
        bad = proof;
        bad.pop_back();
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, bad, root).ok());
      }
      auto longer = proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, longer, root).ok());
    }
    for (uint64_t m = 0; m <= n; ++m) {
      const Hash old_root = *TreeRoot(m, source);
      auto proof = *ConsistencyProof(m, n, source);
      ASSERT_TRUE(VerifyConsistency(m, n, proof, old_root, root).ok()) << m << "->" << n;
      if (!proof.empty()) {
        auto bad = proof;
        bad.back()[31] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, bad, old_root, root).ok()) << m << "->" << n;
      }
      if (m > 0 && m < n) {
        Hash wrong = old_root;
        wrong[0] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, proof, wrong, root).ok()) << m << "->" << n;
      }
    }
  }
}

TEST(Merkle, BadArgumentsAreErrorsNotCrashes) {
  auto leaves = LeafHashes(4);
  auto source = InMemorySource(leaves);
  EXPECT_FALSE(InclusionProof(4, 4, source).ok());
  EXPECT_FALSE(ConsistencyProof(5, 4, source).ok());
  EXPECT_FALSE(VerifyInclusion(leaves[0], 0, 0, {}, EmptyTreeRoot()).ok());
  EXPECT_FALSE(VerifyConsistency(5, 4, {}, EmptyTreeRoot(), EmptyTreeRoot()).ok());
  EXPECT_FALSE(TreeRoot(5, source).ok());  // the source knows 4 leaves only
}

}  // namespace
}  // namespace openkp::tlog
