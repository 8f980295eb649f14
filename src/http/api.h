// The versioned JSON API (/v1/...) over the registry: routing, authentication, JSON mapping
// and RFC 9457 problem documents. docs/API.md and /v1/openapi.json describe it.
//
//   http::Api api(accounts, registry);
//   http::Server server(options, [&](const http::Request& r) { return api.Handle(r); });
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "http/server.h"
#include "registry/registry.h"
#include "stats/stats.h"
#include "transparency/log.h"

namespace openkp::http {

struct Route {
  std::string method;
  std::string pattern;  // "/v1/certificates/{number}/verify"
  std::function<Response(const Request&, const std::vector<std::string>& params)> handler;
};

class Api {
 public:
  // `log` and `log_files` may be null (no transparency log: its routes answer 404).
  // `stats` may be null (no statistics: its routes answer 404).
  Api(accounts::Accounts& accounts, registry::Registry& registry, transparency::Log* log = nullptr,
      transparency::TileStore* log_files = nullptr, stats::Statistics* stats = nullptr);
  Response Handle(const Request& request) const;
  // Answers cache hits of the public verification without leaving the I/O thread.
  std::optional<Response> HandleFast(const Request& request) const;
  // Takes POST /v1/certificates on the I/O thread and answers it after the group commit that
  // stores the certificate, so that no thread waits for each issue (see Server's AsyncHandler).
  bool HandleAsync(const Request& request, const Reply& reply) const;
  // Every route served, for the OpenAPI conformance test.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  void AddRoutes();
  void AddStatsRoutes();
  // Issues the certificate in `req` and calls `answer` once with what builds the response: at
  // once on a failed check, else from the store's committer thread after the commit.
  void IssueCertificate(const Request& req,
                        const std::function<void(std::function<Response()>)>& answer) const;
  // The caller's principal, or nullopt with a 401 problem in *out.
  std::optional<accounts::Principal> Authenticate(const Request& req, Response* out) const;
  accounts::Accounts& accounts_;
  registry::Registry& reg_;
  stats::Statistics* stats_;
  transparency::Log* log_;
  transparency::TileStore* log_files_;
  std::vector<Route> routes_;
};

// RFC 9457 problem document for a failed Status ("type" is urn:openkp:problem:<code>).
// `http_status` overrides the status derived from the code (405 has no Status code of its own).
Response Problem(const core::Status& status, const std::string& instance = {}, int http_status = 0);
int HttpStatusFor(core::Code code);

// Percent-decodes one path segment ("BW%2F2026%2F7" -> "BW/2026/7"); a "%" not followed by two
// hex digits stays as it is (the server refuses such targets before routing).
std::string PercentDecode(std::string_view segment);
// Percent-encodes a value for use as one path segment: everything but RFC 3986's unreserved
// characters, so "BW/2026/7" becomes "BW%2F2026%2F7".
std::string PathSegmentEncode(std::string_view value);

// The OpenAPI 3.1 document served at /v1/openapi.json.
const std::string& OpenApiDocument();

}  // namespace openkp::http
