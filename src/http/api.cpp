#include "http/api.h"

#include <boost/json.hpp>
#include <cctype>
#include <climits>
#include <future>
#include <set>

#include "core/json_reader.h"
#include "http/api_internal.h"
#include "registry/codec.h"
#include "registry/verify.h"
#include "tlog/tile.h"

namespace openkp::http {

namespace json = boost::json;
using core::Code;
using core::Status;

extern const char* const kIndexHtml;

namespace {

// Who a user is (GET /v1/me) ...
json::object UserIdentityJson(const store::User& u) {
  return json::object{
      {"id", u.id},
      {"name", u.name},
      {"role", store::RoleName(u.role)},
      {"participant", u.participant.empty() ? json::value(nullptr) : json::value(u.participant)}};
}

// ... and, for admins, the state of the account.
json::object UserToJson(const store::User& u) {
  json::object o = UserIdentityJson(u);
  o["disabled_on"] = u.disabled_on.empty() ? json::value(nullptr) : json::value(u.disabled_on);
  o["active_tokens"] = u.active_tokens;
  return o;
}

}  // namespace

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
      return 409;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kFailedPrecondition:
      return 409;
    case Code::kPayloadTooLarge:
      return 413;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

namespace {

const char* TitleFor(Code code) {
  switch (code) {
    case Code::kInvalidArgument:
      return "Invalid request";
    case Code::kNotFound:
      return "Not found";
    case Code::kAlreadyExists:
      return "Already exists";
    case Code::kUnauthenticated:
      return "Authentication required";
    case Code::kPermissionDenied:
      return "Forbidden";
    case Code::kFailedPrecondition:
      return "Conflict with the current state";
    case Code::kPayloadTooLarge:
      return "Payload too large";
    default:
      return "Internal error";
  }
}

}  // namespace

Response Problem(const Status& s, const std::string& instance, int http_status) {
  const int status = http_status != 0 ? http_status : HttpStatusFor(s.code());
  json::object o{{"type", std::string("urn:openkp:problem:") +
                              (status == 405 ? "method-not-allowed" : core::CodeName(s.code()))},
                 {"title", status == 405 ? "Method not allowed" : TitleFor(s.code())},
                 {"status", status},
                 {"detail", s.message()}};
  if (!s.field().empty()) o["field"] = s.field();
  if (!s.rule().empty()) o["rule"] = s.rule();
  if (!instance.empty()) o["instance"] = instance;
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = json::serialize(o);
  if (s.code() == Code::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"openkp\"");
  }
  return r;
}

Api::Api(accounts::Accounts& accounts, registry::Registry& registry, transparency::Log* log,
         transparency::TileStore* log_files, stats::Statistics* stats)
    : accounts_(accounts), reg_(registry), stats_(stats), log_(log), log_files_(log_files) {
  AddRoutes();
  AddStatsRoutes();
}

namespace {

// The path's segments, each percent-decoded on its own: an encoded "/" (%2F) stays inside its
// segment, so a certificate number such as "BW/2026/17" is one parameter when sent encoded.
std::vector<std::string> PathSegments(const Request& req) {
  std::string_view raw = req.target.empty() ? std::string_view(req.path) : req.target;
  raw = raw.substr(0, raw.find('?'));
  std::vector<std::string> segments;
  size_t start = raw.empty() || raw[0] != '/' ? 0 : 1;
  while (start <= raw.size()) {
    size_t slash = raw.find('/', start);
    if (slash == std::string_view::npos) slash = raw.size();
    segments.push_back(PercentDecode(raw.substr(start, slash - start)));
    start = slash + 1;
  }
  return segments;
}

// Matches pattern segments [i..) against path segments [j..). A "{name}" parameter takes one
// segment or, so that an unencoded "BW/2026/17" still names one certificate, several; `spare`
// counts the extra segments parameters took, and the smallest count wins (literal segments
// such as ".../verify" are preferred to absorbing them into a parameter). "{+name}" takes the
// rest of the path. Returns false when nothing matches.
bool MatchFrom(const std::vector<std::string_view>& pattern, size_t i,
               const std::vector<std::string>& path, size_t j, std::vector<std::string>* params,
               size_t* spare) {
  if (i == pattern.size()) return j == path.size();
  if (j == path.size()) return false;
  std::string_view seg = pattern[i];
  if (seg.size() > 2 && seg.front() == '{' && seg[1] == '+') {
    std::string rest;
    for (size_t k = j; k < path.size(); ++k) rest += (k > j ? "/" : "") + path[k];
    if (rest.empty()) return false;
    params->push_back(std::move(rest));
    return i + 1 == pattern.size();
  }
  if (seg.size() > 1 && seg.front() == '{') {
    for (size_t n = 1; j + n <= path.size(); ++n) {
      if (path[j + n - 1].empty()) break;  // no empty parameter, no "a//b"
      std::vector<std::string> tail;
      size_t tail_spare = 0;
      if (MatchFrom(pattern, i + 1, path, j + n, &tail, &tail_spare)) {
        std::string value = path[j];
        for (size_t k = j + 1; k < j + n; ++k) value += "/" + path[k];
        params->push_back(std::move(value));
        params->insert(params->end(), tail.begin(), tail.end());
        *spare += n - 1 + tail_spare;
        return true;
      }
    }
    return false;
  }
  return seg == path[j] && MatchFrom(pattern, i + 1, path, j + 1, params, spare);
}

bool Match(const std::string& pattern, const std::vector<std::string>& path,
           std::vector<std::string>* params, size_t* spare) {
  std::vector<std::string_view> parts;
  std::string_view p(pattern);
  for (size_t start = 1; start <= p.size();) {
    size_t slash = std::min(p.find('/', start), p.size());
    parts.push_back(p.substr(start, slash - start));
    start = slash + 1;
  }
  params->clear();
  *spare = 0;
  return MatchFrom(parts, 0, path, 0, params, spare);
}

}  // namespace

std::string PercentDecode(std::string_view in) {
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    int hi = in[i] == '%' && i + 2 < in.size() ? hex(in[i + 1]) : -1;
    int lo = hi >= 0 ? hex(in[i + 2]) : -1;
    if (lo >= 0) {
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

std::string PathSegmentEncode(std::string_view in) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

Response Api::Handle(const Request& req) const {
  const std::vector<std::string> segments = PathSegments(req);
  // The routes whose pattern matches with the fewest segments absorbed into parameters.
  std::vector<std::pair<const Route*, std::vector<std::string>>> best;
  size_t best_spare = SIZE_MAX;
  for (const auto& route : routes_) {
    std::vector<std::string> params;
    size_t spare = 0;
    if (!Match(route.pattern, segments, &params, &spare) || spare > best_spare) continue;
    if (spare < best_spare) best.clear();
    best_spare = spare;
    best.emplace_back(&route, std::move(params));
  }
  std::string allowed;
  for (const auto& [route, params] : best) {
    if (route->method != req.method && !(req.method == "HEAD" && route->method == "GET")) {
      if (allowed.find(route->method) == std::string::npos) {
        allowed += (allowed.empty() ? "" : ", ") + route->method;
      }
      continue;
    }
    try {
      return route->handler(req, params);
    } catch (const std::exception& e) {  // the edge: no exception escapes into Beast
      return Problem(Status::Internal(std::string("unexpected error: ") + e.what()), req.path);
    }
  }
  if (!allowed.empty()) {
    Response r = Problem(
        Status(Code::kInvalidArgument, "method " + req.method + " is not allowed on " + req.path),
        req.path, 405);
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  return Problem(Status::NotFound("no route " + req.path + "; see /v1/openapi.json"), req.path);
}

std::optional<Response> Api::HandleFast(const Request& req) const {
  static const std::string kPrefix = "/v1/certificates/", kSuffix = "/verify";
  const std::string& p = req.path;
  if (req.method != "GET" || p.size() <= kPrefix.size() + kSuffix.size() ||
      p.compare(0, kPrefix.size(), kPrefix) != 0 ||
      p.compare(p.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    return std::nullopt;
  }
  // The number between them, "/" included whether it was sent encoded or not (as Handle does).
  std::string number = p.substr(kPrefix.size(), p.size() - kPrefix.size() - kSuffix.size());
  auto json = reg_.CachedPublicVerificationJson(number);
  if (!json) return std::nullopt;
  Response r;
  r.body = std::move(*json);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

bool Api::HandleAsync(const Request& req, const Reply& reply) const {
  if (req.method != "POST" || req.path != "/v1/certificates") return false;
  try {
    IssueCertificate(req, [reply](std::function<Response()> make) { reply.Send(std::move(make)); });
  } catch (const std::exception& e) {  // the edge: no exception escapes into Beast
    reply.Send(Problem(Status::Internal(std::string("unexpected error: ") + e.what()), req.path));
  }
  return true;
}

void Api::IssueCertificate(const Request& req,
                           const std::function<void(std::function<Response()>)>& answer) const {
  Response err;
  auto who = Authenticate(req, &err);
  if (!who) return answer([err] { return err; });
  auto body = JsonBody(req);
  auto ir = body.ok() ? registry::IssueRequestFromJson(*body)
                      : Result<registry::IssueRequest>(body.status());
  if (!ir.ok()) return answer([st = ir.status(), path = req.path] { return Problem(st, path); });
  if (auto key = req.headers.find("idempotency-key"); key != req.headers.end()) {
    ir->idempotency_key = key->second;                 // the registry checks it, empty included
    ir->request_sha256 = crypto::Sha256Hex(req.body);  // a retry repeats the bytes
  }
  reg_.IssueAsync(*who, *ir, [this, answer, path = req.path](Result<registry::Issued> issued) {
    // Runs where the commit happened; the JSON is built on the connection's thread.
    answer([this, issued = std::move(issued), path] {
      if (!issued.ok()) return Problem(issued.status(), path);
      const store::CertificateRecord& rec = issued->record;
      Response r = JsonTextResponse(registry::RecordToJsonText(rec, reg_.Today()), 201);
      r.headers.emplace_back("Location",
                             "/v1/certificates/" + PathSegmentEncode(rec.certificate.body.number));
      if (issued->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
      return r;
    });
  });
}

std::optional<accounts::Principal> Api::Authenticate(const Request& req, Response* out) const {
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

void Api::AddRoutes() {
  auto& reg = reg_;
  auto auth = [this](const Request& req, Response* out) { return Authenticate(req, out); };
  auto add = [this](std::string method, std::string pattern, auto fn) {
    routes_.push_back({std::move(method), std::move(pattern), std::move(fn)});
  };

  add("GET", "/", [](const Request&, const auto&) {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = kIndexHtml;
    return r;
  });
  add("GET", "/healthz", [](const Request&, const auto&) {
    return JsonResponse(json::object{{"status", "ok"}});
  });
  add("GET", "/v1/openapi.json", [](const Request&, const auto&) {
    Response r;
    r.body = OpenApiDocument();
    return r;
  });

  // The transparency log, as C2SP tlog-tiles under /log/ (docs/TRANSPARENCY_LOG.md).
  add("GET", "/log/{path}", [this](const Request& req, const auto& p) {
    if (log_files_ == nullptr) return Problem(Status::NotFound("no transparency log"), req.path);
    Response r;
    if (p[0] == "checkpoint") {
      auto note = log_files_->Get("checkpoint");
      if (!note.ok()) return Problem(note.status(), req.path);
      r.content_type = "text/plain; charset=utf-8";
      r.body = std::move(*note);
      r.headers.emplace_back("Cache-Control", "no-cache");  // changes about every second
      return r;
    }
    auto tile = tlog::ParseTilePath(p[0]);
    if (!tile.ok()) return Problem(Status::NotFound(tile.status().message()), req.path);
    auto data = log_files_->Get(p[0]);
    if (!data.ok()) return Problem(data.status(), req.path);
    r.content_type = "application/octet-stream";
    r.body = std::move(*data);
    // Tiles never change: a path names one content forever (partial tiles carry their width).
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    return r;
  });
  add("GET", "/v1/log/vkey", [this](const Request& req, const auto&) {
    if (log_ == nullptr) return Problem(Status::NotFound("no transparency log"), req.path);
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = log_->verifier().VerifierKey() + "\n";
    return r;
  });
  add("GET", "/v1/participants", [&reg](const Request& req, const auto&) {
    auto ps = reg.ListParticipants();
    if (!ps.ok()) return Problem(ps.status(), req.path);
    json::array arr;
    for (const auto& p : *ps) {
      arr.emplace_back(
          json::object{{"code", p.code}, {"name", p.name}, {"authority", p.authority}});
    }
    return JsonResponse(json::object{{"participants", std::move(arr)}});
  });
  add("PUT", "/v1/participants/{code}", [&reg, auth](const Request& req, const auto& p) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    auto body = JsonBody(req);
    if (!body.ok()) return Problem(body.status(), req.path);
    core::ObjectReader r(*body, "");
    store::Participant part{p[0], r.String("name"), r.String("authority")};
    Status s = r.Finish();
    if (s.ok()) s = reg.UpsertParticipant(*who, part);
    if (!s.ok()) return Problem(s, req.path);
    return JsonResponse(
        json::object{{"code", part.code}, {"name", part.name}, {"authority", part.authority}});
  });

  add("GET", "/v1/keys", [&reg](const Request& req, const auto&) {
    auto it = req.query.find("participant");
    std::optional<std::string> p;
    if (it != req.query.end()) p = it->second;
    auto keys = reg.ListKeys(p);
    if (!keys.ok()) return Problem(keys.status(), req.path);
    Response r;
    r.body = registry::KeyringToJson(*keys);
    return r;
  });
  add("POST", "/v1/keys/{key_id}/revoke", [&reg, auth](const Request& req, const auto& p) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    auto body = JsonBody(req);
    Status s = body.status();
    std::string reason;
    if (s.ok()) {
      core::ObjectReader r(*body, "");
      reason = r.String("reason");
      s = r.Finish();
    }
    if (s.ok()) s = reg.RevokeKey(*who, p[0], reason);
    if (!s.ok()) return Problem(s, req.path);
    auto k = reg.GetKey(p[0]);
    if (!k.ok()) return Problem(k.status(), req.path);
    return JsonResponse(registry::KeyToJson(*k));
  });

  add("GET", "/v1/me", [auth](const Request& req, const auto&) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    return JsonResponse(UserIdentityJson(who->user));
  });
  add("POST", "/v1/users", [this, auth](const Request& req, const auto&) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    Status s = accounts_.RequireAdmin(*who);
    if (!s.ok()) return Problem(s, req.path);
    auto body = JsonBody(req);
    if (!body.ok()) return Problem(body.status(), req.path);
    core::ObjectReader r(*body, "");
    std::string name = r.String("name");
    std::string role = r.String("role");
    std::string participant = r.OptionalString("participant");
    if (r.ok() && role != "admin" && role != "officer") {
      r.Fail("role", "enum", "must be admin or officer");
    }
    s = r.Finish();
    if (!s.ok()) return Problem(s, req.path);
    auto u = accounts_.AddUser(name, role == "admin" ? store::Role::kAdmin : store::Role::kOfficer,
                               participant);
    if (!u.ok()) return Problem(u.status(), req.path);
    return JsonResponse(json::object{{"id", u->user.id},
                                     {"name", u->user.name},
                                     {"role", role},
                                     {"participant", participant},
                                     {"token", u->token}},
                        201);
  });

  // Account control (admins): list, disable/enable, new token, revoke tokens.
  add("GET", "/v1/users", [this, auth](const Request& req, const auto&) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    auto users = accounts_.ListUsers(*who);
    if (!users.ok()) return Problem(users.status(), req.path);
    json::array items;
    for (const auto& u : *users) items.push_back(UserToJson(u));
    return JsonResponse(json::object{{"items", std::move(items)}});
  });
  // The admin, and the user named by the path (not the caller: an admin cannot lock itself out).
  auto user_admin = [this, auth](const Request& req, const std::string& id_text, Response* err,
                                 int64_t* id) -> bool {
    auto who = auth(req, err);
    if (!who) return false;
    if (Status s = accounts_.RequireAdmin(*who); !s.ok()) {
      return *err = Problem(s, req.path), false;
    }
    auto parsed = PathId(id_text);
    if (!parsed) {
      *err = Problem(Status::Invalid("id", "integer", "a user id is a positive integer"), req.path);
      return false;
    }
    if (*parsed == who->user.id) {
      *err = Problem(Status(core::Code::kFailedPrecondition,
                            "an admin cannot disable itself or revoke its own tokens here; ask "
                            "another admin, or use the CLI on the server"),
                     req.path);
      return false;
    }
    *id = *parsed;
    return true;
  };
  for (const bool disable : {true, false}) {
    add("POST", disable ? "/v1/users/{id}/disable" : "/v1/users/{id}/enable",
        [this, user_admin, disable](const Request& req, const auto& p) {
          Response err;
          int64_t id = 0;
          if (!user_admin(req, p[0], &err, &id)) return err;
          auto u = accounts_.SetUserDisabled(id, disable);
          if (!u.ok()) return Problem(u.status(), req.path);
          return JsonResponse(UserToJson(*u));
        });
  }
  add("POST", "/v1/users/{id}/tokens", [this, user_admin](const Request& req, const auto& p) {
    Response err;
    int64_t id = 0;
    if (!user_admin(req, p[0], &err, &id)) return err;
    auto t = accounts_.NewToken(id);
    if (!t.ok()) return Problem(t.status(), req.path);
    json::object o = UserToJson(t->user);
    o["token"] = t->token;
    return JsonResponse(o, 201);
  });
  add("POST", "/v1/users/{id}/tokens/revoke",
      [this, user_admin](const Request& req, const auto& p) {
        Response err;
        int64_t id = 0;
        if (!user_admin(req, p[0], &err, &id)) return err;
        auto n = accounts_.RevokeTokens(id);
        if (!n.ok()) return Problem(n.status(), req.path);
        return JsonResponse(json::object{{"id", id}, {"revoked", *n}});
      });

  // Served by HandleAsync; this synchronous twin answers when the server has no async handler.
  add("POST", "/v1/certificates", [this](const Request& req, const auto&) {
    std::promise<Response> answer;
    IssueCertificate(req, [&](const std::function<Response()>& make) {
      try {
        answer.set_value(make());
      } catch (...) {  // rethrown by get() below, into Handle's catch
        answer.set_exception(std::current_exception());
      }
    });
    return answer.get_future().get();
  });
  add("GET", "/v1/certificates", [&reg, auth](const Request& req, const auto&) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    store::CertificateFilter f;
    static const std::set<std::string> kKnown = {
        "issuer", "destination", "status", "issued_from", "issued_to", "limit", "offset", "format"};
    for (const auto& [k, v] : req.query) {
      if (!kKnown.count(k)) {
        return Problem(Status::Invalid(k, "unknown-parameter", "is not a known query parameter"),
                       req.path);
      }
    }
    auto str = [&](const char* k) -> std::optional<std::string> {
      auto it = req.query.find(k);
      if (it == req.query.end()) return std::nullopt;
      return it->second;
    };
    f.issuer = str("issuer");
    f.destination = str("destination");
    f.status = str("status");
    if (f.status && *f.status != "issued" && *f.status != "expired" && *f.status != "confirmed" &&
        *f.status != "voided") {
      return Problem(
          Status::Invalid("status", "enum", "must be issued, expired, confirmed or voided"),
          req.path);
    }
    for (auto [key, target] :
         {std::pair{"issued_from", &f.issued_from}, std::pair{"issued_to", &f.issued_to}}) {
      if (auto s = str(key)) {
        auto d = core::Date::Parse(*s);
        if (!d.ok()) return Problem(Status::Invalid(key, "date", d.status().message()), req.path);
        *target = *d;
      }
    }
    const std::string format = str("format").value_or("json");
    if (format != "json" && format != "csv") {
      return Problem(Status::Invalid("format", "enum", "must be json or csv"), req.path);
    }
    auto limit =
        QueryInt(req, "limit", format == "csv" ? 100000 : 50, 1, format == "csv" ? 1000000 : 1000);
    if (!limit.ok()) return Problem(limit.status(), req.path);
    auto offset = QueryInt(req, "offset", 0, 0, 1000000000);
    if (!offset.ok()) return Problem(offset.status(), req.path);
    f.limit = *limit;
    f.offset = *offset;
    auto page = reg.List(*who, f);
    if (!page.ok()) return Problem(page.status(), req.path);
    if (format == "csv") {
      Response r;
      r.content_type = "text/csv; charset=utf-8";
      r.body = registry::SummariesToCsv(page->items, reg.Today());
      r.headers.emplace_back("Content-Disposition", "attachment; filename=\"certificates.csv\"");
      return r;
    }
    json::array items;
    for (const auto& s : page->items) items.emplace_back(registry::SummaryToJson(s, reg.Today()));
    json::object o{{"items", std::move(items)},
                   {"total", page->total},
                   {"limit", f.limit},
                   {"offset", f.offset}};
    if (f.offset + f.limit < page->total) o["next_offset"] = f.offset + f.limit;
    return JsonResponse(o);
  });
  add("GET", "/v1/certificates/{number}", [&reg, auth](const Request& req, const auto& p) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    auto rec = reg.Get(*who, p[0]);
    if (!rec.ok()) return Problem(rec.status(), req.path);
    return JsonTextResponse(registry::RecordToJsonText(*rec, reg.Today()));
  });
  add("GET", "/v1/certificates/{number}/verify", [&reg](const Request& req, const auto& p) {
    auto body = reg.PublicVerificationJson(p[0]);
    if (!body.ok()) return Problem(body.status(), req.path);
    Response r;
    r.body = std::move(*body);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });
  // Anyone; a token is optional and lets a party to the certificate see which fields differ.
  add("POST", "/v1/certificates/{number}/verify", [&reg, auth](const Request& req, const auto& p) {
    std::optional<registry::Principal> who;
    if (req.headers.count("authorization") != 0) {
      Response err;
      who = auth(req, &err);
      if (!who) return err;
    }
    auto body = JsonBody(req);
    if (!body.ok()) return Problem(body.status(), req.path);
    auto cert = core::SignedFromJson(*body);
    if (!cert.ok()) return Problem(cert.status(), req.path);
    auto answer = reg.PresentedVerificationJson(who ? &*who : nullptr, p[0], *cert);
    if (!answer.ok()) return Problem(answer.status(), req.path);
    return JsonTextResponse(std::move(*answer));
  });
  add("GET", "/v1/certificates/{number}/receipt",
      [this, &reg, auth](const Request& req, const auto& p) {
        Response err;
        auto who = auth(req, &err);
        if (!who) return err;
        auto rec = reg.Get(*who, p[0]);  // the receipt holds the secret salt: the parties only
        if (!rec.ok()) return Problem(rec.status(), req.path);
        if (log_ == nullptr) return Problem(Status::NotFound("no transparency log"), req.path);
        auto event = req.query.find("event");
        auto receipt = log_->CertificateReceipt(
            p[0], event == req.query.end() ? std::string_view("issued") : event->second);
        if (!receipt.ok()) return Problem(receipt.status(), req.path);
        Response r;
        r.content_type = "text/plain; charset=utf-8";
        r.body = std::move(*receipt);
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });
  add("POST", "/v1/certificates/{number}/confirm", [&reg, auth](const Request& req, const auto& p) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    auto body = JsonBody(req);
    if (!body.ok()) return Problem(body.status(), req.path);
    auto c = registry::ConfirmRequestFromJson(*body);
    if (!c.ok()) return Problem(c.status(), req.path);
    auto rec = reg.Confirm(*who, p[0], *c);
    if (!rec.ok()) return Problem(rec.status(), req.path);
    return JsonTextResponse(registry::RecordToJsonText(*rec, reg.Today()));
  });
  add("POST", "/v1/certificates/{number}/void", [&reg, auth](const Request& req, const auto& p) {
    Response err;
    auto who = auth(req, &err);
    if (!who) return err;
    auto body = JsonBody(req);
    if (!body.ok()) return Problem(body.status(), req.path);
    auto v = registry::VoidRequestFromJson(*body);
    if (!v.ok()) return Problem(v.status(), req.path);
    auto rec = reg.Void(*who, p[0], *v);
    if (!rec.ok()) return Problem(rec.status(), req.path);
    return JsonTextResponse(registry::RecordToJsonText(*rec, reg.Today()));
  });
}

}  // namespace openkp::http
