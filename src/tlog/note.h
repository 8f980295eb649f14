// C2SP signed notes with Ed25519 (signature type 0x01), and tlog checkpoints carried in them.
// Compatible with golang.org/x/mod/sumdb/note (tests use its published vectors).
//
//   tlog::NoteSigner log("openkp.example/log", keypair);
//   std::string note = tlog::SignNote(tlog::FormatCheckpoint({origin, size, root}), {log});
//   auto opened = tlog::OpenNote(note, {log.verifier()});      // text + verified signatures
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/crypto.h"
#include "tlog/merkle.h"

namespace openkp::tlog {

// A key name: non-empty UTF-8 with no spaces, '+' or control characters.
bool IsValidKeyName(std::string_view name);

// SHA-256(name || '\n' || type || public_key)[:4], big-endian: the key id of signed notes.
uint32_t NoteKeyId(std::string_view name, uint8_t signature_type, std::string_view public_key);
// NoteKeyId for an Ed25519 note signer (type 0x01).
uint32_t Ed25519KeyId(std::string_view name, std::string_view public_key);

// The tail shared by tlog-proof receipts and tlog-witness requests: one base64 hash per line,
// an empty line, then a signed checkpoint verbatim.
std::string FormatProofAndCheckpoint(const std::vector<Hash>& proof, std::string_view checkpoint);
// Parses that tail (at most `max_hashes` hashes); errors use `field` and `rule`.
core::Status ParseProofAndCheckpoint(std::string_view text, size_t max_hashes,
                                     const std::string& field, const std::string& rule,
                                     std::vector<Hash>* proof, std::string* checkpoint);
// A decimal number without leading zeros, at most 19 digits.
bool ParseDecimal(std::string_view text, uint64_t* out);

struct NoteVerifier {
  std::string name;
  uint32_t key_id = 0;
  std::string public_key;  // 32 raw bytes

  // "<name>+<8 hex key id>+<base64(0x01 || public key)>"
  std::string VerifierKey() const;
  static core::Result<NoteVerifier> FromVerifierKey(std::string_view vkey);
};

class NoteSigner {
 public:
  NoteSigner(std::string name, crypto::KeyPair key);
  const std::string& name() const { return name_; }
  NoteVerifier verifier() const;
  // The signature line's base64 payload: key id (4 bytes) || Ed25519 signature over `text`.
  std::string SignatureBase64(std::string_view text) const;

 private:
  std::string name_;
  crypto::KeyPair key_;
  uint32_t key_id_;
};

// text (non-empty, ends in '\n', UTF-8 without other control characters) + '\n' + one line
// "— <name> <base64>\n" per signer.
core::Result<std::string> SignNote(std::string_view text, const std::vector<NoteSigner>& signers);

struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string base64;
};

struct OpenedNote {
  std::string text;
  std::vector<NoteSignature> verified;    // by a known verifier
  std::vector<NoteSignature> unverified;  // unknown (name, key id): kept, e.g. for cosigners
};

// Parses and verifies: at least one signature by a known verifier must verify; a known key's
// bad signature is an error; unknown signers are ignored (and returned). At most 100 lines.
core::Result<OpenedNote> OpenNote(std::string_view note, const std::vector<NoteVerifier>& known);

// c2sp.org/tlog-proof@v1: an offline proof that an entry is in a log, for its holder.
//   c2sp.org/tlog-proof@v1 \n [extra <b64>\n] index <n>\n <b64 hash>\n ... \n <checkpoint note>
struct Receipt {
  std::string extra;  // optional application data (openkp: the certificate's commitment salt)
  uint64_t index = 0;
  std::vector<Hash> proof;
  std::string checkpoint;  // the signed checkpoint note, verbatim
};
std::string FormatReceipt(const Receipt& r);
core::Result<Receipt> ParseReceipt(std::string_view text);

// tlog-checkpoint body: "<origin>\n<size>\n<base64 root>\n" (no extension lines).
struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  bool operator==(const Checkpoint&) const = default;
};
std::string FormatCheckpoint(const Checkpoint& c);
core::Result<Checkpoint> ParseCheckpoint(std::string_view text);

}  // namespace openkp::tlog
