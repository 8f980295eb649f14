// Helpers shared by the routes modules (routes_*.cpp): JSON answers and bodies, query
// parameters, formats, and the one authentication wrapper. Not a public header.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>

#include "accounts/accounts.h"
#include "core/json_reader.h"
#include "http/problem.h"
#include "http/router.h"

namespace openkp::http {

namespace json = boost::json;
using core::Code;
using core::Result;
using core::Status;

// For a body already serialised.
inline Response JsonTextResponse(std::string body, int status = 200) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

inline Response JsonResponse(const json::value& v, int status = 200) {
  return JsonTextResponse(json::serialize(v), status);
}

inline constexpr const char* kJson = "application/json";
inline constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Parses a JSON body, requiring exactly the JSON media type (parameters such as charset
// aside): "application/jsonx" is not JSON, "Application/JSON" is.
inline Result<json::value> JsonBody(const Request& req) {
  std::string ct = req.Header("content-type");
  if (MediaType(ct) != kJson) {
    return Status::Invalid("Content-Type", "media-type",
                           "send the body as application/json, got '" + ct + "'");
  }
  return core::ParseJson(req.body);
}

// A route that takes a JSON body: the router checks the media type.
inline constexpr size_t kJsonBodyLimit = 1 << 20;
inline RouteOptions JsonRoute() { return RouteOptions{kJsonBodyLimit, {kJson}}; }

inline std::optional<std::string> QueryString(const Request& req, const char* key) {
  auto it = req.query.find(key);
  if (it == req.query.end()) return std::nullopt;
  return it->second;
}

// kInvalidArgument naming the first query parameter not in `known`.
inline Status UnknownParameters(const Request& req, const std::set<std::string>& known) {
  for (const auto& [k, v] : req.query) {
    if (!known.count(k)) {
      return Status::Invalid(k, "unknown-parameter", "is not a known query parameter");
    }
  }
  return {};
}

// The `format` query parameter, one of `allowed` (the first is the default).
inline Result<std::string> QueryFormat(const Request& req,
                                       std::initializer_list<const char*> allowed) {
  const std::string format = QueryString(req, "format").value_or(*allowed.begin());
  std::string names;
  for (const char* a : allowed) {
    if (format == a) return format;
    names += std::string(names.empty() ? "" : ", ") + a;
  }
  return Status::Invalid("format", "enum", "must be one of " + names);
}

// A download: CSV (RFC 4180) named `filename`.
inline Response CsvResponse(std::string body, const std::string& filename) {
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The one authentication wrapper: a bearer token becomes an accounts::Principal, or the
// request is answered 401 (no token, malformed, unknown, revoked, user disabled).
class Auth {
 public:
  explicit Auth(accounts::Accounts& accounts) : accounts_(accounts) {}
  using Authed = std::function<Response(const Request&, const Params&, const accounts::Principal&)>;
  using MaybeAuthed =
      std::function<Response(const Request&, const Params&, const accounts::Principal*)>;
  // A handler for signed-in callers only.
  RouteHandler Required(Authed handler) const;
  // A handler for anyone; a token, when sent, must be valid (401 otherwise), never ignored; a
  // session cookie that no longer works gets the public answer (and is forgotten).
  RouteHandler Optional(MaybeAuthed handler) const;
  // The caller of `req` (an API token, else a session cookie: then a change needs the session's
  // CSRF token), or nullopt with the 401 (403 without the CSRF token) problem in *out.
  std::optional<accounts::Principal> Caller(const Request& req, Response* out) const;
  // The caller from the accounts' cache only, or nothing (no token, a miss, a refusal): for
  // the I/O threads' fast paths, which leave every other case to the routed handler.
  std::optional<accounts::Principal> CachedCaller(const Request& req) const;

 private:
  std::optional<accounts::Principal> SessionCaller(const Request& req, const std::string& cookie,
                                                   Response* out) const;
  accounts::Accounts& accounts_;
};

// The web app's session cookie (POST /v1/session): its name, its value in a request ("" when
// none), and the Set-Cookie header that sets it (an empty value and max_age 0 forget it).
inline constexpr const char* kSessionCookie = "okp_session";
std::string SessionCookie(const Request& req);
std::string SessionCookieHeader(const Request& req, const std::string& value, int64_t max_age);

inline Result<int64_t> QueryInt(const Request& req, const std::string& name, int64_t fallback,
                                int64_t lo, int64_t hi) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  const std::string& s = it->second;
  int64_t v = 0;
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid(name, "integer", "must be a non-negative integer");
  }
  v = std::stoll(s);
  if (v < lo || v > hi) {
    return Status::Invalid(name, "range",
                           "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return v;
}

// "attachment" with the file's name: ASCII in filename (others as '_'), and exactly, for
// non-ASCII names, in filename* (RFC 6266, RFC 8187). Names hold no quotes (the service checks).
inline std::string AttachmentDisposition(const std::string& name) {
  std::string ascii, encoded;
  bool plain = true;
  for (unsigned char c : name) {
    ascii += c < 0x80 ? static_cast<char>(c) : '_';
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
      plain = plain && c < 0x80;
    }
  }
  std::string out = "attachment; filename=\"" + ascii + "\"";
  if (!plain) out += "; filename*=UTF-8''" + encoded;
  return out;
}

// A stored file, never rendered by the browser as a page of this site, nor kept in caches.
inline Response AttachmentResponse(std::string bytes, const std::string& name) {
  Response r;
  r.content_type = "application/octet-stream";
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", AttachmentDisposition(name));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// A positive integer id from a path segment, or nothing.
inline std::optional<int64_t> PathId(const std::string& s) {
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int64_t v = std::stoll(s);  // at most 15 digits: cannot overflow
  if (v <= 0) return std::nullopt;
  return v;
}

}  // namespace openkp::http
