// Accounts' routes: who am I, and the admins' control of users and tokens.
#include "http/route_util.h"
#include "http/routes.h"
#include "monitor/monitor.h"

namespace openkp::http {

using accounts::Principal;

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

// {"login", "password"}: a sign-in's or a new password's body.
Result<std::pair<std::string, std::string>> CredentialsOf(const Request& req) {
  auto body = JsonBody(req);
  if (!body.ok()) return body.status();
  core::ObjectReader r(*body, "");
  std::string login = r.String("login");
  std::string password = r.String("password");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return std::pair{std::move(login), std::move(password)};
}

json::object SessionJson(const accounts::Session& s) {
  return json::object{{"user", UserIdentityJson(s.who.user)},
                      {"csrf_token", s.csrf_token},
                      {"expires_at", s.expires_at}};
}

// Signing in to the web app: a session cookie (HttpOnly, SameSite=Strict, Secure behind TLS)
// and the CSRF token the page sends back with every change (docs/SECURITY.md "Signing in").
void AddSessionRoutes(Router& router, const Auth& auth, accounts::Accounts& accounts) {
  router.Add(
      "POST", "/v1/session",
      [&accounts](const Request& req, const Params&) {
        auto c = CredentialsOf(req);
        if (!c.ok()) return Problem(c.status(), req.path);
        auto session = accounts.SignIn(c->first, c->second);
        if (!session.ok()) {
          const bool throttled = session.status().rule() == "throttled";
          Response out = Problem(session.status(), req.path, throttled ? 429 : 0);
          if (throttled || session.status().rule() == "busy") {
            out.headers.emplace_back("Retry-After", throttled ? "60" : "1");
          }
          return out;
        }
        Response out = JsonResponse(SessionJson(*session), 201);
        out.headers.emplace_back(
            "Set-Cookie",
            SessionCookieHeader(req, session->cookie, accounts::Accounts::kSessionHours * 3600));
        out.headers.emplace_back("Cache-Control", "no-store");
        out.principal = session->who.user.id;
        return out;
      },
      JsonRoute());
  router.Add("GET", "/v1/session", [&accounts](const Request& req, const Params&) {
    const std::string cookie = SessionCookie(req);
    if (cookie.empty()) {
      return Problem(Status(Code::kUnauthenticated, "not signed in (POST /v1/session)"), req.path);
    }
    auto session = accounts.SessionOf(cookie);
    if (!session.ok()) {
      Response out = Problem(session.status(), req.path);
      out.headers.emplace_back("Set-Cookie", SessionCookieHeader(req, "", 0));  // forget it
      return out;
    }
    Response out = JsonResponse(SessionJson(*session));
    out.headers.emplace_back("Cache-Control", "no-store");
    out.principal = session->who.user.id;
    return out;
  });
  router.Add("DELETE", "/v1/session", [&accounts, &auth](const Request& req, const Params&) {
    const std::string cookie = SessionCookie(req);
    if (cookie.empty()) {
      return Problem(Status(Code::kUnauthenticated, "not signed in (POST /v1/session)"), req.path);
    }
    Response err;
    auto who = auth.Caller(req, &err);  // a live session and its CSRF token
    if (!who) return err;
    if (Status s = accounts.SignOut(cookie); !s.ok()) return Problem(s, req.path);
    Response out;
    out.status = 204;
    out.content_type = "text/plain";
    out.headers.emplace_back("Set-Cookie", SessionCookieHeader(req, "", 0));
    out.principal = who->user.id;
    return out;
  });
}

}  // namespace

void AddAccountRoutes(Router& router, const Auth& auth, accounts::Accounts& accounts,
                      monitor::Monitor* monitor) {
  // A monitor's identity names its organisation (the web app's map starts there); null for
  // other roles, for a monitor in none, or without the monitoring service.
  router.Add("GET", "/v1/me",
             auth.Required([monitor](const Request&, const Params&, const Principal& who) {
               json::object me = UserIdentityJson(who.user);
               me["organisation"] = nullptr;
               if (monitor != nullptr && who.user.role == store::Role::kMonitor) {
                 auto organisation = monitor->OrganisationOf(who);
                 if (organisation.ok() && !organisation->empty())
                   me["organisation"] = *organisation;
               }
               return JsonResponse(me);
             }));
  router.Add("POST", "/v1/users",
             auth.Required([&accounts](const Request& req, const Params&, const Principal& who) {
               Status s = accounts.RequireAdmin(who);
               if (!s.ok()) return Problem(s, req.path);
               auto body = JsonBody(req);
               if (!body.ok()) return Problem(body.status(), req.path);
               core::ObjectReader r(*body, "");
               std::string name = r.String("name");
               std::string role = r.String("role");
               std::string participant = r.OptionalString("participant");
               const auto parsed = store::ParseRole(role);
               if (r.ok() && !parsed) {
                 r.Fail("role", "enum", "must be admin, officer, monitor or verifier");
               }
               s = r.Finish();
               if (!s.ok()) return Problem(s, req.path);
               auto u = accounts.AddUser(name, *parsed, participant);
               if (!u.ok()) return Problem(u.status(), req.path);
               return JsonResponse(json::object{{"id", u->user.id},
                                                {"name", u->user.name},
                                                {"role", role},
                                                {"participant", participant},
                                                {"token", u->token}},
                                   201);
             }),
             JsonRoute());

  // Account control (admins): list, disable/enable, new token, revoke tokens.
  router.Add("GET", "/v1/users",
             auth.Required([&accounts](const Request& req, const Params&, const Principal& who) {
               auto users = accounts.ListUsers(who);
               if (!users.ok()) return Problem(users.status(), req.path);
               json::array items;
               for (const auto& u : *users) items.push_back(UserToJson(u));
               return JsonResponse(json::object{{"items", std::move(items)}});
             }));
  // The admin, and the user named by the path (not the caller: an admin cannot lock itself out).
  auto user_admin = [&accounts, &auth](const Request& req, const std::string& id_text,
                                       Response* err, int64_t* id) -> bool {
    auto who = auth.Caller(req, err);
    if (!who) return false;
    if (Status s = accounts.RequireAdmin(*who); !s.ok()) {
      return *err = Problem(s, req.path), false;
    }
    auto parsed = PathId(id_text);
    if (!parsed) {
      *err = Problem(Status::Invalid("id", "integer", "a user id is a positive integer"), req.path);
      return false;
    }
    if (Status s = accounts.MayControl(*who, *parsed); !s.ok()) {
      return *err = Problem(s, req.path), false;
    }
    *id = *parsed;
    return true;
  };
  for (const bool disable : {true, false}) {
    router.Add("POST", disable ? "/v1/users/{id}/disable" : "/v1/users/{id}/enable",
               [&accounts, user_admin, disable](const Request& req, const Params& p) {
                 Response err;
                 int64_t id = 0;
                 if (!user_admin(req, p[0], &err, &id)) return err;
                 auto u = accounts.SetUserDisabled(id, disable);
                 if (!u.ok()) return Problem(u.status(), req.path);
                 return JsonResponse(UserToJson(*u));
               });
  }
  router.Add("POST", "/v1/users/{id}/tokens",
             [&accounts, user_admin](const Request& req, const Params& p) {
               Response err;
               int64_t id = 0;
               if (!user_admin(req, p[0], &err, &id)) return err;
               auto t = accounts.NewToken(id);
               if (!t.ok()) return Problem(t.status(), req.path);
               json::object o = UserToJson(t->user);
               o["token"] = t->token;
               return JsonResponse(o, 201);
             });
  router.Add("POST", "/v1/users/{id}/tokens/revoke",
             [&accounts, user_admin](const Request& req, const Params& p) {
               Response err;
               int64_t id = 0;
               if (!user_admin(req, p[0], &err, &id)) return err;
               auto n = accounts.RevokeTokens(id);
               if (!n.ok()) return Problem(n.status(), req.path);
               return JsonResponse(json::object{{"id", id}, {"revoked", *n}});
             });
  // A user's login and password for the web app (admins, for another user; the CLI for any).
  router.Add(
      "PUT", "/v1/users/{id}/login",
      [&accounts, user_admin](const Request& req, const Params& p) {
        Response err;
        int64_t id = 0;
        if (!user_admin(req, p[0], &err, &id)) return err;
        auto c = CredentialsOf(req);
        if (!c.ok()) return Problem(c.status(), req.path);
        if (Status s = accounts.SetPassword(id, c->first, c->second); !s.ok()) {
          return Problem(s, req.path);
        }
        return JsonResponse(json::object{{"id", id}, {"login", c->first}});
      },
      JsonRoute());
  AddSessionRoutes(router, auth, accounts);
}

}  // namespace openkp::http
