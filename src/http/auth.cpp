#include "http/route_util.h"

namespace openkp::http {

std::optional<accounts::Principal> Auth::Caller(const Request& req, Response* out) const {
  std::string h = req.Header("authorization");
  if (h.rfind("Bearer ", 0) != 0) {
    *out = Problem(
        Status(Code::kUnauthenticated, "send an API token as 'Authorization: Bearer okp_...'"),
        req.path);
    return std::nullopt;
  }
  auto p = accounts_.Authenticate(h.substr(7));
  if (!p.ok()) {
    *out = Problem(p.status(), req.path);
    return std::nullopt;
  }
  return *p;
}

std::optional<accounts::Principal> Auth::CachedCaller(const Request& req) const {
  auto it = req.headers.find("authorization");
  if (it == req.headers.end() || it->second.rfind("Bearer ", 0) != 0) return std::nullopt;
  return accounts_.CachedAuthenticate(std::string_view(it->second).substr(7));
}

RouteHandler Auth::Required(Authed handler) const {
  return [this, handler = std::move(handler)](const Request& req, const Params& params) {
    Response err;
    auto who = Caller(req, &err);
    if (!who) return err;
    Response out = handler(req, params, *who);
    out.principal = who->user.id;
    return out;
  };
}

RouteHandler Auth::Optional(MaybeAuthed handler) const {
  return [this, handler = std::move(handler)](const Request& req, const Params& params) {
    if (req.headers.count("authorization") == 0) return handler(req, params, nullptr);
    Response err;
    auto who = Caller(req, &err);
    if (!who) return err;
    Response out = handler(req, params, &*who);
    out.principal = who->user.id;
    return out;
  };
}

}  // namespace openkp::http
