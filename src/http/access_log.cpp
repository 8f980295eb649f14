#include "http/access_log.h"

#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace openkp::http {

namespace {

constexpr size_t kFlushBytes = size_t{64} * 1024;
// While the output blocks (a stuck reader), at most this much waits; later lines are dropped
// and counted rather than growing without bound.
constexpr size_t kMaxBufferBytes = size_t{16} << 20;

// RFC 3339 UTC with milliseconds.
std::string Now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return buf;
}

const char* LevelName(LogLevel l) {
  switch (l) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      return "off";
  }
  return "info";
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  for (LogLevel l : {LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError, LogLevel::kOff}) {
    if (name == LevelName(l)) return l;
  }
  return std::nullopt;
}

JsonLog::JsonLog(int fd, LogLevel level) : fd_(fd), level_(level) {
  if (level_ != LogLevel::kOff) writer_ = std::thread([this] { Writer(); });
}

JsonLog::~JsonLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (writer_.joinable()) writer_.join();
}

namespace {

// The time as Now() writes it, into `out`: the date and seconds are formatted once a second
// per thread (a line per request at 100 000 requests/s must cost little).
void AppendNow(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  thread_local int64_t cached_second = -1;
  thread_local char cached[64];  // "2026-11-30T10:47:01."
  if (ms / 1000 != cached_second) {
    cached_second = ms / 1000;
    const std::time_t secs = static_cast<std::time_t>(cached_second);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  }
  out += cached;
  const int milli = static_cast<int>(ms % 1000);
  out += static_cast<char>('0' + milli / 100);
  out += static_cast<char>('0' + milli / 10 % 10);
  out += static_cast<char>('0' + milli % 10);
  out += 'Z';
}

void AppendNumber(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// A JSON string of text that is usually plain ASCII (a method, a route pattern).
void AppendJsonString(std::string& out, std::string_view v) {
  for (unsigned char c : v) {
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
      out += boost::json::serialize(boost::json::string_view(v.data(), v.size()));
      return;
    }
  }
  out += '"';
  out += v;
  out += '"';
}

}  // namespace

void JsonLog::Access(const AccessRecord& r) {
  const LogLevel level = r.status >= 500 ? LogLevel::kError : LogLevel::kInfo;
  if (level < level_) return;
  std::string line;
  line.reserve(256);
  line += "{\"time\":\"";
  AppendNow(line);
  line += "\",\"level\":\"";
  line += LevelName(level);
  line += "\",\"kind\":\"access\",\"request\":";
  AppendNumber(line, static_cast<int64_t>(r.request_id));
  line += ",\"method\":";
  AppendJsonString(line, r.method);
  line += ",\"route\":";
  AppendJsonString(line, r.route);
  line += ",\"status\":";
  AppendNumber(line, r.status);
  line += ",\"bytes\":";
  AppendNumber(line, static_cast<int64_t>(r.bytes));
  line += ",\"latency_us\":";
  AppendNumber(line, r.latency_us);
  line += ",\"principal\":";
  if (r.principal != 0) {
    AppendNumber(line, r.principal);
  } else {
    line += "null";
  }
  line += "}\n";
  Append(line);
}

void JsonLog::Warn(std::string_view what, std::string_view message) {
  Message(LogLevel::kWarn, what, message);
}

void JsonLog::Error(std::string_view what, std::string_view message) {
  Message(LogLevel::kError, what, message);
}

void JsonLog::Message(LogLevel level, std::string_view what, std::string_view message) {
  if (level < level_) return;
  Append("{\"time\":\"" + Now() + "\",\"level\":\"" + LevelName(level) + "\",\"kind\":" +
         boost::json::serialize(boost::json::string_view(what.data(), what.size())) +
         ",\"message\":" +
         boost::json::serialize(boost::json::string_view(message.data(), message.size())) + "}\n");
}

void JsonLog::Append(const std::string& line) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (buffer_.size() + line.size() > kMaxBufferBytes) {
      ++dropped_;
      return;
    }
    if (dropped_ != 0) {
      buffer_ += "{\"time\":\"" + Now() + "\",\"level\":\"warn\",\"kind\":\"log\",\"message\":\"" +
                 std::to_string(dropped_) + " lines dropped: the log output was blocked\"}\n";
      dropped_ = 0;
    }
    buffer_ += line;
    wake = buffer_.size() >= kFlushBytes;
  }
  if (wake) cv_.notify_one();
}

void JsonLog::Flush() {
  std::string out;
  {
    std::lock_guard lock(mu_);
    out.swap(buffer_);
  }
  for (size_t done = 0; done < out.size();) {
    if (!Writable()) return;
    // At most a pipe buffer's page at a time: once poll says writable, this does not block.
    const size_t chunk = std::min<size_t>(out.size() - done, 4096);
    const ssize_t n = ::write(fd_, out.data() + done, chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return;  // a log that cannot be written must not stop the server
    done += static_cast<size_t>(n);
  }
}

bool JsonLog::Writable() {
  for (;;) {
    pollfd p{fd_, POLLOUT, 0};
    const int r = ::poll(&p, 1, 1000);
    if (r > 0) return (p.revents & POLLOUT) != 0;
    if (r < 0 && errno != EINTR) return false;
    // Nobody reads the log (a pipe left unread): waiting is fine while serving (lines beyond
    // the limit are dropped), but not when stopping, which would never end.
    std::lock_guard lock(mu_);
    if (stopping_) return false;
  }
}

void JsonLog::Writer() {
  pthread_setname_np(pthread_self(), "openkp-logs");
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait_for(lock, std::chrono::milliseconds(200),
                 [&] { return stopping_ || buffer_.size() >= kFlushBytes; });
    const bool stop = stopping_;
    lock.unlock();
    Flush();
    if (stop) return;
    lock.lock();
  }
}

}  // namespace openkp::http
