#include "http/route_util.h"

namespace openkp::http {

std::string SessionCookie(const Request& req) {
  const std::string cookies = req.Header("cookie");
  const std::string name = std::string(kSessionCookie) + "=";
  for (size_t at = 0; at < cookies.size();) {
    size_t end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    size_t start = cookies.find_first_not_of(' ', at);
    if (start != std::string::npos && start < end &&
        cookies.compare(start, name.size(), name) == 0) {
      return cookies.substr(start + name.size(), end - start - name.size());
    }
    at = end + 1;
  }
  return "";
}

std::string SessionCookieHeader(const Request& req, const std::string& value, int64_t max_age) {
  std::string h = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  // Behind the TLS proxy (deploy/nginx/openkp.conf sets the header): never sent in clear.
  if (req.Header("x-forwarded-proto") == "https") h += "; Secure";
  return h;
}

namespace {

bool SafeMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// Whether two strings are equal, in a time that does not depend on where they differ.
bool SameSecret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::optional<accounts::Principal> Auth::SessionCaller(const Request& req,
                                                       const std::string& cookie,
                                                       Response* out) const {
  auto session = accounts_.SessionOf(cookie);
  if (!session.ok()) {
    *out = Problem(session.status(), req.path);
    out->headers.emplace_back("Set-Cookie", SessionCookieHeader(req, "", 0));  // forget it
    return std::nullopt;
  }
  // A change made with a cookie must carry the session's CSRF token, which another site's page
  // cannot read (SameSite=Strict is the second line).
  if (!SafeMethod(req.method) && !SameSecret(req.Header("x-csrf-token"), session->csrf_token)) {
    *out = Problem(Status(Code::kPermissionDenied,
                          "a change signed in with a session cookie needs the session's CSRF "
                          "token in X-CSRF-Token (GET /v1/session gives it)",
                          "X-CSRF-Token", "csrf"),
                   req.path);
    return std::nullopt;
  }
  return session->who;
}

std::optional<accounts::Principal> Auth::Caller(const Request& req, Response* out) const {
  std::string h = req.Header("authorization");
  if (h.empty()) {
    const std::string cookie = SessionCookie(req);
    if (!cookie.empty()) return SessionCaller(req, cookie, out);
  }
  if (h.rfind("Bearer ", 0) != 0) {
    *out = Problem(Status(Code::kUnauthenticated,
                          "send an API token as 'Authorization: Bearer okp_...', or sign in (POST "
                          "/v1/session)"),
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
    if (req.headers.count("authorization") == 0 && SessionCookie(req).empty()) {
      return handler(req, params, nullptr);
    }
    Response err;
    auto who = Caller(req, &err);
    if (!who && err.status == 401 && req.headers.count("authorization") == 0) {
      // A session that ended (signed out, expired) on a page anyone may read: the public
      // answer, and the cookie forgotten. A token sent is never ignored.
      Response out = handler(req, params, nullptr);
      out.headers.emplace_back("Set-Cookie", SessionCookieHeader(req, "", 0));
      return out;
    }
    if (!who) return err;
    Response out = handler(req, params, &*who);
    out.principal = who->user.id;
    return out;
  };
}

}  // namespace openkp::http
