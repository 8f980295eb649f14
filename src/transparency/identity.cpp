#include "transparency/identity.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace openkp::transparency {

using core::Status;

core::Result<NamedKey> LoadNamedKey(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("no log identity at " + path + "; run `openkp init`");
  std::string origin_line, seed_line;
  std::getline(in, origin_line);
  std::getline(in, seed_line);
  const std::string o = "origin: ", k = "ed25519-seed: ";
  if (origin_line.rfind(o, 0) != 0 || seed_line.rfind(k, 0) != 0) {
    return Status::Internal("log identity " + path + " is malformed");
  }
  auto seed = crypto::Base64Decode(seed_line.substr(k.size()));
  if (!seed.ok()) return Status::Internal("log identity " + path + " is malformed");
  auto key = crypto::KeyPair::FromSeed(*seed);
  if (!key.ok()) return key.status();
  std::string origin = origin_line.substr(o.size());
  if (!tlog::IsValidKeyName(origin)) {
    return Status::Internal("key name '" + origin + "' in " + path + " is not valid");
  }
  return NamedKey{origin, *key};
}

core::Result<NamedKey> LoadOrCreateNamedKey(const std::string& path, const std::string& origin) {
  if (!tlog::IsValidKeyName(origin)) {
    return Status::Invalid("name", "key-name",
                           "a key name must be non-empty, without spaces or '+'");
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    std::string text = "origin: " + origin + "\ned25519-seed: " +
                       crypto::Base64Encode(crypto::KeyPair::Generate().seed()) + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return Status::Internal("cannot write " + path);
  } else if (errno != EEXIST) {
    return Status::Internal("cannot create " + path + ": " + std::strerror(errno));
  }
  return LoadNamedKey(path);
}

core::Result<tlog::NoteSigner> LoadOrCreateLogIdentity(const std::string& path,
                                                       const std::string& origin) {
  auto k = LoadOrCreateNamedKey(path, origin);
  if (!k.ok()) return k.status();
  return tlog::NoteSigner(k->name, k->key);
}

core::Result<tlog::NoteSigner> LoadLogIdentity(const std::string& path) {
  auto k = LoadNamedKey(path);
  if (!k.ok()) return k.status();
  return tlog::NoteSigner(k->name, k->key);
}

}  // namespace openkp::transparency
