// Password sign-in and web sessions (accounts.h: SetPassword, SignIn, SessionOf, SignOut).
#include <time.h>

#include <cctype>
#include <chrono>

#include "accounts/accounts.h"
#include "crypto/crypto.h"

namespace openkp::accounts {

using core::Code;

namespace {

constexpr int kFailuresBeforeThrottle = 5;
constexpr auto kThrottle = std::chrono::minutes(1);

bool ValidLogin(const std::string& login) {
  if (login.size() < 3 || login.size() > 64) return false;
  for (char c : login) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_' &&
        c != '@') {
      return false;
    }
  }
  return true;
}

// UTC "YYYY-MM-DDTHH:MM:SSZ", `hours` from now: session times compare as text.
std::string UtcInHours(int hours) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                             std::chrono::hours(hours));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A hash to check unknown logins against, so that they cost what a known one does.
const std::string& DecoyHash() {
  static const std::string hash = crypto::HashPassword(crypto::RandomBytes(16));
  return hash;
}

Status WrongLoginOrPassword() { return Status(Code::kUnauthenticated, "wrong login or password"); }

}  // namespace

Status Accounts::SetPassword(int64_t user_id, const std::string& login,
                             const std::string& password) {
  if (!ValidLogin(login)) {
    return Status::Invalid("login", "login", "3 to 64 letters, digits, '.', '-', '_' or '@'");
  }
  if (password.size() < 12 || password.size() > 1024) {
    return Status::Invalid("password", "length", "must be 12 to 1024 bytes");
  }
  const std::string hash = crypto::HashPassword(password);
  if (hash.empty()) return Status(Code::kUnavailable, "not enough memory to hash the password");
  return db_.Write([&](store::Txn& t) -> Status {
    OPENKP_RETURN_IF_ERROR(db_.accounts().GetUser(t, user_id));
    OPENKP_RETURN_IF_ERROR(db_.accounts().SetLogin(t, user_id, login, hash));
    return db_.accounts().EndSessions(t, user_id).status();
  });
}

bool Accounts::TakeHashSlot() {
  std::lock_guard lock(sign_in_mu_);
  if (hashing_ >= kMaxHashing) return false;
  ++hashing_;
  return true;
}

void Accounts::ReleaseHashSlot() {
  std::lock_guard lock(sign_in_mu_);
  --hashing_;
}

Status Accounts::Throttled(const std::string& login) {
  std::lock_guard lock(sign_in_mu_);
  auto it = failures_.find(login);
  if (it == failures_.end() || it->second.count < kFailuresBeforeThrottle) return {};
  if (std::chrono::steady_clock::now() - it->second.last >= kThrottle) return {};
  return Status(Code::kUnavailable,
                "too many failed sign-ins for this login: wait a minute and try again", "login",
                "throttled");
}

void Accounts::CountFailure(const std::string& login, bool failed) {
  std::lock_guard lock(sign_in_mu_);
  if (!failed) {
    failures_.erase(login);
    return;
  }
  if (failures_.size() > 100'000) failures_.clear();  // bounded: a flood of made-up logins
  Failures& f = failures_[login];
  ++f.count;
  f.last = std::chrono::steady_clock::now();
}

Result<Session> Accounts::SignIn(const std::string& login, const std::string& password) {
  if (login.empty() || login.size() > 64 || password.size() > 1024) {
    return WrongLoginOrPassword();
  }
  OPENKP_RETURN_IF_ERROR(Throttled(login));
  auto found =
      store::ReadValue(db_, [&](store::Txn& t) { return db_.accounts().FindLogin(t, login); });
  if (!found.ok() && found.status().code() != Code::kNotFound) return found.status();
  if (!TakeHashSlot()) {
    return Status(Code::kUnavailable, "too many sign-ins at once: try again in a moment", "",
                  "busy");
  }
  const bool match = crypto::VerifyPassword(found.ok() ? found->second : DecoyHash(), password);
  ReleaseHashSlot();
  const bool ok = found.ok() && match && found->first.disabled_on.empty();
  CountFailure(login, !ok);
  if (!ok) return WrongLoginOrPassword();
  Session s;
  s.who = Principal{found->first};
  s.cookie = crypto::Base64UrlEncode(crypto::RandomBytes(32));
  s.csrf_token = crypto::Base64UrlEncode(crypto::RandomBytes(24));
  s.expires_at = UtcInHours(kSessionHours);
  store::SessionRecord record{crypto::Sha256Hex(s.cookie), s.who.user.id, s.csrf_token,
                              UtcInHours(0), s.expires_at};
  OPENKP_RETURN_IF_ERROR(
      db_.Write([&](store::Txn& t) { return db_.accounts().AddSession(t, record); }));
  return s;
}

Result<Session> Accounts::SessionOf(std::string_view cookie) {
  if (cookie.empty() || cookie.size() > 100) {
    return Status(Code::kUnauthenticated, "malformed session cookie: sign in again");
  }
  auto found = store::ReadValue(db_, [&](store::Txn& t) {
    return db_.accounts().FindSession(t, crypto::Sha256Hex(cookie), UtcInHours(0));
  });
  if (!found.ok()) return found.status();
  return Session{Principal{found->first}, "", found->second.csrf_token, found->second.expires_at};
}

Status Accounts::SignOut(std::string_view cookie) {
  auto ended = store::WriteValue(
      db_, [&](store::Txn& t) { return db_.accounts().EndSession(t, crypto::Sha256Hex(cookie)); });
  return ended.status();
}

}  // namespace openkp::accounts
