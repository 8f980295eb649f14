// Users and their API tokens (stored as SHA-256 digests only). See database.h for the
// contracts every domain store shares.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace openkp::store {

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
};

}  // namespace openkp::store
