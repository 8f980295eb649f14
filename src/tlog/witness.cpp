#include "tlog/witness.h"

#include <cstdio>
#include <cstring>
#include <set>

namespace openkp::tlog {

using core::Result;
using core::Status;

namespace {
constexpr uint8_t kCosignatureType = 0x04;
constexpr std::string_view kDash = "\xE2\x80\x94 ";

std::string BigEndian(uint64_t v, int bytes) {
  std::string out(static_cast<size_t>(bytes), '\0');
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xFF);
  return out;
}
}  // namespace

uint32_t CosignatureKeyId(std::string_view name, std::string_view public_key) {
  return NoteKeyId(name, kCosignatureType, public_key);
}

std::string CosignedMessage(uint64_t timestamp, std::string_view checkpoint_text) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(checkpoint_text);
}

std::string WitnessVerifier::VerifierKey() const {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", key_id);
  return name + "+" + hex + "+" +
         crypto::Base64Encode(std::string(1, static_cast<char>(kCosignatureType)) + public_key);
}

Result<WitnessVerifier> WitnessVerifier::FromVerifierKey(std::string_view vkey) {
  auto bad = [] {
    return Status::Invalid("witness", "vkey",
                           "expected <name>+<8 hex>+<base64 of 0x04 and a 32-byte Ed25519 key>");
  };
  size_t p1 = vkey.find('+');
  size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return bad();
  WitnessVerifier v;
  v.name = std::string(vkey.substr(0, p1));
  std::string_view hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  auto raw = crypto::Base64Decode(vkey.substr(p2 + 1));
  if (!IsValidKeyName(v.name) || hex.size() != 8 ||
      hex.find_first_not_of("0123456789abcdef") != std::string_view::npos || !raw.ok() ||
      raw->size() != 33 || static_cast<uint8_t>((*raw)[0]) != kCosignatureType) {
    return bad();
  }
  v.key_id = static_cast<uint32_t>(std::stoul(std::string(hex), nullptr, 16));
  v.public_key = raw->substr(1);
  if (CosignatureKeyId(v.name, v.public_key) != v.key_id) return bad();
  return v;
}

bool WitnessVerifier::Verifies(std::string_view checkpoint_text, const NoteSignature& sig) const {
  if (sig.name != name || sig.key_id != key_id) return false;
  auto raw = crypto::Base64Decode(sig.base64);
  if (!raw.ok() || raw->size() != 4 + 8 + 64) return false;
  uint64_t ts = 0;
  for (int i = 0; i < 8; ++i) ts = (ts << 8) | static_cast<uint8_t>((*raw)[4 + i]);
  return crypto::Verify(public_key, CosignedMessage(ts, checkpoint_text),
                        std::string_view(*raw).substr(12));
}

Cosigner::Cosigner(std::string name, crypto::KeyPair key)
    : name_(std::move(name)), key_(std::move(key)) {
  key_id_ = CosignatureKeyId(name_, key_.public_key());
}

WitnessVerifier Cosigner::verifier() const { return {name_, key_id_, key_.public_key()}; }

std::string Cosigner::CosignatureLine(std::string_view checkpoint_text, uint64_t timestamp) const {
  std::string payload = BigEndian(key_id_, 4) + BigEndian(timestamp, 8) +
                        crypto::Sign(key_, CosignedMessage(timestamp, checkpoint_text));
  return std::string(kDash) + name_ + " " + crypto::Base64Encode(payload) + "\n";
}

int CountCosignatures(const OpenedNote& note, const std::vector<WitnessVerifier>& witnesses) {
  std::set<std::string> counted;
  for (const auto& w : witnesses) {
    for (const auto& sig : note.unverified) {
      if (!counted.count(w.name) && w.Verifies(note.text, sig)) counted.insert(w.name);
    }
  }
  return static_cast<int>(counted.size());
}

std::string FormatAddCheckpoint(const AddCheckpointRequest& r) {
  return "old " + std::to_string(r.old_size) + "\n" +
         FormatProofAndCheckpoint(r.proof, r.checkpoint);
}

Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view text) {
  AddCheckpointRequest r;
  size_t eol = text.find('\n');
  if (eol == std::string_view::npos || text.substr(0, 4) != "old " ||
      !ParseDecimal(text.substr(4, eol - 4), &r.old_size)) {
    return Status::Invalid("add-checkpoint", "tlog-witness",
                           "expected 'old <N>' with N a decimal number without leading zeros");
  }
  OPENKP_RETURN_IF_ERROR(ParseProofAndCheckpoint(text.substr(eol + 1), 63, "add-checkpoint",
                                                 "tlog-witness", &r.proof, &r.checkpoint));
  return r;
}

}  // namespace openkp::tlog
