#include "transparency/tile_store.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

namespace openkp::transparency {

using core::Status;

namespace {

// Put validates the path, queues the bytes and returns; one writer thread creates the files
// while the caller goes on hashing (measured: file creation and hashing each take about half of
// an append on two cores, see docs/BENCHMARKS.md). Get answers queued bytes first, so callers
// see their own writes at once; Sync waits for the queue, then makes it all durable.
class DirectoryTileStore final : public TileStore {
 public:
  // The temporary file lives outside the tile directories, so each of those (1 000 entries)
  // changes once per tile, not three times; its name is this process's and this store's alone.
  explicit DirectoryTileStore(std::string dir)
      : dir_(std::move(dir)),
        tmp_(dir_ + "/.tmp-" + std::to_string(::getpid()) + "-" +
             std::to_string(next_instance_.fetch_add(1))) {}

  ~DirectoryTileStore() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    work_.notify_all();
    if (writer_.joinable()) writer_.join();  // drains the queue first: files are not dropped
  }

  Status Put(std::string_view path, std::string data) override {
    if (path.empty() || path.find("..") != std::string_view::npos || path[0] == '/') {
      return Status::Invalid("path", "tile-path", "bad tile store path");
    }
    Forget(path);  // written again (a batch retried after a failure): read it anew
    auto bytes = std::make_shared<const std::string>(std::move(data));
    std::unique_lock lock(mu_);
    // Bounded: a caller faster than the disk waits rather than holding every tile in memory, and
    // then until half the queue is written, so the two threads do not wake each other per file.
    if (queued_bytes_ >= kMaxQueuedBytes) {
      ++room_waiters_;
      room_.wait(lock, [&] { return queued_bytes_ <= kMaxQueuedBytes / 2; });
      --room_waiters_;
    }
    if (!writer_.joinable()) {
      writer_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "openkp-tiles");
        WriteQueued();
      });
    }
    const bool writer_idle = queue_.empty();  // the writer sleeps only on an empty queue
    std::string key(path);
    queue_.push_back({key, bytes});
    queued_bytes_ += bytes->size();
    pending_[std::move(key)] = std::move(bytes);
    lock.unlock();
    if (writer_idle) work_.notify_one();
    return {};
  }

  Status Sync() override {
    {
      std::unique_lock lock(mu_);
      ++room_waiters_;
      room_.wait(lock, [&] { return queue_.empty() && !writing_; });
      --room_waiters_;
      // A failed write is reported once, here; the caller's retry writes the batch again.
      if (!error_.ok()) return std::exchange(error_, Status{});
    }
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
    {
      std::lock_guard lock(mu_);
      if (auto it = pending_.find(path); it != pending_.end()) return *it->second;
    }
    {
      std::lock_guard lock(cache_mu_);
      if (auto it = cache_.find(path); it != cache_.end()) return *it->second;
    }
    auto read = ReadFile(path);
    if (read.ok() && path != "checkpoint") Remember(path, *read);
    return read;
  }

 private:
  static constexpr size_t kMaxQueuedBytes = 64 << 20;
  // Files read back, kept: every file but the checkpoint is written once and never changes (a
  // tile's path names its width), so receipts and /log/ reads stop touching the disk for hot
  // tiles. Bounded: past the budget the cache starts over (simple, and the hot tiles come back
  // at once).
  static constexpr size_t kMaxCachedBytes = 64 << 20;

  void Remember(std::string_view path, const std::string& data) {
    std::lock_guard lock(cache_mu_);
    if (cached_bytes_ + data.size() > kMaxCachedBytes) {
      cache_.clear();
      cached_bytes_ = 0;
    }
    auto [it, added] = cache_.emplace(std::string(path), std::make_shared<const std::string>(data));
    if (added) cached_bytes_ += data.size();
  }

  void Forget(std::string_view path) {
    std::lock_guard lock(cache_mu_);
    if (auto it = cache_.find(path); it != cache_.end()) {
      cached_bytes_ -= it->second->size();
      cache_.erase(it);
    }
  }

  core::Result<std::string> ReadFile(std::string_view path) {
    const std::string target = (std::filesystem::path(dir_) / std::string(path)).string();
    const int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        return Status::NotFound("no log file " + std::string(path));
      }
      return Status::Internal("cannot read " + target + ": " + std::strerror(errno));
    }
    std::string out;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Status::NotFound("no log file " + std::string(path));  // a directory, not a file
    }
    if (st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
    char buf[16384];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        ::close(fd);
        return Status::Internal("cannot read " + target + ": " + std::strerror(errno));
      }
      if (n == 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
  }

  struct Queued {
    std::string path;
    std::shared_ptr<const std::string> data;
  };

  void WriteQueued() {
    std::unique_lock lock(mu_);
    for (;;) {
      work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping and drained
      Queued next = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
      const bool failed = !error_.ok();  // after a failure the rest of the batch is skipped
      lock.unlock();
      Status written = failed ? Status{} : WriteFile(next.path, *next.data);
      lock.lock();
      writing_ = false;
      queued_bytes_ -= next.data->size();
      // Forget the queued copy unless a newer Put of the same path is still waiting.
      if (auto it = pending_.find(next.path); it != pending_.end() && it->second == next.data) {
        pending_.erase(it);
      }
      if (!written.ok() && error_.ok()) error_ = written;
      if (room_waiters_ > 0 && (queue_.empty() || queued_bytes_ <= kMaxQueuedBytes / 2)) {
        room_.notify_all();
      }
    }
  }

  // A temporary file renamed into place, so readers never see a partial tile.
  Status WriteFile(const std::string& path, const std::string& data) {
    const std::filesystem::path target = std::filesystem::path(dir_) / path;
    const std::string parent = target.parent_path().string();
    if (!made_.count(parent)) {  // one mkdir walk per directory, not per tile
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) return Status::Internal("cannot create " + parent + ": " + ec.message());
      made_.insert(parent);
    }
    // Written under tmp_ and renamed into place: readers never see a partial tile.
    int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return Status::Internal("cannot write " + tmp_ + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n < 0) {
        ::close(fd);
        return Status::Internal("cannot write " + tmp_ + ": " + std::strerror(errno));
      }
      done += static_cast<size_t>(n);
    }
    // A file that replaces another (the checkpoint; a partial tile written again after a
    // restart) is synced before the rename: the rename may reach the disk with the next commit
    // of anyone, and without its data a power cut would leave an empty file where a published
    // one was. New files are synced by Sync, before any checkpoint refers to them.
    const bool replaces = ::access(target.c_str(), F_OK) == 0;
    if (replaces && ::fdatasync(fd) != 0) {
      ::close(fd);
      return Status::Internal("cannot sync " + tmp_ + ": " + std::strerror(errno));
    }
    // Otherwise start writing the data back now, so that Sync finds little left to wait for.
    if (!replaces) (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    ::close(fd);
    if (::rename(tmp_.c_str(), target.c_str()) != 0) {
      return Status::Internal("cannot publish " + target.string() + ": " + std::strerror(errno));
    }
    return {};
  }

  static inline std::atomic<uint64_t> next_instance_{0};
  const std::string dir_;
  const std::string tmp_;       // the writer thread's temporary file
  std::set<std::string> made_;  // directories known to exist; writer thread only

  std::mutex mu_;
  std::condition_variable work_;  // writer: something queued, or stopping
  std::condition_variable room_;  // callers: queue shrank, drained, or failed
  std::deque<Queued> queue_;
  std::map<std::string, std::shared_ptr<const std::string>, std::less<>> pending_;
  size_t queued_bytes_ = 0;
  int room_waiters_ = 0;  // callers of Put or Sync waiting on room_
  bool writing_ = false;
  bool stopping_ = false;
  Status error_;
  std::thread writer_;

  std::mutex cache_mu_;  // the files read back (Remember, Forget)
  std::map<std::string, std::shared_ptr<const std::string>, std::less<>> cache_;
  size_t cached_bytes_ = 0;
};

}  // namespace

std::unique_ptr<TileStore> OpenDirectoryTileStore(std::string dir) {
  return std::make_unique<DirectoryTileStore>(std::move(dir));
}

}  // namespace openkp::transparency
