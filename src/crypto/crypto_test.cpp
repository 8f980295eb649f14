#include "crypto/crypto.h"

#include <gtest/gtest.h>

namespace openkp::crypto {

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

TEST(Ed25519, Rfc8032TestVector1) {
  auto kp = KeyPair::FromSeed(
      FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_TRUE(kp.ok());
  EXPECT_EQ(HexEncode(kp->public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(HexEncode(Sign(*kp, "")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
            "701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST(Ed25519, VerifyRejectsAnyChange) {
  KeyPair kp = KeyPair::Generate();
  std::string sig = Sign(kp, "message");
  EXPECT_TRUE(Verify(kp.public_key(), "message", sig));
  EXPECT_FALSE(Verify(kp.public_key(), "messagf", sig));
  sig[0] ^= 1;
  EXPECT_FALSE(Verify(kp.public_key(), "message", sig));
  EXPECT_FALSE(Verify("short", "message", sig));
  EXPECT_FALSE(Verify(kp.public_key(), "message", "short"));
}

TEST(Sha256, KnownDigest) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Base64, RoundTripAndStrictness) {
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_EQ(*Base64Decode("aGVsbG8="), "hello");
  EXPECT_FALSE(Base64Decode("aGVsbG8").ok());
  EXPECT_FALSE(Base64Decode("aGVs bG8=").ok());
  EXPECT_FALSE(Base64Decode("a$==").ok());
  // Bytes outside the alphabet that libsodium alone would decode (found by tlog_fuzz).
  EXPECT_FALSE(Base64Decode("Ad7\xac\x8e\x8e\x8aPeter=").ok());
  EXPECT_FALSE(Base64Decode("Ad7\xac").ok());
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Digests, KnownAnswers) {
  // RFC 1321 and FIPS 180-2 test vectors; RFC 4231 test case 2.
  EXPECT_EQ(Md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  Sha256Hasher h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.FinishHex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Passwords, Argon2idHashesVerifyOnlyTheirPassword) {
  const std::string hash = HashPassword("correct horse battery staple");
  ASSERT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse battery stapler"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_NE(HashPassword("correct horse battery staple"), hash);  // a fresh salt each time
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
}

}  // namespace openkp::crypto
