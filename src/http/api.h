// The versioned JSON API (/v1/...), the web app and the log's files, composed from each
// service's routes module (routes.h) on one Router. docs/API.md and /v1/openapi.json describe
// it; every error is an RFC 9457 problem document (problem.h).
//
//   http::Api api(accounts, registry, log, log_files, stats);
//   http::Server server(options, [&](const http::Request& r) { return api.Handle(r); },
//                       [&](const http::Request& r) { return api.HandleFast(r); },
//                       [&](const http::Request& r, const http::Reply& reply) {
//                         return api.HandleAsync(r, reply);
//                       });
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "activities/activities.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/problem.h"
#include "http/route_util.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/server.h"
#include "monitor/monitor.h"
#include "registry/registry.h"
#include "review/follow_ups.h"
#include "review/regions.h"
#include "review/review.h"
#include "stats/stats.h"
#include "transparency/log.h"

namespace openkp::http {

class Api {
 public:
  // `log` and `log_files` may be null (no transparency log: its routes answer 404).
  // `stats` may be null (no statistics: its routes answer 404); so may `monitor`.
  Api(accounts::Accounts& accounts, registry::Registry& registry, transparency::Log* log = nullptr,
      transparency::TileStore* log_files = nullptr, stats::Statistics* stats = nullptr,
      monitor::Monitor* monitor = nullptr, review::Review* review = nullptr,
      review::PeerReviews* peer_reviews = nullptr, activities::Activities* coalition = nullptr,
      Metrics* metrics = nullptr, review::Regions* regions = nullptr,
      review::FollowUps* follow_ups = nullptr);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  Response Handle(const Request& request) const {
    Response r = router_.Handle(request);
    if (auto rewritten = OpenRosaRewrite(request.target, r)) return *rewritten;
    return r;
  }
  // For ServerOptions::rewrite_error.
  static std::optional<Response> RewriteError(std::string_view target, const Response& problem) {
    return OpenRosaRewrite(target, problem);
  }
  // Answers cache hits of the public verification without leaving the I/O thread.
  std::optional<Response> HandleFast(const Request& request) const {
    return router_.HandleFast(request);
  }
  // Takes POST /v1/certificates on the I/O thread and answers it after the group commit that
  // stores the certificate, so that no thread waits for each issue (see Server's AsyncHandler).
  bool HandleAsync(const Request& request, const Reply& reply) const {
    return router_.HandleAsync(request, reply);
  }
  // For ServerOptions::body_limit_for: the route's own limit, or `fallback`.
  size_t BodyLimitFor(std::string_view method, std::string_view target, size_t fallback) const {
    return router_.BodyLimitFor(method, target, fallback);
  }
  // For ServerOptions::check_before_body.
  std::optional<Response> CheckBeforeBody(const Request& head) const {
    return router_.CheckBeforeBody(head);
  }
  // For ServerOptions::body_to_file_for: uploads stream to a file.
  bool BodyToFile(std::string_view method, std::string_view target) const {
    return router_.BodyToFile(method, target);
  }
  // Adds a routes module that is not one of the built-in services' (a test's, a plugin's).
  void AddRoutes(const std::function<void(Router&, const Auth&)>& module) {
    module(router_, auth_);
  }
  // Every route served, for the OpenAPI conformance test.
  const std::vector<Route>& routes() const { return router_.routes(); }

 private:
  Auth auth_;
  Router router_;
};

}  // namespace openkp::http
