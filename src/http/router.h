// Routes requests to handlers by method and path pattern; each service's routes module adds
// its routes (routes.h), and the composition root (http::Api) puts them together.
//
//   http::Router router;
//   router.Add("GET", "/v1/certificates/{number}", handler);           // 1 MiB JSON body limit
//   router.Add("POST", "/v1/stats/sources", handler,
//              {.max_body = 16 << 20, .media_types = {"text/csv", kXlsx}});
//   http::Response r = router.Handle(request);
//
// Patterns: literal segments and "{name}" parameters, percent-decoded one segment at a time
// (so "BW%2F2026%2F17" is one parameter). A parameter may also take several unencoded segments
// ("BW/2026/17"); the route whose literal segments match most wins, so ".../verify" is never
// swallowed by a parameter.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/server.h"

namespace openkp::http {

using Params = std::vector<std::string>;
using RouteHandler = std::function<Response(const Request&, const Params&)>;

struct RouteOptions {
  // Largest body the route accepts (413 beyond, before the body is read). 0: the server's
  // default limit.
  size_t max_body = 0;
  // Media types the body must have (exact type/subtype, case-insensitive; parameters such as
  // charset ignored). Empty: any, or none.
  std::vector<std::string> media_types;
  // The body goes to a file (Request::spooled), not memory: for uploads of many megabytes.
  bool body_to_file = false;
  // For a route whose body goes to a file: runs on the request's head (no body yet) and may
  // answer at once (e.g. 401), so that the body is never read. Must be quick.
  std::function<std::optional<Response>(const Request& head)> check_before_body = {};
};

struct Route {
  std::string method;
  std::string pattern;  // "/v1/certificates/{number}/verify"
  RouteHandler handler;
  RouteOptions options;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, RouteHandler handler,
           RouteOptions options = {});
  // Answers on the I/O thread what needs no blocking (a cache hit), or nothing.
  void AddFast(FastHandler fast) { fast_.push_back(std::move(fast)); }
  // Takes requests it can answer later without a thread waiting (see Server's AsyncHandler).
  void AddAsync(AsyncHandler async) { async_.push_back(std::move(async)); }

  // The route's answer; 404 (no route), 405 (with Allow), 400 (media type), or 500 for an
  // exception a handler let escape (none crosses into the server).
  Response Handle(const Request& request) const;
  std::optional<Response> HandleFast(const Request& request) const;
  bool HandleAsync(const Request& request, const Reply& reply) const;
  // The body limit of the route `method target` names, or `fallback` when none matches.
  size_t BodyLimitFor(std::string_view method, std::string_view target, size_t fallback) const;
  // Whether the route `method target` names takes its body in a file.
  bool BodyToFile(std::string_view method, std::string_view target) const;
  // The route's check_before_body answer for a request's head, if it has one and answers.
  std::optional<Response> CheckBeforeBody(const Request& head) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  // The routes whose pattern matches with the fewest segments taken into parameters.
  std::vector<std::pair<const Route*, Params>> Candidates(std::string_view target,
                                                          const std::string& path) const;

  std::vector<Route> routes_;
  std::vector<FastHandler> fast_;
  std::vector<AsyncHandler> async_;
};

// Percent-encodes a value for use as one path segment: everything but RFC 3986's unreserved
// characters, so "BW/2026/7" becomes "BW%2F2026%2F7".
std::string PathSegmentEncode(std::string_view value);
// The media type of a Content-Type value, lower-cased, without parameters:
// "Application/JSON; charset=utf-8" -> "application/json".
std::string MediaType(std::string_view content_type);

}  // namespace openkp::http
