// The web app, health and the API's own description.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "http/deflate.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/route_util.h"
#include "http/routes.h"
#include "http/web_assets.h"

namespace openkp::http {

namespace {

// Whether the client takes gzip: Accept-Encoding names it (or "*") with a weight above 0.
bool TakesGzip(const Request& req) {
  std::string accept = req.Header("accept-encoding");
  accept.erase(
      std::remove_if(accept.begin(), accept.end(), [](char c) { return c == ' ' || c == '\t'; }),
      accept.end());
  for (auto& c : accept) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t at = 0; at <= accept.size();) {
    size_t end = accept.find(',', at);
    if (end == std::string::npos) end = accept.size();
    const std::string item = accept.substr(at, end - at);
    const std::string coding = item.substr(0, item.find(';'));
    const size_t q = item.find(";q=");
    const bool zero = q != std::string::npos && std::strtod(item.c_str() + q + 3, nullptr) <= 0;
    if ((coding == "gzip" || coding == "*") && !zero) return true;
    at = end + 1;
  }
  return false;
}

// A file of the web app, compressed for clients that take it.
struct WebFile {
  std::string content_type, body, gzipped;
  const char* cache_control;
};

Response Serve(const WebFile& f, const Request& req) {
  Response r;
  r.content_type = f.content_type;
  r.headers.emplace_back("Cache-Control", f.cache_control);
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (!f.gzipped.empty() && TakesGzip(req)) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = f.gzipped;
  } else {
    r.body = f.body;
  }
  return r;
}

// The page, its service worker and its assets, compressed once.
const std::map<std::string, WebFile, std::less<>>& WebFiles() {
  static const auto* files = [] {
    auto* m = new std::map<std::string, WebFile, std::less<>>;
    // The page and its service worker are revalidated on every visit (a new version replaces
    // the cached one at once); the assets' names change with their content: a year's cache.
    (*m)["/"] = {"text/html; charset=utf-8", kIndexHtml, Deflate(kIndexHtml, DeflateFormat::kGzip),
                 "no-cache"};
    (*m)["/sw.js"] = {"text/javascript; charset=utf-8", kServiceWorkerJs, "", "no-cache"};
    for (const WebAsset& a : WebAssets()) {
      (*m)["/assets/" + std::string(a.name)] = {std::string(a.content_type), std::string(a.body),
                                                Deflate(a.body, DeflateFormat::kGzip),
                                                "public, max-age=31536000, immutable"};
    }
    return m;
  }();
  return *files;
}

}  // namespace

void AddAppRoutes(Router& router, std::function<core::Status()> ready) {
  router.Add("GET", "/",
             [](const Request& req, const Params&) { return Serve(WebFiles().at("/"), req); });
  // The page's service worker (web/sw.js).
  router.Add("GET", "/sw.js",
             [](const Request& req, const Params&) { return Serve(WebFiles().at("/sw.js"), req); });
  router.Add("GET", "/assets/{name}", [](const Request& req, const Params& p) {
    auto it = WebFiles().find("/assets/" + p[0]);
    if (it == WebFiles().end()) {
      return Problem(Status::NotFound("no asset '" + p[0] + "' in this build of the web app"),
                     req.path);
    }
    return Serve(it->second, req);
  });
  router.Add("GET", "/healthz", [](const Request&, const Params&) {
    return JsonResponse(json::object{{"status", "ok"}});
  });
  router.Add("GET", "/readyz", [ready = std::move(ready)](const Request& req, const Params&) {
    Status s = ready();
    if (!s.ok()) {
      return Problem(Status(core::Code::kUnavailable, "not ready: " + s.message()), req.path);
    }
    return JsonResponse(json::object{{"status", "ready"}});
  });
  router.Add("GET", "/v1/openapi.json", [](const Request&, const Params&) {
    Response r;
    r.body = OpenApiDocument();
    return r;
  });
}

void AddMetricsRoutes(Router& router, const Auth& auth, Metrics* metrics) {
  router.Add(
      "GET", "/metrics",
      auth.Required([metrics](const Request& req, const Params&, const accounts::Principal& who) {
        if (!who.is_admin() && who.user.role != store::Role::kMetrics) {
          return Problem(
              Status::PermissionDenied("metrics are for admins and users with the role metrics"),
              req.path);
        }
        if (metrics == nullptr) {
          return Problem(Status::NotFound("metrics are off (openkp serve --metrics off)"),
                         req.path);
        }
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metrics->Scrape();
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      }));
}

}  // namespace openkp::http
