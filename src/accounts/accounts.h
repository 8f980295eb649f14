// Who is calling, and what they may do: users, API tokens and roles, for every service.
// Services take an accounts::Principal and decide their own permissions with it; the HTTP layer
// only authenticates.
//
//   accounts::Accounts accounts(db);
//   auto who = accounts.Authenticate(token);                  // -> Principal, or kUnauthenticated
//   if (who->is_officer_of("BW")) ...
//   auto made = accounts.AddUser("Officer BW", store::Role::kOfficer, "BW");  // token shown once
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace openkp::accounts {

using core::Result;
using core::Status;

// An authenticated user: its roles decide what each service lets it do.
struct Principal {
  store::User user;
  bool is_admin() const { return user.role == store::Role::kAdmin; }
  bool is_officer_of(const std::string& participant) const {
    return user.role == store::Role::kOfficer && user.participant == participant;
  }
};

// A signed-in web session (SignIn): the cookie's value is shown once, only its SHA-256 is kept.
struct Session {
  Principal who;
  std::string cookie;      // the session cookie's value; empty when read back (SessionOf)
  std::string csrf_token;  // sent back by the page in X-CSRF-Token on every change
  std::string expires_at;  // UTC
};

struct NewUser {
  store::User user;
  std::string token;  // shown once; only its SHA-256 is stored
};

class Accounts {
 public:
  explicit Accounts(store::Database& db) : db_(db) {}

  // The user of an API token ("okp_..."). kUnauthenticated for a malformed, unknown or revoked
  // token or a disabled user (the message says which). Cached while reference data is
  // unchanged, so a running server refuses a token at once when any process revokes it.
  Result<Principal> Authenticate(std::string_view bearer_token);
  // Authenticate's cache hits only: the principal when the token is cached and the cache is
  // current, else nothing (the caller asks Authenticate). Never waits for the database, so the
  // HTTP I/O threads may call it.
  std::optional<Principal> CachedAuthenticate(std::string_view bearer_token);
  // kPermissionDenied unless `p` is an admin.
  Status RequireAdmin(const Principal& p) const;
  // May `p` disable, enable or manage the tokens of user `user_id`? Admins only, and never their
  // own account (kFailedPrecondition): an admin cannot lock itself out over the API.
  Status MayControl(const Principal& p, int64_t user_id) const;

  // A new user with one API token. An officer needs the code of a KP participant here; an
  // admin has none.
  Result<NewUser> AddUser(const std::string& name, store::Role role,
                          const std::string& participant);
  // Account control for operators (the CLI, with the database) and admins (the API checks
  // RequireAdmin first). A disabled user's tokens are refused until it is enabled again; a
  // revoked token never works again.
  Result<store::User> SetUserDisabled(int64_t user_id, bool disabled);
  Result<int64_t> RevokeTokens(int64_t user_id);  // how many were active; ends its sessions too
  // A new token for an existing user (shown once), e.g. after revoking a leaked one.
  Result<NewUser> NewToken(int64_t user_id);
  // Every user with its state (never tokens): admins only.
  Result<std::vector<store::User>> ListUsers(const Principal& p);

  // Password sign-in for the web app (docs/SECURITY.md "Signing in"). SetPassword gives a user
  // a login (letters, digits, '.', '-', '_', '@'; 3-64 characters; unique) and a password of
  // 12 to 1 024 bytes, stored as Argon2id, and ends the user's sessions.
  Status SetPassword(int64_t user_id, const std::string& login, const std::string& password);
  // A new session of kSessionHours. kUnauthenticated "wrong login or password" for an unknown
  // login, a wrong password or a disabled user alike (one message, and the same work: a
  // missing login costs a hash too, so timing does not tell). kUnavailable with rule
  // "throttled" after 5 failures for a login, until a minute after the last one; kUnavailable
  // with rule "busy" while kMaxHashing other checks run (each holds 64 MiB).
  Result<Session> SignIn(const std::string& login, const std::string& password);
  // The live session of a cookie (kUnauthenticated otherwise, saying why).
  Result<Session> SessionOf(std::string_view cookie);
  Status SignOut(std::string_view cookie);
  static constexpr int kSessionHours = 12;
  static constexpr int kMaxHashing = 2;

 private:
  Result<store::User> UserByTokenHash(const std::string& token_sha256_hex);
  std::optional<store::User> CachedUser(const std::string& token_sha256_hex,
                                        const store::ChangeStamp& stamp);

  // Password checks under way (each Argon2id holds 64 MiB) and recent failures per login.
  bool TakeHashSlot();
  void ReleaseHashSlot();
  Status Throttled(const std::string& login);
  void CountFailure(const std::string& login, bool failed);

  store::Database& db_;
  std::mutex sign_in_mu_;
  int hashing_ = 0;  // guarded by sign_in_mu_
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point last;
  };
  std::unordered_map<std::string, Failures> failures_;  // guarded by sign_in_mu_
  std::shared_mutex cache_mu_;
  store::ChangeStamp cache_stamp_;                         // guarded by cache_mu_
  bool cache_valid_ = false;                               // guarded by cache_mu_
  std::unordered_map<std::string, store::User> by_token_;  // guarded by cache_mu_
};

}  // namespace openkp::accounts
