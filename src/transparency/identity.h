// The log's identity: its origin (the checkpoint's first line and the key's name) and its
// Ed25519 signing key, kept in one private file (mode 0600), created once by `openkp init`.
#pragma once

#include <string>

#include "core/status.h"
#include "tlog/note.h"

namespace openkp::transparency {

inline constexpr const char* kDefaultOrigin = "openkp.local/log";

// Creates `path` with a new key unless it exists; then loads it.
core::Result<tlog::NoteSigner> LoadOrCreateLogIdentity(const std::string& path,
                                                       const std::string& origin);
core::Result<tlog::NoteSigner> LoadLogIdentity(const std::string& path);

}  // namespace openkp::transparency
