// Signing in to the web app over the /v1 API (docs/SECURITY.md "Signing in"), on every backend:
// a password gives a session cookie, changes made with it need its CSRF token, and a wrong
// login, a wrong password and a disabled user get one and the same answer.
#include "api_fixture.h"

namespace openkp {
namespace {

namespace json = boost::json;
using testing::HttpCall;
using testing::HttpResult;

// "okp_session=VALUE" from a Set-Cookie header ("" when it sets none).
std::string CookieOf(const HttpResult& r) {
  auto it = r.headers.find("set-cookie");
  if (it == r.headers.end()) return "";
  return it->second.substr(0, it->second.find(';'));
}

TEST_P(ApiTest, PasswordsGiveSessionsWhoseChangesNeedTheirCsrfToken) {
  const int64_t bw_id = accounts_->Authenticate(bw_)->user.id;
  const std::string login_path = "/v1/users/" + std::to_string(bw_id) + "/login";
  const json::object credentials{{"login", "officer-bw"}, {"password", "a long passphrase 1"}};
  // Admins set another user's login; officers cannot; bad logins and short passwords are refused.
  ExpectProblem(HttpCall(port_, "PUT", login_path, json::serialize(credentials), bw_), 403, "", "");
  ExpectProblem(HttpCall(port_, "PUT", login_path,
                         R"({"login": "x y", "password": "a long passphrase 1"})", admin_),
                400, "login", "login");
  ExpectProblem(
      HttpCall(port_, "PUT", login_path, R"({"login": "officer-bw", "password": "short"})", admin_),
      400, "password", "length");
  ASSERT_EQ(HttpCall(port_, "PUT", login_path, json::serialize(credentials), admin_).status, 200);
  // Another user may not take the same login.
  const int64_t eu_id = accounts_->Authenticate(eu_)->user.id;
  ExpectProblem(HttpCall(port_, "PUT", "/v1/users/" + std::to_string(eu_id) + "/login",
                         json::serialize(credentials), admin_),
                409, "", "");

  // Wrong password, unknown login: one answer, no cookie.
  auto wrong = HttpCall(port_, "POST", "/v1/session",
                        R"({"login": "officer-bw", "password": "not the passphrase"})");
  ExpectProblem(wrong, 401, "", "");
  auto unknown = HttpCall(port_, "POST", "/v1/session",
                          R"({"login": "nobody-here", "password": "not the passphrase"})");
  ExpectProblem(unknown, 401, "", "");
  EXPECT_EQ(json::parse(wrong.body).at("detail"), json::parse(unknown.body).at("detail"));
  EXPECT_EQ(CookieOf(wrong), "");
  ExpectProblem(HttpCall(port_, "POST", "/v1/session", R"({"login": "officer-bw"})"), 400,
                "password", "");

  auto in = HttpCall(port_, "POST", "/v1/session", json::serialize(credentials));
  ASSERT_EQ(in.status, 201) << in.body;
  const std::string set_cookie = in.headers["set-cookie"];
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << set_cookie;  // plain HTTP here
  const std::string cookie = CookieOf(in);
  ASSERT_EQ(cookie.rfind("okp_session=", 0), 0u);
  const json::value session = json::parse(in.body);
  const std::string csrf(session.at("csrf_token").as_string());
  EXPECT_EQ(session.at("user").at("participant"), "BW");

  // Reads need the cookie only; GET /v1/session gives the CSRF token back (a page reload).
  const std::map<std::string, std::string> with_cookie = {{"Cookie", "theme=dark; " + cookie}};
  auto me = HttpCall(port_, "GET", "/v1/me", "", "", "application/json", with_cookie);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body).at("participant"), "BW");
  auto again = HttpCall(port_, "GET", "/v1/session", "", "", "application/json", with_cookie);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body).at("csrf_token").as_string(), csrf);

  // A change with the cookie and without the token (what another site's page could send) is
  // refused and changes nothing; with the token it is made.
  const std::string before = Snapshot();
  auto forged = HttpCall(port_, "POST", "/v1/certificates", json::serialize(IssueBody()), "",
                         "application/json", with_cookie);
  ExpectProblem(forged, 403, "X-CSRF-Token", "csrf");
  auto with_wrong_token = with_cookie;
  with_wrong_token["X-CSRF-Token"] = csrf + "x";
  ExpectProblem(HttpCall(port_, "POST", "/v1/certificates", json::serialize(IssueBody()), "",
                         "application/json", with_wrong_token),
                403, "X-CSRF-Token", "csrf");
  EXPECT_EQ(Snapshot(), before);
  auto with_token = with_cookie;
  with_token["X-CSRF-Token"] = csrf;
  auto issued = HttpCall(port_, "POST", "/v1/certificates", json::serialize(IssueBody()), "",
                         "application/json", with_token);
  EXPECT_EQ(issued.status, 201) << issued.body;

  // Signing out ends the session everywhere it is used.
  ExpectProblem(HttpCall(port_, "DELETE", "/v1/session", "", "", "application/json", with_cookie),
                403, "X-CSRF-Token", "csrf");
  auto out = HttpCall(port_, "DELETE", "/v1/session", "", "", "application/json", with_token);
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  auto after = HttpCall(port_, "GET", "/v1/me", "", "", "application/json", with_cookie);
  ExpectProblem(after, 401, "", "");
  EXPECT_NE(after.headers["set-cookie"].find("Max-Age=0"), std::string::npos);  // forgotten
  // A page anyone may read answers as to anyone, and forgets the cookie too.
  auto public_page =
      HttpCall(port_, "GET", "/v1/incidents", "", "", "application/json", with_cookie);
  EXPECT_EQ(public_page.status, 200) << public_page.body;
  EXPECT_NE(public_page.headers["set-cookie"].find("Max-Age=0"), std::string::npos);

  // A disabled user cannot sign in (the same answer as a wrong password), and its live
  // sessions stop working at once; revoking a user's tokens ends its sessions too.
  auto second = HttpCall(port_, "POST", "/v1/session", json::serialize(credentials));
  ASSERT_EQ(second.status, 201);
  const std::map<std::string, std::string> second_cookie = {{"Cookie", CookieOf(second)}};
  ASSERT_EQ(
      HttpCall(port_, "POST", "/v1/users/" + std::to_string(bw_id) + "/disable", "", admin_).status,
      200);
  ExpectProblem(HttpCall(port_, "GET", "/v1/me", "", "", "application/json", second_cookie), 401,
                "", "");
  auto disabled = HttpCall(port_, "POST", "/v1/session", json::serialize(credentials));
  ExpectProblem(disabled, 401, "", "");
  EXPECT_EQ(json::parse(disabled.body).at("detail"), json::parse(wrong.body).at("detail"));
  ASSERT_EQ(
      HttpCall(port_, "POST", "/v1/users/" + std::to_string(bw_id) + "/enable", "", admin_).status,
      200);
  auto third = HttpCall(port_, "POST", "/v1/session", json::serialize(credentials));
  ASSERT_EQ(third.status, 201);
  ASSERT_EQ(
      HttpCall(port_, "POST", "/v1/users/" + std::to_string(bw_id) + "/tokens/revoke", "", admin_)
          .status,
      200);
  ExpectProblem(
      HttpCall(port_, "GET", "/v1/me", "", "", "application/json", {{"Cookie", CookieOf(third)}}),
      401, "", "");
}

// After five failures a login waits a minute (429, Retry-After), even for the right password;
// other logins are not affected. Behind the TLS proxy the cookie is Secure.
TEST_P(ApiTest, RepeatedFailuresThrottleALoginAndCookiesAreSecureBehindTls) {
  const int64_t eu_id = accounts_->Authenticate(eu_)->user.id;
  ASSERT_TRUE(accounts_->SetPassword(eu_id, "officer-eu", "a long passphrase 2").ok());
  for (int i = 0; i < 5; ++i) {
    ExpectProblem(HttpCall(port_, "POST", "/v1/session",
                           R"({"login": "officer-eu", "password": "guess number )" +
                               std::to_string(i) + R"("})"),
                  401, "", "");
  }
  auto throttled = HttpCall(port_, "POST", "/v1/session",
                            R"({"login": "officer-eu", "password": "a long passphrase 2"})");
  ExpectProblem(throttled, 429, "login", "throttled");
  EXPECT_EQ(throttled.headers["retry-after"], "60");
  const int64_t admin_id = accounts_->Authenticate(admin_)->user.id;
  ASSERT_TRUE(accounts_->SetPassword(admin_id, "the-admin", "a long passphrase 3").ok());
  auto admin_in = HttpCall(port_, "POST", "/v1/session",
                           R"({"login": "the-admin", "password": "a long passphrase 3"})", "",
                           "application/json", {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(admin_in.status, 201) << admin_in.body;
  EXPECT_NE(admin_in.headers["set-cookie"].find("; Secure"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, ApiTest, ::testing::ValuesIn(backends::Schemes()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp
