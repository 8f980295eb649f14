// The transparency log's routes: its files as C2SP tlog-tiles under /log/, and its key.
#include "http/route_util.h"
#include "http/routes.h"
#include "tlog/tile.h"

namespace openkp::http {

void AddLogRoutes(Router& router, transparency::Log* log, transparency::TileStore* log_files) {
  // The transparency log, as C2SP tlog-tiles under /log/ (docs/TRANSPARENCY_LOG.md).
  router.Add("GET", "/log/{path}", [log_files](const Request& req, const auto& p) {
    if (log_files == nullptr) return Problem(Status::NotFound("no transparency log"), req.path);
    Response r;
    if (p[0] == "checkpoint") {
      auto note = log_files->Get("checkpoint");
      if (!note.ok()) return Problem(note.status(), req.path);
      r.content_type = "text/plain; charset=utf-8";
      r.body = std::move(*note);
      r.headers.emplace_back("Cache-Control", "no-cache");  // changes about every second
      return r;
    }
    auto tile = tlog::ParseTilePath(p[0]);
    if (!tile.ok()) return Problem(Status::NotFound(tile.status().message()), req.path);
    auto data = log_files->Get(p[0]);
    if (!data.ok()) return Problem(data.status(), req.path);
    r.content_type = "application/octet-stream";
    r.body = std::move(*data);
    // Tiles never change: a path names one content forever (partial tiles carry their width).
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    return r;
  });
  router.Add("GET", "/v1/log/vkey", [log](const Request& req, const auto&) {
    if (log == nullptr) return Problem(Status::NotFound("no transparency log"), req.path);
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = log->verifier().VerifierKey() + "\n";
    return r;
  });
}

}  // namespace openkp::http
