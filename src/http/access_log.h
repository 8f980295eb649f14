// Structured logs for operators: one JSON object per line on stderr (or any file descriptor),
// written by a background thread so that request threads only append to a buffer.
//
//   http::JsonLog log(2, http::LogLevel::kInfo);
//   options.on_response = [&](const http::AccessRecord& r) { log.Access(r); };
//   log.Error("transparency log", status.message());
//
// An access line: {"time","level":"info","kind":"access","request":N,"method","route","status",
// "bytes","latency_us","principal"}: the route pattern, never the path or query (which may hold
// a certificate number or a secret), and the user id, never a token.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "http/server.h"

namespace openkp::http {

enum class LogLevel { kInfo, kWarn, kError, kOff };
// "info", "warn", "error" or "off"; nullopt for another word.
std::optional<LogLevel> ParseLogLevel(std::string_view name);

class JsonLog {
 public:
  // Writes to `fd` (not closed); lines below `level` are dropped.
  JsonLog(int fd, LogLevel level);
  ~JsonLog();  // flushes what is buffered
  JsonLog(const JsonLog&) = delete;
  JsonLog& operator=(const JsonLog&) = delete;

  void Access(const AccessRecord& record);  // info, or error for a 5xx
  void Warn(std::string_view what, std::string_view message);
  void Error(std::string_view what, std::string_view message);
  void Flush();

 private:
  void Append(const std::string& line);
  void Message(LogLevel level, std::string_view what, std::string_view message);
  void Writer();
  // Waits until the output takes bytes; false when it cannot, or did not within a second once
  // stopping.
  bool Writable();

  const int fd_;
  const LogLevel level_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string buffer_;     // guarded by mu_
  uint64_t dropped_ = 0;   // lines dropped since the last written, guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread writer_;
};

}  // namespace openkp::http
