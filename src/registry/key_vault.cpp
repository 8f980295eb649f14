#include "registry/key_vault.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace openkp::registry {

using core::Status;

std::string KeyVault::PathFor(const std::string& key_id) const {
  return dir_ + "/" + key_id + ".key";
}

Status KeyVault::Save(const std::string& key_id, const crypto::KeyPair& key) {
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Internal("cannot create key directory " + dir_ + ": " + std::strerror(errno));
  }
  const std::string path = PathFor(key_id);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return Status::Internal("cannot create key file " + path + ": " + std::strerror(errno));
  std::string text = "openkp-ed25519-seed:" + crypto::Base64Encode(key.seed()) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::Internal("cannot write key file " + path);
  return {};
}

core::Result<crypto::KeyPair> KeyVault::Load(const std::string& key_id) const {
  const std::string path = PathFor(key_id);
  std::ifstream in(path);
  if (!in) {
    // A server of several whose operator has not copied the key yet: a fault of this server,
    // not of the request; the message names the file relative to the data directory only.
    return Status(core::Code::kUnavailable,
                  "the private key " + key_id + " is not on this server (keys/" + key_id +
                      ".key in its data directory): an operator must copy it there from the "
                      "server that generated it");
  }
  std::string line;
  std::getline(in, line);
  const std::string prefix = "openkp-ed25519-seed:";
  if (line.rfind(prefix, 0) != 0) return Status::Internal("key file " + path + " is malformed");
  auto seed = crypto::Base64Decode(line.substr(prefix.size()));
  if (!seed.ok()) return Status::Internal("key file " + path + " is malformed");
  return crypto::KeyPair::FromSeed(*seed);
}

}  // namespace openkp::registry
