#include "tlog/note.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace openkp::tlog {

using core::Result;
using core::Status;

namespace {

constexpr std::string_view kDash = "\xE2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr uint8_t kEd25519 = 0x01;
constexpr size_t kMaxSignatures = 100;

Status Bad(const std::string& rule, const std::string& what) {
  return Status::Invalid("note", rule, what);
}

// UTF-8 (well-formed enough: no stray continuation bytes) with no control characters but '\n'.
bool IsNoteText(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
      ++i;
      continue;
    }
    int len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += len;
  }
  return true;
}

std::string KeyIdBytes(uint32_t id) {
  std::string b(4, '\0');
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((id >> (24 - 8 * i)) & 0xFF);
  return b;
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty() || !IsNoteText(name)) return false;
  return name.find_first_of(" +\n") == std::string_view::npos;
}

uint32_t NoteKeyId(std::string_view name, uint8_t signature_type, std::string_view public_key) {
  auto h = crypto::Sha256Of({name, "\n",
                             std::string_view(reinterpret_cast<const char*>(&signature_type), 1),
                             public_key});
  return (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | uint32_t{h[3]};
}

uint32_t Ed25519KeyId(std::string_view name, std::string_view public_key) {
  return NoteKeyId(name, kEd25519, public_key);
}

std::string FormatProofAndCheckpoint(const std::vector<Hash>& proof, std::string_view checkpoint) {
  std::string out;
  for (const Hash& h : proof) {
    out += crypto::Base64Encode(std::string_view(reinterpret_cast<const char*>(h.data()), 32));
    out += "\n";
  }
  out += "\n";
  out += checkpoint;
  return out;
}

Status ParseProofAndCheckpoint(std::string_view text, size_t max_hashes, const std::string& field,
                               const std::string& rule, std::vector<Hash>* proof,
                               std::string* checkpoint) {
  auto bad = [&](const std::string& what) { return Status::Invalid(field, rule, what); };
  while (true) {
    size_t eol = text.find('\n');
    if (eol == std::string_view::npos) return bad("missing the empty line before the checkpoint");
    std::string_view line = text.substr(0, eol);
    text = text.substr(eol + 1);
    if (line.empty()) break;
    if (proof->size() >= max_hashes) {
      return bad("more than " + std::to_string(max_hashes) + " proof hashes");
    }
    auto h = crypto::Base64Decode(line);
    if (!h.ok() || h->size() != 32) return bad("proof lines must be base64 of 32 bytes");
    Hash hash;
    std::memcpy(hash.data(), h->data(), 32);
    proof->push_back(hash);
  }
  if (text.empty()) return bad("missing the checkpoint");
  *checkpoint = std::string(text);
  return {};
}

bool ParseDecimal(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string_view::npos ||
      (s.size() > 1 && s[0] == '0')) {
    return false;
  }
  *out = std::stoull(std::string(s));
  return true;
}

std::string NoteVerifier::VerifierKey() const {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", key_id);
  std::string typed(1, static_cast<char>(kEd25519));
  typed += public_key;
  return name + "+" + hex + "+" + crypto::Base64Encode(typed);
}

Result<NoteVerifier> NoteVerifier::FromVerifierKey(std::string_view vkey) {
  size_t p1 = vkey.find('+');
  size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return Bad("vkey", "expected <name>+<hex id>+<base64 key>");
  NoteVerifier v;
  v.name = std::string(vkey.substr(0, p1));
  std::string_view hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  if (!IsValidKeyName(v.name)) return Bad("vkey", "invalid key name");
  if (hex.size() != 8 || hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return Bad("vkey", "key id must be 8 lowercase hex digits");
  }
  v.key_id = static_cast<uint32_t>(std::stoul(std::string(hex), nullptr, 16));
  auto raw = crypto::Base64Decode(vkey.substr(p2 + 1));
  if (!raw.ok() || raw->size() != 33 || static_cast<uint8_t>((*raw)[0]) != kEd25519) {
    return Bad("vkey", "key must be base64 of 0x01 and a 32-byte Ed25519 public key");
  }
  v.public_key = raw->substr(1);
  if (Ed25519KeyId(v.name, v.public_key) != v.key_id) {
    return Bad("vkey", "key id does not match the name and key");
  }
  return v;
}

NoteSigner::NoteSigner(std::string name, crypto::KeyPair key)
    : name_(std::move(name)), key_(std::move(key)) {
  key_id_ = Ed25519KeyId(name_, key_.public_key());
}

NoteVerifier NoteSigner::verifier() const { return {name_, key_id_, key_.public_key()}; }

std::string NoteSigner::SignatureBase64(std::string_view text) const {
  return crypto::Base64Encode(KeyIdBytes(key_id_) + crypto::Sign(key_, text));
}

Result<std::string> SignNote(std::string_view text, const std::vector<NoteSigner>& signers) {
  if (text.empty() || text.back() != '\n') return Bad("note-text", "text must end in a newline");
  if (!IsNoteText(text)) return Bad("note-text", "text must be UTF-8 without control characters");
  if (signers.empty()) return Bad("note-signers", "a note needs at least one signature");
  std::string out(text);
  out += '\n';
  for (const auto& s : signers) {
    if (!IsValidKeyName(s.name())) return Bad("note-signers", "invalid key name");
    out += kDash;
    out += s.name();
    out += ' ';
    out += s.SignatureBase64(text);
    out += '\n';
  }
  return out;
}

Result<OpenedNote> OpenNote(std::string_view note, const std::vector<NoteVerifier>& known) {
  if (!IsNoteText(note)) return Bad("note-text", "note must be UTF-8 without control characters");
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Bad("note-format", "no signature block");
  OpenedNote out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n')
    return Bad("note-format", "signature block must end in a newline");
  size_t lines = 0;
  while (!sigs.empty()) {
    size_t eol = sigs.find('\n');
    std::string_view line = sigs.substr(0, eol);
    sigs = sigs.substr(eol + 1);
    if (++lines > kMaxSignatures) return Bad("note-format", "too many signatures");
    if (line.substr(0, kDash.size()) != kDash)
      return Bad("note-format", "signature line must start with '— '");
    line = line.substr(kDash.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos)
      return Bad("note-format", "signature line needs a name and a signature");
    NoteSignature sig{std::string(line.substr(0, space)), 0, std::string(line.substr(space + 1))};
    if (!IsValidKeyName(sig.name))
      return Bad("note-format", "invalid key name in a signature line");
    auto raw = crypto::Base64Decode(sig.base64);
    if (!raw.ok() || raw->size() < 5)
      return Bad("note-format", "signature is not base64 of a key id and a signature");
    sig.key_id = (uint32_t{static_cast<uint8_t>((*raw)[0])} << 24) |
                 (uint32_t{static_cast<uint8_t>((*raw)[1])} << 16) |
                 (uint32_t{static_cast<uint8_t>((*raw)[2])} << 8) |
                 uint32_t{static_cast<uint8_t>((*raw)[3])};
    const NoteVerifier* v = nullptr;
    for (const auto& k : known) {
      if (k.name == sig.name && k.key_id == sig.key_id) v = &k;
    }
    if (v == nullptr) {
      out.unverified.push_back(std::move(sig));
      continue;
    }
    if (!crypto::Verify(v->public_key, out.text, std::string_view(*raw).substr(4))) {
      return Bad("note-signature", "signature by " + sig.name + " does not verify");
    }
    out.verified.push_back(std::move(sig));
  }
  if (out.verified.empty()) return Bad("note-unverified", "no signature by a known key");
  return out;
}

std::string FormatReceipt(const Receipt& r) {
  std::string out = "c2sp.org/tlog-proof@v1\n";
  if (!r.extra.empty()) out += "extra " + crypto::Base64Encode(r.extra) + "\n";
  out += "index " + std::to_string(r.index) + "\n";
  return out + FormatProofAndCheckpoint(r.proof, r.checkpoint);
}

Result<Receipt> ParseReceipt(std::string_view text) {
  auto bad = [](const std::string& what) { return Status::Invalid("receipt", "tlog-proof", what); };
  auto line = [&](std::string_view* out) {
    size_t eol = text.find('\n');
    if (eol == std::string_view::npos) return false;
    *out = text.substr(0, eol);
    text = text.substr(eol + 1);
    return true;
  };
  std::string_view l;
  if (!line(&l) || l != "c2sp.org/tlog-proof@v1")
    return bad("first line must be c2sp.org/tlog-proof@v1");
  Receipt r;
  if (!line(&l)) return bad("truncated");
  if (l.rfind("extra ", 0) == 0) {
    auto extra = crypto::Base64Decode(l.substr(6));
    if (!extra.ok()) return bad("extra is not base64");
    r.extra = *extra;
    if (!line(&l)) return bad("truncated");
  }
  if (l.rfind("index ", 0) != 0) return bad("expected an index line");
  if (!ParseDecimal(l.substr(6), &r.index)) {
    return bad("index must be a decimal number without leading zeros");
  }
  OPENKP_RETURN_IF_ERROR(
      ParseProofAndCheckpoint(text, 64, "receipt", "tlog-proof", &r.proof, &r.checkpoint));
  return r;
}

std::string FormatCheckpoint(const Checkpoint& c) {
  return c.origin + "\n" + std::to_string(c.size) + "\n" +
         crypto::Base64Encode(std::string_view(reinterpret_cast<const char*>(c.root.data()), 32)) +
         "\n";
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  auto bad = [](const std::string& what) {
    return Status::Invalid("checkpoint", "checkpoint", what);
  };
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    if (eol == std::string_view::npos) return bad("every line must end in a newline");
    lines.push_back(text.substr(0, eol));
    text = text.substr(eol + 1);
  }
  if (lines.size() < 3) return bad("expected origin, size and root hash lines");
  Checkpoint c;
  c.origin = std::string(lines[0]);
  if (c.origin.empty() || !IsNoteText(c.origin)) return bad("origin must be a non-empty line");
  std::string_view size = lines[1];
  if (size.empty() || size.size() > 20 ||
      size.find_first_not_of("0123456789") != std::string_view::npos ||
      (size.size() > 1 && size[0] == '0')) {
    return bad("size must be a decimal number without leading zeros");
  }
  errno = 0;
  unsigned long long v = std::strtoull(std::string(size).c_str(), nullptr, 10);
  if (errno == ERANGE) return bad("size is out of range");
  c.size = v;
  auto root = crypto::Base64Decode(lines[2]);
  if (!root.ok() || root->size() != 32) return bad("root must be base64 of 32 bytes");
  std::memcpy(c.root.data(), root->data(), 32);
  return c;
}

}  // namespace openkp::tlog
