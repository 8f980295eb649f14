// The web app, health and the API's own description.
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/route_util.h"
#include "http/routes.h"

namespace openkp::http {

extern const char* const kIndexHtml;
extern const char* const kServiceWorkerJs;

void AddAppRoutes(Router& router, std::function<core::Status()> ready) {
  router.Add("GET", "/", [](const Request&, const Params&) {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = kIndexHtml;
    return r;
  });
  // The page's service worker (web/sw.js): revalidated on every visit, so that a new version of
  // the app replaces the cached one.
  router.Add("GET", "/sw.js", [](const Request&, const Params&) {
    Response r;
    r.content_type = "text/javascript; charset=utf-8";
    r.headers.emplace_back("Cache-Control", "no-cache");
    r.body = kServiceWorkerJs;
    return r;
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
