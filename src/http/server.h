// A small HTTP/1.1 server (Boost.Beast) that hands every request to one Handler.
// Beast stays inside server.cpp so the rest of openkp compiles fast and never sees it.
//
//   http::Server server({"127.0.0.1", 0}, [](const http::Request& r) { return http::Response{}; });
//   server.Start();            // binds; port() is known from here on
//   server.Run();              // blocks until Stop()
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace openkp::http {

// A request body the server wrote to a file instead of memory (a route that takes uploads):
// the file is removed when the last copy of the request goes away.
struct SpooledBody {
  std::string path;
  uint64_t size = 0;
  SpooledBody() = default;
  SpooledBody(const SpooledBody&) = delete;
  SpooledBody& operator=(const SpooledBody&) = delete;
  ~SpooledBody() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

struct Request {
  std::string method;                             // "GET", "POST", ...
  std::string target;                             // raw request target
  std::string path;                               // percent-decoded path without the query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;                               // empty when the body was spooled to a file
  std::shared_ptr<const SpooledBody> spooled;     // set for routes whose bodies go to a file
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // For the access log, never sent: the route pattern that answered ("" before routing or for
  // no route) and the authenticated user's id (0: none).
  std::string route;
  int64_t principal = 0;
};

// One answered request, for ServerOptions::on_response (an access log).
struct AccessRecord {
  uint64_t request_id = 0;  // increasing per server
  std::string_view method;
  std::string_view route;  // the pattern, "-" when none matched
  int status = 0;
  size_t bytes = 0;        // of the body
  int64_t latency_us = 0;  // from the request's first byte to the answer's write
  int64_t principal = 0;
};

using Handler = std::function<Response(const Request&)>;
// Runs on the I/O thread before the request is handed to the worker pool; answers only what
// it can answer at once (a cache hit), and nothing otherwise. Must not block.
using FastHandler = std::function<std::optional<Response>(const Request&)>;

// Answers a request that an AsyncHandler took, later and from any thread. Copies share one
// answer: the first Send wins and later ones are ignored; if no copy ever sends, the client gets
// a 500 problem when the last copy goes away.
class Reply {
 public:
  struct State;  // server.cpp
  explicit Reply(std::shared_ptr<State> state) : state_(std::move(state)) {}
  // `make` runs on the connection's I/O thread: building the body costs the sender nothing.
  void Send(std::function<Response()> make) const;
  void Send(Response response) const;

 private:
  std::shared_ptr<State> state_;
};
// Runs on the I/O thread after the FastHandler and must not block. Returns false to leave the
// request to the Handler; true when it took the request: then it answers through `reply`
// (waiting on something, e.g. a group commit, without holding a thread).
using AsyncHandler = std::function<bool(const Request&, const Reply& reply)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int threads = 0;       // I/O threads; 0: one per core, at least 2
  // Handler threads; they block on the database, and concurrent writes among them share one
  // commit (requests the AsyncHandler takes need none); 0: 64.
  int workers = 0;
  size_t body_limit = 1 << 20;  // bytes; larger bodies get 413
  // The body limit of a request, from its method and target (read before its body), e.g. a
  // route's own limit; unset: body_limit for every request.
  std::function<size_t(std::string_view method, std::string_view target)> body_limit_for;
  // Whether the body of `method target` goes to a file in `spool_dir` rather than memory
  // (uploads: memory stays flat whatever their size and number). Unset: never.
  std::function<bool(std::string_view method, std::string_view target)> body_to_file_for = {};
  std::string spool_dir;  // "": $TMPDIR, else /tmp
  // For a body that goes to a file: may answer from the request's head alone (no body; e.g.
  // 401), and the body is then never read (the connection closes after the answer).
  std::function<std::optional<Response>(const Request& head)> check_before_body = {};
  // Rewrites an error the server answers before any route (a body too large, bad framing) for
  // the protocol of the target's routes; nothing: the problem document as is.
  std::function<std::optional<Response>(std::string_view target, const Response& problem)>
      rewrite_error = {};
  std::chrono::seconds read_timeout{30};  // per request, headers and body
  // Called on the I/O thread for every answer (access logs); must be quick.
  std::function<void(const AccessRecord&)> on_response;
  // Open connections at most; further ones wait in the listen backlog until one closes (0:
  // the descriptor limit less 128, so that accept never runs out of descriptors).
  size_t max_connections = 0;
  // Open connections from one client address at most; more are closed at once (0: no cap).
  size_t max_connections_per_client = 256;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler, FastHandler fast = {}, AsyncHandler async = {});
  ~Server();
  core::Status Start();  // binds and listens
  uint16_t port() const;
  // Serves on the calling thread plus threads-1 others until Stop(), then waits until every
  // taken request has been answered or dropped (its reply is never written after Stop).
  void Run();
  void Stop();  // safe from any thread or signal-watcher

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Percent-decodes `in` into *out ("+" as a space in a query when `plus_is_space`); false on a
// "%" not followed by two hex digits.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);
// Splits "/a/b?x=1&y=%20" into path and decoded parameters; false on bad escapes.
bool ParseTarget(const std::string& target, std::string* path,
                 std::multimap<std::string, std::string>* query);

}  // namespace openkp::http
