// Who is calling, and what they may do: users, API tokens and roles, for every service.
// Services take an accounts::Principal and decide their own permissions with it; the HTTP layer
// only authenticates.
//
//   accounts::Accounts accounts(db);
//   auto who = accounts.Authenticate(token);                  // -> Principal, or kUnauthenticated
//   if (who->is_officer_of("BW")) ...
//   auto made = accounts.AddUser("Officer BW", store::Role::kOfficer, "BW");  // token shown once
#pragma once

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
  Result<int64_t> RevokeTokens(int64_t user_id);  // how many were active
  // A new token for an existing user (shown once), e.g. after revoking a leaked one.
  Result<NewUser> NewToken(int64_t user_id);
  // Every user with its state (never tokens): admins only.
  Result<std::vector<store::User>> ListUsers(const Principal& p);

 private:
  Result<store::User> UserByTokenHash(const std::string& token_sha256_hex);
  std::optional<store::User> CachedUser(const std::string& token_sha256_hex,
                                        const store::ChangeStamp& stamp);

  store::Database& db_;
  std::shared_mutex cache_mu_;
  store::ChangeStamp cache_stamp_;                         // guarded by cache_mu_
  bool cache_valid_ = false;                               // guarded by cache_mu_
  std::unordered_map<std::string, store::User> by_token_;  // guarded by cache_mu_
};

}  // namespace openkp::accounts
