#include "transparency/tile_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

namespace openkp::transparency {

using core::Status;

namespace {

class DirectoryTileStore final : public TileStore {
 public:
  explicit DirectoryTileStore(std::string dir) : dir_(std::move(dir)) {}

  Status Put(std::string_view path, std::string_view data) override {
    if (path.empty() || path.find("..") != std::string_view::npos || path[0] == '/') {
      return Status::Invalid("path", "tile-path", "bad tile store path");
    }
    const std::filesystem::path target = std::filesystem::path(dir_) / std::string(path);
    const std::string parent = target.parent_path().string();
    {
      std::lock_guard lock(mu_);
      if (!made_.count(parent)) {  // one mkdir walk per directory, not per tile
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);
        if (ec) return Status::Internal("cannot create " + parent);
        made_.insert(parent);
      }
    }
    const std::string tmp = target.string() + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::Internal("cannot write " + tmp + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0) {
        ::close(fd);
        return Status::Internal("cannot write " + tmp + ": " + std::strerror(errno));
      }
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
      return Status::Internal("cannot publish " + target.string() + ": " + std::strerror(errno));
    }
    return {};
  }

  Status Sync() override {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    int fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Status::Internal("cannot open " + dir_ + ": " + std::strerror(errno));
    bool ok = ::syncfs(fd) == 0;  // data and renames of every file written so far
    ::close(fd);
    if (!ok) return Status::Internal("cannot sync " + dir_ + ": " + std::strerror(errno));
    return {};
  }

  core::Result<std::string> Get(std::string_view path) override {
    const std::filesystem::path target = std::filesystem::path(dir_) / std::string(path);
    std::ifstream in(target, std::ios::binary);
    if (!in) return Status::NotFound("no log file " + std::string(path));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  std::string dir_;
  std::mutex mu_;
  std::set<std::string> made_;  // directories known to exist
};

}  // namespace

std::unique_ptr<TileStore> OpenDirectoryTileStore(std::string dir) {
  return std::make_unique<DirectoryTileStore>(std::move(dir));
}

}  // namespace openkp::transparency
