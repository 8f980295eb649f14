#include "accounts/accounts.h"

#include <mutex>

#include "crypto/crypto.h"

namespace openkp::accounts {

using core::Code;

namespace {

// 32 random bytes; only their SHA-256 is stored.
std::string NewTokenText() { return "okp_" + crypto::Base64UrlEncode(crypto::RandomBytes(32)); }

bool WellFormedToken(std::string_view token) {
  return token.size() >= 10 && token.size() <= 200 && token.rfind("okp_", 0) == 0;
}

}  // namespace

Result<Principal> Accounts::Authenticate(std::string_view token) {
  if (!WellFormedToken(token)) {
    return Status(Code::kUnauthenticated, "malformed API token (expected okp_...)");
  }
  auto user = UserByTokenHash(crypto::Sha256Hex(token));
  if (!user.ok()) return user.status();
  return Principal{*user};
}

std::optional<Principal> Accounts::CachedAuthenticate(std::string_view token) {
  if (!WellFormedToken(token)) return std::nullopt;
  auto stamp = db_.CurrentReferenceStamp();
  if (!stamp.ok()) return std::nullopt;
  auto user = CachedUser(crypto::Sha256Hex(token), *stamp);
  if (!user) return std::nullopt;
  return Principal{std::move(*user)};
}

std::optional<store::User> Accounts::CachedUser(const std::string& hash,
                                                const store::ChangeStamp& stamp) {
  std::shared_lock lock(cache_mu_);
  if (!cache_valid_ || !(cache_stamp_ == stamp)) return std::nullopt;
  auto it = by_token_.find(hash);
  if (it == by_token_.end()) return std::nullopt;
  return it->second;
}

Result<store::User> Accounts::UserByTokenHash(const std::string& hash) {
  // The stamp is read before the data, so data newer than its stamp can be cached (and is
  // dropped at the next check), never data older than its stamp.
  auto stamp = db_.CurrentReferenceStamp();
  if (!stamp.ok()) return stamp.status();
  if (auto cached = CachedUser(hash, *stamp)) return std::move(*cached);
  auto user =
      store::ReadValue(db_, [&](store::Txn& t) { return db_.accounts().FindUserByToken(t, hash); });
  if (!user.ok()) return user;  // failures (unknown token, ...) are not cached
  std::unique_lock lock(cache_mu_);
  if (!cache_valid_ || !(cache_stamp_ == *stamp)) {
    by_token_.clear();
    cache_stamp_ = *stamp;
    cache_valid_ = true;
  }
  if (by_token_.size() < 100'000) by_token_[hash] = *user;  // bounded: tokens are few
  return user;
}

Status Accounts::RequireAdmin(const Principal& p) const {
  return p.is_admin() ? Status() : Status(Code::kPermissionDenied, "only an admin may do this");
}

Status Accounts::MayControl(const Principal& who, int64_t user_id) const {
  OPENKP_RETURN_IF_ERROR(RequireAdmin(who));
  if (user_id == who.user.id) {
    return Status(Code::kFailedPrecondition,
                  "an admin cannot disable itself or revoke its own tokens here; ask another "
                  "admin, or use the CLI on the server");
  }
  return {};
}

Result<NewUser> Accounts::AddUser(const std::string& name, store::Role role,
                                  const std::string& participant) {
  if (name.empty() || name.size() > 200) {
    return Status::Invalid("name", "length", "must be 1 to 200 characters");
  }
  NewUser out;
  out.token = NewTokenText();
  store::User user;
  user.name = name;
  user.role = role;
  user.participant = participant;
  auto made = store::WriteValue(db_, [&](store::Txn& t) -> Result<store::User> {
    if (role == store::Role::kOfficer) {
      auto p = db_.registry().GetParticipant(t, participant);
      if (!p.ok()) {
        return Status::Invalid(
            "participant", "participant",
            "an officer needs the code of a KP participant here, got '" + participant + "'");
      }
    } else if (!participant.empty()) {
      return Status::Invalid("participant", "admin-no-participant",
                             std::string("a user with the role ") + store::RoleName(role) +
                                 " is not bound to a participant");
    }
    return db_.accounts().AddUser(t, user, crypto::Sha256Hex(out.token));
  });
  if (!made.ok()) return made.status();
  out.user = *made;
  return out;
}

Result<store::User> Accounts::SetUserDisabled(int64_t user_id, bool disabled) {
  return store::WriteValue(db_, [&](store::Txn& t) -> Result<store::User> {
    OPENKP_RETURN_IF_ERROR(db_.accounts().SetUserDisabled(t, user_id, disabled));
    return db_.accounts().GetUser(t, user_id);
  });
}

Result<int64_t> Accounts::RevokeTokens(int64_t user_id) {
  return store::WriteValue(db_, [&](store::Txn& t) -> Result<int64_t> {
    OPENKP_RETURN_IF_ERROR(db_.accounts().GetUser(t, user_id));
    // Its web sessions end with its tokens: revoking is how an admin cuts a user off.
    OPENKP_RETURN_IF_ERROR(db_.accounts().EndSessions(t, user_id));
    return db_.accounts().RevokeTokens(t, user_id);
  });
}

Result<NewUser> Accounts::NewToken(int64_t user_id) {
  NewUser out;
  out.token = NewTokenText();
  auto user = store::WriteValue(db_, [&](store::Txn& t) -> Result<store::User> {
    OPENKP_RETURN_IF_ERROR(db_.accounts().GetUser(t, user_id));
    OPENKP_RETURN_IF_ERROR(db_.accounts().AddToken(t, user_id, crypto::Sha256Hex(out.token)));
    return db_.accounts().GetUser(t, user_id);  // with its new token count
  });
  if (!user.ok()) return user.status();
  out.user = *user;
  return out;
}

Result<std::vector<store::User>> Accounts::ListUsers(const Principal& who) {
  OPENKP_RETURN_IF_ERROR(RequireAdmin(who));
  return store::ReadValue(db_, [&](store::Txn& t) { return db_.accounts().ListUsers(t); });
}

}  // namespace openkp::accounts
