// Witnesses: tlog-cosignature/v1 (signed-note signature type 0x04) and the tlog-witness
// add-checkpoint request. A witness cosigns a checkpoint only after checking it is consistent
// with the last one it cosigned for that log, so N independent witnesses make a split view
// (two inconsistent checkpoints shown to different people) require N colluding parties.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/crypto.h"
#include "tlog/merkle.h"
#include "tlog/note.h"

namespace openkp::tlog {

// SHA-256(name || '\n' || 0x04 || public_key)[:4], big-endian.
uint32_t CosignatureKeyId(std::string_view name, std::string_view public_key);
// What a cosignature signs: "cosignature/v1\ntime <timestamp>\n" + the checkpoint body.
std::string CosignedMessage(uint64_t timestamp, std::string_view checkpoint_text);

struct WitnessVerifier {
  std::string name;
  uint32_t key_id = 0;
  std::string public_key;
  std::string VerifierKey() const;  // name+hexid+base64(0x04 || key)
  static core::Result<WitnessVerifier> FromVerifierKey(std::string_view vkey);
  // True if `sig` (from OpenNote's unverified list) is this witness's valid cosignature.
  bool Verifies(std::string_view checkpoint_text, const NoteSignature& sig) const;
};

class Cosigner {
 public:
  Cosigner(std::string name, crypto::KeyPair key);
  WitnessVerifier verifier() const;
  // "— <name> <base64(key id || u64 timestamp || Ed25519 signature)>\n"
  std::string CosignatureLine(std::string_view checkpoint_text, uint64_t timestamp) const;

 private:
  std::string name_;
  crypto::KeyPair key_;
  uint32_t key_id_;
};

// How many of `witnesses` (distinct) validly cosigned the opened note.
int CountCosignatures(const OpenedNote& note, const std::vector<WitnessVerifier>& witnesses);

// POST <prefix>/add-checkpoint body: "old <N>\n", up to 63 base64 proof lines, "\n", checkpoint.
struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash> proof;
  std::string checkpoint;  // signed note
};
std::string FormatAddCheckpoint(const AddCheckpointRequest& r);
core::Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view text);

}  // namespace openkp::tlog
