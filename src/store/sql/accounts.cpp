// Users and API tokens in SQLite.
#include "store/sql/statement.h"
#include "store/sql/stores.h"

namespace openkp::store::sql {

namespace {

// Columns read by ReadUser: id, name, role, participant, disabled_at, active token count.
// More columns may follow, then FROM users u.
constexpr const char* kUserFields =
    "SELECT u.id, u.name, u.role, u.participant, u.disabled_at, (SELECT count(*) FROM "
    "api_tokens a WHERE a.user_id = u.id AND a.revoked_at IS NULL)";
const std::string kUserColumns = std::string(kUserFields) + " FROM users u ";

// A role this build does not know (written by a newer one) grants nothing: it reads as an
// officer of no participant, which every service refuses.
User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.name = s.Text(1);
  const auto role = ParseRole(s.Text(2));
  u.role = role.value_or(Role::kOfficer);
  u.participant = role ? s.Text(3) : std::string();
  u.disabled_on = s.IsNull(4) ? "" : s.Text(4).substr(0, 10);
  u.active_tokens = s.Int(5);
  return u;
}

class SqlAccountsStore final : public AccountsStore {
 public:
  Result<User> AddUser(Txn& t, const User& u, const std::string& token_hash) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add user"));
    Stmt s(t,
           "INSERT INTO users (name, role, participant, created_at) VALUES (?, ?, ?, ?) "
           "RETURNING id");
    s.Bind(1, u.name).Bind(2, std::string(RoleName(u.role)));
    if (u.participant.empty()) {
      s.BindNull(3);
    } else {
      s.Bind(3, u.participant);
    }
    s.Bind(4, NowUtc());
    t.MarkReferenceChanged();
    auto id = s.InsertedId("add user");
    if (!id.ok()) return id.status();
    User created = u;
    created.id = *id;
    OPENKP_RETURN_IF_ERROR(AddToken(t, created.id, token_hash));
    return created;
  }

  Status AddToken(Txn& t, int64_t user_id, const std::string& token_hash) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add token"));
    Stmt s(t, "INSERT INTO api_tokens (token_sha256, user_id, created_at) VALUES (?, ?, ?)");
    t.MarkReferenceChanged();
    return s.Bind(1, token_hash).Bind(2, user_id).Bind(3, NowUtc()).Run("add token");
  }

  Result<User> FindUserByToken(Txn& t, const std::string& token_hash) override {
    Stmt s(t,
           "SELECT u.id, u.name, u.role, u.participant, u.disabled_at, 0, t.revoked_at "
           "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?");
    s.Bind(1, token_hash);
    if (s.Step()) {
      if (!s.IsNull(6)) {
        return Status(core::Code::kUnauthenticated,
                      "API token revoked on " + s.Text(6).substr(0, 10));
      }
      if (!s.IsNull(4)) {
        return Status(core::Code::kUnauthenticated,
                      "user '" + s.Text(1) + "' is disabled since " + s.Text(4).substr(0, 10));
      }
      return ReadUser(s);
    }
    OPENKP_RETURN_IF_ERROR(s.status("find token"));
    return Status(core::Code::kUnauthenticated, "unknown API token");
  }

  Result<std::vector<User>> ListUsers(Txn& t) override {
    Stmt s(t, kUserColumns + "ORDER BY u.id");
    std::vector<User> out;
    while (s.Step()) out.push_back(ReadUser(s));
    OPENKP_RETURN_IF_ERROR(s.status("list users"));
    return out;
  }

  Result<User> GetUser(Txn& t, int64_t id) override {
    Stmt s(t, kUserColumns + "WHERE u.id = ?");
    s.Bind(1, id);
    if (s.Step()) return ReadUser(s);
    OPENKP_RETURN_IF_ERROR(s.status("get user"));
    return Status::NotFound("no user " + std::to_string(id));
  }

  Status SetUserDisabled(Txn& t, int64_t id, bool disabled) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "disable user"));
    // Disabling twice keeps the first date.
    Stmt s(t,
           "UPDATE users SET disabled_at = CASE WHEN ? = 1 THEN coalesce(disabled_at, ?) "
           "END WHERE id = ?");
    s.Bind(1, int64_t{disabled}).Bind(2, NowUtc()).Bind(3, id);
    t.MarkReferenceChanged();
    OPENKP_RETURN_IF_ERROR(s.Run("set user disabled"));
    if (s.Changes() != 1) return Status::NotFound("no user " + std::to_string(id));
    return {};
  }

  Result<int64_t> RevokeTokens(Txn& t, int64_t user_id) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "revoke tokens"));
    Stmt s(t, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
    s.Bind(1, NowUtc()).Bind(2, user_id);
    t.MarkReferenceChanged();
    OPENKP_RETURN_IF_ERROR(s.Run("revoke tokens"));
    return s.Changes();
  }

  Status SetLogin(Txn& t, int64_t user_id, const std::string& login,
                  const std::string& password_hash) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "set login"));
    {
      Stmt taken(t, "SELECT user_id FROM user_logins WHERE login = ? AND user_id <> ?");
      taken.Bind(1, login).Bind(2, user_id);
      if (taken.Step()) {
        return Status(core::Code::kAlreadyExists, "login '" + login + "' is another user's");
      }
      OPENKP_RETURN_IF_ERROR(taken.status("check login"));
    }
    Stmt s(t,
           "INSERT INTO user_logins (user_id, login, password_hash, set_at) VALUES (?, ?, ?, ?) "
           "ON CONFLICT (user_id) DO UPDATE SET login = excluded.login, "
           "password_hash = excluded.password_hash, set_at = excluded.set_at");
    s.Bind(1, user_id).Bind(2, login).Bind(3, password_hash).Bind(4, NowUtc());
    return s.Run("set login");
  }

  Result<std::pair<User, std::string>> FindLogin(Txn& t, const std::string& login) override {
    Stmt s(t, std::string(kUserFields) +
                  ", l.password_hash FROM users u JOIN user_logins l ON l.user_id = u.id "
                  "WHERE l.login = ?");
    s.Bind(1, login);
    if (s.Step()) return std::pair{ReadUser(s), s.Text(6)};
    OPENKP_RETURN_IF_ERROR(s.status("find login"));
    return Status::NotFound("no login '" + login + "'");
  }

  Status AddSession(Txn& t, const SessionRecord& r) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add session"));
    Stmt s(t,
           "INSERT INTO sessions (session_sha256, user_id, csrf_token, created_at, expires_at) "
           "VALUES (?, ?, ?, ?, ?)");
    s.Bind(1, r.session_sha256).Bind(2, r.user_id).Bind(3, r.csrf_token);
    s.Bind(4, r.created_at).Bind(5, r.expires_at);
    return s.Run("add session");
  }

  Result<std::pair<User, SessionRecord>> FindSession(Txn& t, const std::string& hash,
                                                     const std::string& now) override {
    Stmt s(t, std::string(kUserFields) +
                  ", x.csrf_token, x.created_at, x.expires_at, x.ended_at FROM users u "
                  "JOIN sessions x ON x.user_id = u.id WHERE x.session_sha256 = ?");
    s.Bind(1, hash);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("find session"));
      return Status(core::Code::kUnauthenticated, "unknown session: sign in again");
    }
    if (!s.IsNull(9)) {
      return Status(core::Code::kUnauthenticated, "signed out: sign in again");
    }
    if (s.Text(8) <= now) {
      return Status(core::Code::kUnauthenticated, "session expired: sign in again");
    }
    User u = ReadUser(s);
    if (!u.disabled_on.empty()) {
      return Status(core::Code::kUnauthenticated,
                    "user '" + u.name + "' is disabled since " + u.disabled_on);
    }
    SessionRecord r{hash, u.id, s.Text(6), s.Text(7), s.Text(8)};
    return std::pair{std::move(u), std::move(r)};
  }

  Result<bool> EndSession(Txn& t, const std::string& hash) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "end session"));
    Stmt s(t, "UPDATE sessions SET ended_at = ? WHERE session_sha256 = ? AND ended_at IS NULL");
    s.Bind(1, NowUtc()).Bind(2, hash);
    OPENKP_RETURN_IF_ERROR(s.Run("end session"));
    return s.Changes() == 1;
  }

  Result<int64_t> EndSessions(Txn& t, int64_t user_id) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "end sessions"));
    Stmt s(t, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL");
    s.Bind(1, NowUtc()).Bind(2, user_id);
    OPENKP_RETURN_IF_ERROR(s.Run("end sessions"));
    return s.Changes();
  }
};

}  // namespace

std::unique_ptr<AccountsStore> NewAccountsStore() { return std::make_unique<SqlAccountsStore>(); }

}  // namespace openkp::store::sql
