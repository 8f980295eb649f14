#include "crypto/crypto.h"

// OpenSSL 3's one-shot SHA256() fetches the algorithm through EVP on every call (locks, name
// lookups: measured at over half the cost of a 65-byte hash); the low-level functions do not.
// They are deprecated in 3.0 but remain the direct implementation (SHA-NI where available).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace openkp::crypto {

namespace {
// libsodium must be initialised once before use; sodium_init is thread-safe and idempotent.
void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();  // no secure randomness: nothing else is safe to do
}
std::string Bytes(const unsigned char* p, size_t n) {
  return std::string(reinterpret_cast<const char*>(p), n);
}
const unsigned char* U(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
}  // namespace

KeyPair KeyPair::Generate() {
  EnsureSodium();
  return *FromSeed(RandomBytes(kSeedSize));
}

core::Result<KeyPair> KeyPair::FromSeed(std::string_view seed) {
  EnsureSodium();
  if (seed.size() != kSeedSize) {
    return core::Status::Invalid("seed", "size", "an Ed25519 seed is 32 bytes");
  }
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, U(seed));
  KeyPair kp;
  kp.public_key_ = Bytes(pk, sizeof pk);
  kp.seed_ = std::string(seed);
  kp.secret_key_ = Bytes(sk, sizeof sk);
  sodium_memzero(sk, sizeof sk);
  return kp;
}

std::string Sign(const KeyPair& key, std::string_view message) {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, U(message), message.size(), U(key.secret_key()));
  return Bytes(sig, sizeof sig);
}

bool Verify(std::string_view public_key, std::string_view message, std::string_view signature) {
  EnsureSodium();
  if (public_key.size() != kPublicKeySize || signature.size() != kSignatureSize) return false;
  return crypto_sign_verify_detached(U(signature), U(message), message.size(), U(public_key)) == 0;
}

std::array<unsigned char, 32> Sha256(std::string_view data) { return Sha256Of({data}); }

std::array<unsigned char, 32> Sha256Of(std::initializer_list<std::string_view> parts) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  for (std::string_view p : parts) SHA256_Update(&ctx, p.data(), p.size());
  std::array<unsigned char, 32> out{};
  SHA256_Final(out.data(), &ctx);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  auto h = Sha256(data);
  return HexEncode(Bytes(h.data(), h.size()));
}

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(ctx_); }

void Sha256Hasher::Update(std::string_view bytes) {
  EVP_DigestUpdate(ctx_, bytes.data(), bytes.size());
}

std::string Sha256Hasher::FinishHex() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_, out, &len);
  return HexEncode(Bytes(out, len));
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Md5Hex(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_md5(), nullptr);
  return HexEncode(Bytes(out, len));
}

int RsaPublicKeyBits(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  if (key == nullptr) return 0;
  const int bits = EVP_PKEY_base_id(key) == EVP_PKEY_RSA &&
                           p == reinterpret_cast<const unsigned char*>(der.data()) + der.size()
                       ? EVP_PKEY_get_bits(key)
                       : 0;
  EVP_PKEY_free(key);
  return bits;
}

std::string HashPassword(std::string_view password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return "";
  }
  return out;
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  EnsureSodium();
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(encoded);  // libsodium reads a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string RandomBytes(size_t n) {
  EnsureSodium();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  EnsureSodium();
  std::vector<char> buf(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL));
  sodium_bin2base64(buf.data(), buf.size(), U(bytes), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  return std::string(buf.data());
}

std::string Base64UrlEncode(std::string_view bytes) {
  EnsureSodium();
  std::vector<char> buf(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING));
  sodium_bin2base64(buf.data(), buf.size(), U(bytes), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(buf.data());
}

core::Result<std::string> Base64Decode(std::string_view text) {
  EnsureSodium();
  // libsodium's decoder maps some bytes outside the alphabet (e.g. 0xAC) to digits: check the
  // alphabet first, so that one value has one text.
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/' || c == '=';
    if (!ok) return core::Status::Invalid("", "base64", "is not padded RFC 4648 base64");
  }
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (text.size() % 4 != 0 ||
      sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return core::Status::Invalid("", "base64", "is not padded RFC 4648 base64");
  }
  out.resize(len);
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace openkp::crypto
