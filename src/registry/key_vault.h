// Private authority keys on the server's filesystem: one file per key, mode 0600, in a 0700
// directory. Private keys never leave this class except to sign.
#pragma once

#include <string>

#include "core/status.h"
#include "crypto/crypto.h"

namespace openkp::registry {

class KeyVault {
 public:
  explicit KeyVault(std::string dir) : dir_(std::move(dir)) {}

  // Writes a new key file; refuses to overwrite one.
  core::Status Save(const std::string& key_id, const crypto::KeyPair& key);
  core::Result<crypto::KeyPair> Load(const std::string& key_id) const;
  std::string PathFor(const std::string& key_id) const;

 private:
  std::string dir_;
};

}  // namespace openkp::registry
