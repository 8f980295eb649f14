#include "monitor/attachment_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "crypto/crypto.h"

namespace openkp::monitor {

using core::Status;

namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::Internal("cannot " + what + " " + path + ": " + std::strerror(errno));
}

// mkdir, then a sync of the directory holding it, so the new entry survives a power cut.
Status MakeDirectory(const std::string& path, const std::string& parent) {
  if (::mkdir(path.c_str(), 0700) != 0) {
    if (errno == EEXIST) return {};
    return Errno("create", path);
  }
  int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open", parent);
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status() : Errno("sync", parent);
}

bool HasSize(const std::string& path, int64_t size) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == size;
}

}  // namespace

std::string AttachmentFilePath(const std::string& dir, const std::string& sha256) {
  return dir + "/" + sha256.substr(0, 2) + "/" + sha256;
}

Status WriteAttachmentFile(const std::string& dir, const std::string& sha256, int64_t size,
                           ByteSource& source, uint64_t offset) {
  if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Status::Internal("an attachment file is named by a SHA-256, not '" + sha256 + "'");
  }
  const std::string path = AttachmentFilePath(dir, sha256);
  if (HasSize(path, size)) return {};  // the same bytes, received before
  const std::string sub = dir + "/" + sha256.substr(0, 2);
  const size_t slash = dir.find_last_of('/');
  OPENKP_RETURN_IF_ERROR(
      MakeDirectory(dir, slash == std::string::npos ? "." : dir.substr(0, slash)));
  OPENKP_RETURN_IF_ERROR(MakeDirectory(sub, dir));
  // A name of this process and call: two uploads of the same bytes at once each write their own
  // and the second rename replaces the first with the same content.
  static std::atomic<uint64_t> counter{0};
  const std::string tmp =
      sub + "/.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Errno("create", tmp);
  Status st = ForEachChunk(source, offset, static_cast<uint64_t>(size),
                           [&](std::string_view chunk, uint64_t) -> Status {
                             while (!chunk.empty()) {
                               const ssize_t n = ::write(fd, chunk.data(), chunk.size());
                               if (n < 0 && errno == EINTR) continue;
                               if (n < 0) return Errno("write", tmp);
                               chunk.remove_prefix(static_cast<size_t>(n));
                             }
                             return Status();
                           });
  if (st.ok() && ::fdatasync(fd) != 0) st = Errno("sync", tmp);
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) st = Errno("rename", tmp);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  // The rename itself, durable before the row that names the file commits.
  fd = ::open(sub.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("open", sub);
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? Status() : Errno("sync", sub);
}

core::Result<std::string> ReadAttachmentFile(const std::string& dir, const std::string& sha256,
                                             int64_t size) {
  const std::string path = AttachmentFilePath(dir, sha256);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::Internal("attachment file " + sha256 + " is missing from " + dir +
                            ": restore it from a backup");
  }
  std::string out;
  out.resize(static_cast<size_t>(size) + 1);  // one more: a longer file is altered too
  size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  if (static_cast<int64_t>(got) != size || crypto::Sha256Hex(out) != sha256) {
    return Status::Internal("attachment file " + sha256 + " in " + dir +
                            " is not the file received (altered on the disk): restore it from "
                            "a backup");
  }
  return out;
}

}  // namespace openkp::monitor
