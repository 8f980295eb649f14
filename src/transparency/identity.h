// The log's identity: its origin (the checkpoint's first line and the key's name) and its
// Ed25519 signing key, kept in one private file (mode 0600), created once by `openkp init`.
#pragma once

#include <string>

#include "core/status.h"
#include "tlog/note.h"

namespace openkp::transparency {

inline constexpr const char* kDefaultOrigin = "openkp.local/log";

// A named Ed25519 key in one private file ("origin: <name>\ned25519-seed: <b64>\n", 0600): the
// log's identity, or a witness's.
struct NamedKey {
  std::string name;
  crypto::KeyPair key;
};
// Creates `path` with a new key unless it exists; then loads it.
core::Result<NamedKey> LoadOrCreateNamedKey(const std::string& path, const std::string& name);
core::Result<NamedKey> LoadNamedKey(const std::string& path);

// The log's identity as a note signer.
core::Result<tlog::NoteSigner> LoadOrCreateLogIdentity(const std::string& path,
                                                       const std::string& origin);
core::Result<tlog::NoteSigner> LoadLogIdentity(const std::string& path);

}  // namespace openkp::transparency
