// Users and their API tokens (stored as SHA-256 digests only). See database.h for the
// contracts every domain store shares.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace openkp::store {

// A web session: found by the SHA-256 of its cookie (the cookie itself is never stored).
struct SessionRecord {
  std::string session_sha256;
  int64_t user_id = 0;
  std::string csrf_token;              // the page sends it back on every change (X-CSRF-Token)
  std::string created_at, expires_at;  // UTC, "2026-11-30T22:00:00Z": they compare as text
};

class AccountsStore {
 public:
  virtual ~AccountsStore() = default;
  // Creates a user with one API token; returns it with its id.
  virtual Result<User> AddUser(Txn& t, const User& user, const std::string& token_sha256_hex) = 0;
  virtual Status AddToken(Txn& t, int64_t user_id, const std::string& token_sha256_hex) = 0;
  // kUnauthenticated for an unknown or revoked token, or a disabled user (the message says
  // which). active_tokens is left 0 (not counted on the sign-in path).
  virtual Result<User> FindUserByToken(Txn& t, const std::string& token_sha256_hex) = 0;
  virtual Result<User> GetUser(Txn& t, int64_t id) = 0;
  // Disabling keeps the user and its tokens (and when) but refuses them; disabling twice keeps
  // the first date.
  virtual Status SetUserDisabled(Txn& t, int64_t id, bool disabled) = 0;
  // Revokes every active token of the user; returns how many (0 for an unknown user).
  virtual Result<int64_t> RevokeTokens(Txn& t, int64_t user_id) = 0;
  virtual Result<std::vector<User>> ListUsers(Txn& t) = 0;  // by id

  // Password sign-in (the web app). A user has at most one login, unique among users; setting
  // it again replaces login and hash. kAlreadyExists when another user holds the login.
  virtual Status SetLogin(Txn& t, int64_t user_id, const std::string& login,
                          const std::string& password_hash) = 0;
  // The user holding `login` and its password hash; kNotFound when nobody does.
  virtual Result<std::pair<User, std::string>> FindLogin(Txn& t, const std::string& login) = 0;
  // Sessions are not reference data: creating or ending one invalidates no cache.
  virtual Status AddSession(Txn& t, const SessionRecord& session) = 0;
  // The live session and its user: kUnauthenticated when unknown, ended, expired at `now`, or
  // its user disabled (the message says which).
  virtual Result<std::pair<User, SessionRecord>> FindSession(Txn& t,
                                                             const std::string& session_sha256,
                                                             const std::string& now) = 0;
  // Ends one session (false when it was not live) or every live session of a user (how many).
  virtual Result<bool> EndSession(Txn& t, const std::string& session_sha256) = 0;
  virtual Result<int64_t> EndSessions(Txn& t, int64_t user_id) = 0;
};

}  // namespace openkp::store
