// Ed25519 signatures (libsodium), SHA-256 (OpenSSL), encodings and randomness.
//
//   crypto::KeyPair kp = crypto::KeyPair::Generate();
//   std::string sig = crypto::Sign(kp, message);                 // 64 raw bytes
//   bool ok = crypto::Verify(kp.public_key(), message, sig);
//
// Keys and signatures are raw byte strings; Base64/Hex convert them for JSON and files.
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/status.h"

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, opaque here

namespace openkp::crypto {

inline constexpr size_t kPublicKeySize = 32;
inline constexpr size_t kSeedSize = 32;
inline constexpr size_t kSignatureSize = 64;

class KeyPair {
 public:
  static KeyPair Generate();
  // Deterministic from a 32-byte seed (the private key as stored on disk).
  static core::Result<KeyPair> FromSeed(std::string_view seed);

  const std::string& public_key() const { return public_key_; }  // 32 bytes
  const std::string& seed() const { return seed_; }              // 32 bytes: secret
  const std::string& secret_key() const { return secret_key_; }  // libsodium's 64 bytes

 private:
  std::string public_key_, seed_, secret_key_;
};

std::string Sign(const KeyPair& key, std::string_view message);
// False for a wrong key or signature size as well as a bad signature.
bool Verify(std::string_view public_key, std::string_view message, std::string_view signature);

std::array<unsigned char, 32> Sha256(std::string_view data);
// SHA-256 of the concatenation of `parts`, without building it (Merkle leaves and nodes).
std::array<unsigned char, 32> Sha256Of(std::initializer_list<std::string_view> parts);
std::string Sha256Hex(std::string_view data);

// SHA-256 of a stream fed in pieces (uploads read from disk in chunks).
// OpenSSL's (SHA extensions where the CPU has them: measured 3x libsodium's on uploads).
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view bytes);
  std::string FinishHex();  // lower-case hex; the hasher is spent afterwards

 private:
  ::evp_md_ctx_st* ctx_;  // OpenSSL's EVP_MD_CTX
};

// HMAC-SHA-256 (32 bytes) of `message` under `key`.
std::string HmacSha256(std::string_view key, std::string_view message);
// MD5 in lower-case hex: only for HTTP Digest authentication (RFC 7616 "MD5"), which ODK
// Collect and Enketo speak; nothing in openkp relies on MD5 for integrity.
std::string Md5Hex(std::string_view data);

// The size in bits of an RSA public key given as DER SubjectPublicKeyInfo (what ODK's
// base64RsaPublicKey holds), or 0 when `der` is not one.
int RsaPublicKeyBits(std::string_view der);

std::string RandomBytes(size_t n);

// Passwords (web sign-in): Argon2id with libsodium's interactive limits (64 MiB, 2 passes),
// encoded with its parameters and salt ("$argon2id$v=19$m=65536,t=2,p=1$..."). An empty result
// means the system could not allocate the memory. ~0.1 s and 64 MiB per call: callers bound how
// many run at once.
std::string HashPassword(std::string_view password);
// Whether `password` matches `encoded` (a HashPassword result; false for anything else).
bool VerifyPassword(std::string_view encoded, std::string_view password);

// RFC 4648 base64 with padding; decoding rejects anything else (whitespace included).
std::string Base64Encode(std::string_view bytes);
core::Result<std::string> Base64Decode(std::string_view text);
// RFC 4648 base64url without padding (tokens).
std::string Base64UrlEncode(std::string_view bytes);
std::string HexEncode(std::string_view bytes);

}  // namespace openkp::crypto
