// SQLite implementation of Store: one connection guarded by a mutex, WAL journal.
//
// SQL here stays within what PostgreSQL also accepts (TEXT dates as ISO strings, INTEGER money,
// no SQLite-only functions in queries), except the append-only triggers, which each backend
// writes in its own dialect.
#include <pthread.h>
#include <sqlite3.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.h"

namespace openkp::store {

namespace {

const char* const kMigrations[] = {
    // 1: participants, keys, users, certificates, events.
    R"sql(
CREATE TABLE participants (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  authority TEXT NOT NULL
);
CREATE TABLE authority_keys (
  key_id TEXT PRIMARY KEY,
  participant TEXT NOT NULL REFERENCES participants(code),
  public_key BLOB NOT NULL UNIQUE,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  revoked_on TEXT,
  revoke_reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'officer')),
  participant TEXT REFERENCES participants(code),
  created_at TEXT NOT NULL
);
CREATE TABLE api_tokens (
  token_sha256 TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE TABLE certificate_sequences (
  issuer TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_value INTEGER NOT NULL,
  PRIMARY KEY (issuer, year)
);
CREATE TABLE certificates (
  number TEXT PRIMARY KEY,
  issuer TEXT NOT NULL REFERENCES participants(code),
  destination TEXT NOT NULL REFERENCES participants(code),
  key_id TEXT NOT NULL REFERENCES authority_keys(key_id),
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  carats_hundredths INTEGER NOT NULL CHECK (carats_hundredths > 0),
  value_usd_cents INTEGER NOT NULL CHECK (value_usd_cents > 0),
  parcels INTEGER NOT NULL CHECK (parcels > 0),
  hs_codes TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX certificates_by_issuer ON certificates (issuer, issued_on);
CREATE INDEX certificates_by_destination ON certificates (destination, issued_on);
CREATE INDEX certificates_by_issued_on ON certificates (issued_on);
CREATE TABLE certificate_status (
  number TEXT PRIMARY KEY REFERENCES certificates(number),
  state TEXT NOT NULL CHECK (state IN ('issued', 'confirmed', 'voided')),
  received_on TEXT,
  received_carats_hundredths INTEGER,
  received_value_usd_cents INTEGER,
  received_parcels INTEGER,
  mismatches TEXT,
  confirmed_by TEXT,
  voided_on TEXT,
  void_reason TEXT,
  void_note TEXT,
  voided_by TEXT
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  participant TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE TRIGGER certificates_append_only_u BEFORE UPDATE ON certificates
  BEGIN SELECT RAISE(ABORT, 'certificates are append-only'); END;
CREATE TRIGGER certificates_append_only_d BEFORE DELETE ON certificates
  BEGIN SELECT RAISE(ABORT, 'certificates are append-only'); END;
CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_d BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER certificate_status_no_delete BEFORE DELETE ON certificate_status
  BEGIN SELECT RAISE(ABORT, 'certificate status rows are never deleted'); END;
)sql",
    // 2: the transparency log's leaves (entries as published, with their private salts) and
    // the checkpoints it signed.
    R"sql(
CREATE TABLE log_leaves (
  leaf_index INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL UNIQUE REFERENCES events(id),
  entry BLOB NOT NULL,
  salt BLOB NOT NULL
);
CREATE TABLE log_checkpoints (
  size INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TRIGGER log_leaves_append_only_u BEFORE UPDATE ON log_leaves
  BEGIN SELECT RAISE(ABORT, 'log leaves are append-only'); END;
CREATE TRIGGER log_leaves_append_only_d BEFORE DELETE ON log_leaves
  BEGIN SELECT RAISE(ABORT, 'log leaves are append-only'); END;
CREATE TRIGGER log_checkpoints_append_only_u BEFORE UPDATE ON log_checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER log_checkpoints_append_only_d BEFORE DELETE ON log_checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
)sql",
    // 3: witnesses' cosignatures of the log's checkpoints.
    R"sql(
CREATE TABLE log_cosignatures (
  size INTEGER NOT NULL REFERENCES log_checkpoints(size),
  witness TEXT NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (size, witness)
);
CREATE TRIGGER log_cosignatures_append_only_u BEFORE UPDATE ON log_cosignatures
  BEGIN SELECT RAISE(ABORT, 'cosignatures are append-only'); END;
CREATE TRIGGER log_cosignatures_append_only_d BEFORE DELETE ON log_cosignatures
  BEGIN SELECT RAISE(ABORT, 'cosignatures are append-only'); END;
)sql",
    // 4: statistics. Imported sources (vintages) and their figures, append-only; the current
    // figure per key; revisions; and the certificate trade flows, which RefreshTradeFlows
    // derives from the certificate events (all of them on its first run).
    R"sql(
CREATE TABLE stat_sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('production', 'trade')),
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  vintage TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  report TEXT NOT NULL
);
CREATE TABLE stat_figures (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES stat_sources(id),
  source_rows TEXT NOT NULL,
  participant TEXT NOT NULL,
  year INTEGER NOT NULL,
  period TEXT NOT NULL,
  flow TEXT NOT NULL CHECK (flow IN ('production', 'export', 'import')),
  partner TEXT NOT NULL,
  kind TEXT NOT NULL,
  nil INTEGER NOT NULL CHECK (nil IN (0, 1)),
  carats_hundredths INTEGER NOT NULL CHECK (carats_hundredths >= 0),
  value_usd_cents INTEGER NOT NULL CHECK (value_usd_cents >= 0),
  certificates INTEGER CHECK (certificates >= 0),
  UNIQUE (source_id, participant, year, period, flow, partner, kind)
);
CREATE TABLE stat_current (
  participant TEXT NOT NULL,
  year INTEGER NOT NULL,
  period TEXT NOT NULL,
  flow TEXT NOT NULL,
  partner TEXT NOT NULL,
  kind TEXT NOT NULL,
  figure_id INTEGER NOT NULL REFERENCES stat_figures(id),
  vintage TEXT NOT NULL,
  PRIMARY KEY (flow, participant, year, period, partner, kind)
);
CREATE TABLE stat_revisions (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES stat_sources(id),
  before_id INTEGER NOT NULL REFERENCES stat_figures(id),
  after_id INTEGER NOT NULL REFERENCES stat_figures(id)
);
CREATE TRIGGER stat_sources_append_only_u BEFORE UPDATE ON stat_sources
  BEGIN SELECT RAISE(ABORT, 'statistics sources are append-only'); END;
CREATE TRIGGER stat_sources_append_only_d BEFORE DELETE ON stat_sources
  BEGIN SELECT RAISE(ABORT, 'statistics sources are append-only'); END;
CREATE TRIGGER stat_figures_append_only_u BEFORE UPDATE ON stat_figures
  BEGIN SELECT RAISE(ABORT, 'statistics figures are append-only'); END;
CREATE TRIGGER stat_figures_append_only_d BEFORE DELETE ON stat_figures
  BEGIN SELECT RAISE(ABORT, 'statistics figures are append-only'); END;
CREATE TRIGGER stat_revisions_append_only_u BEFORE UPDATE ON stat_revisions
  BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER stat_revisions_append_only_d BEFORE DELETE ON stat_revisions
  BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TABLE trade_flows (
  flow TEXT NOT NULL CHECK (flow IN ('export', 'import')),
  participant TEXT NOT NULL,
  partner TEXT NOT NULL,
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  hs_code TEXT NOT NULL,
  carats_hundredths INTEGER NOT NULL,
  value_usd_cents INTEGER NOT NULL,
  certificates INTEGER NOT NULL,
  -- Totals (partner '' and hs_code '') first: the summary tables read one range of the key.
  PRIMARY KEY (flow, partner, hs_code, participant, year, quarter)
);
-- How far trade_flows has followed the events (RefreshTradeFlows); 0: not yet.
CREATE TABLE trade_flows_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER NOT NULL
);
INSERT INTO trade_flows_state (id, last_event_id) VALUES (1, 0);
)sql",
    // 5: events found by their subject (a certificate's confirmation or void, for its receipt)
    // without scanning every event.
    R"sql(
CREATE INDEX events_by_subject ON events (subject, kind);
)sql",
    // 6: disabling users and revoking API tokens. Rows stay (who had access, and when).
    R"sql(
ALTER TABLE users ADD COLUMN disabled_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
)sql",
    // 7: Idempotency-Key of issue requests: a retried request gets the certificate it made.
    R"sql(
CREATE TABLE issue_keys (
  user_id INTEGER NOT NULL REFERENCES users(id),
  idempotency_key TEXT NOT NULL,
  request_sha256 TEXT NOT NULL,
  number TEXT NOT NULL REFERENCES certificates(number),
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, idempotency_key)
);
)sql",
};

std::string NowUtc() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto days = std::chrono::floor<std::chrono::days>(now);
  std::chrono::hh_mm_ss hms(now - days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ",
                core::Date::FromDays(days.time_since_epoch().count()).ToString().c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

// The inverse of StateName; the schema's CHECK admits no other values.
CertificateState ParseState(const std::string& s) {
  if (s == "confirmed") return CertificateState::kConfirmed;
  if (s == "voided") return CertificateState::kVoided;
  return CertificateState::kIssued;
}

Status SqlError(sqlite3* db, int rc, const std::string& what) {
  std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  if (ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE) {
    return Status(core::Code::kAlreadyExists, msg);
  }
  if ((ext & 0xff) == SQLITE_CONSTRAINT) return Status(core::Code::kFailedPrecondition, msg);
  return Status::Internal(msg);
}

// Prepared statements kept for reuse: parsing SQL costs more than running these statements.
// Not thread-safe; the store's mutex guards it. A statement in use is taken out of the pool, so
// nested uses of the same SQL get their own statement.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache() {
    for (auto& [sql, stmts] : free_) {
      for (sqlite3_stmt* st : stmts) sqlite3_finalize(st);
    }
  }
  sqlite3* db() const { return db_; }
  int Acquire(const std::string& sql, sqlite3_stmt** out) {
    auto it = free_.find(sql);
    if (it != free_.end() && !it->second.empty()) {
      *out = it->second.back();
      it->second.pop_back();
      return SQLITE_OK;
    }
    return sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, out, nullptr);
  }
  void Release(const std::string& sql, sqlite3_stmt* st) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free_[sql].push_back(st);
  }

 private:
  sqlite3* db_;
  std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> free_;
};

// A prepared statement from the cache; binds by position (1-based) and steps.
class Stmt {
 public:
  Stmt(StatementCache& cache, std::string sql)
      : cache_(cache), db_(cache.db()), sql_(std::move(sql)) {
    rc_ = cache_.Acquire(sql_, &stmt_);
  }
  ~Stmt() {
    if (stmt_ != nullptr) cache_.Release(sql_, stmt_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status prepared() const { return rc_ == SQLITE_OK ? Status() : SqlError(db_, rc_, "prepare"); }
  Stmt& Bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindBlob(int i, const std::string& s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<Date>& d) {
    return d ? Bind(i, d->ToString()) : BindNull(i);
  }
  // True while a row is available; errors end up in status().
  bool Step() {
    if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return false;
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_ROW;
  }
  // Runs a statement that returns no rows.
  Status Run(const std::string& what) {
    if (rc_ != SQLITE_OK) return SqlError(db_, rc_, what);
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_DONE ? Status() : SqlError(db_, rc_, what);
  }
  Status status(const std::string& what) const {
    return (rc_ == SQLITE_DONE || rc_ == SQLITE_ROW || rc_ == SQLITE_OK) ? Status()
                                                                         : SqlError(db_, rc_, what);
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::string Blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string(static_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<Date> OptDate(int col) const {
    if (IsNull(col)) return std::nullopt;
    auto d = Date::Parse(Text(col));
    return d.ok() ? std::optional<Date>(*d) : std::nullopt;
  }
  Date DateAt(int col) const { return OptDate(col).value_or(Date()); }

 private:
  StatementCache& cache_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db), cache_(db) {}
  // close_v2 leaves a "zombie" connection that is freed once cache_ (destroyed after this body)
  // finalises the last cached statement.
  ~SqliteStore() override {
    {
      std::lock_guard queue_lock(queue_mu_);
      stopping_ = true;
    }
    committer_cv_.notify_one();
    if (committer_.joinable()) committer_.join();  // after it has run what was submitted
    sqlite3_close_v2(db_);
  }

  Status Init() {
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
          "PRAGMA busy_timeout=10000", "PRAGMA temp_store=MEMORY"}) {
      OPENKP_RETURN_IF_ERROR(Exec(pragma));
    }
    OPENKP_RETURN_IF_ERROR(
        Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
             "applied_at TEXT NOT NULL)"));
    int current = 0;
    {
      Stmt s(cache_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      if (s.Step()) current = static_cast<int>(s.Int(0));
      OPENKP_RETURN_IF_ERROR(s.status("read schema version"));
    }
    if (current > LatestSchemaVersion()) {
      return Status(core::Code::kFailedPrecondition,
                    "database schema version " + std::to_string(current) +
                        " is newer than this openkp (" + std::to_string(LatestSchemaVersion()) +
                        ")");
    }
    for (int v = current + 1; v <= LatestSchemaVersion(); ++v) {
      Status st = InTransaction([&]() -> Status {
        OPENKP_RETURN_IF_ERROR(Exec(kMigrations[v - 1]));
        Stmt s(cache_, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
        return s.Bind(1, int64_t{v}).Bind(2, NowUtc()).Run("record migration");
      });
      if (!st.ok()) return Status::Internal("migration " + std::to_string(v) + ": " + st.message());
    }
    return {};
  }

  Status UpsertParticipant(const Participant& p) override {
    return InTransaction([&] {
      Stmt s(cache_,
             "INSERT INTO participants (code, name, authority) VALUES (?, ?, ?) ON CONFLICT (code) "
             "DO UPDATE SET name = excluded.name, authority = excluded.authority");
      reference_changed_ = true;
      return s.Bind(1, p.code).Bind(2, p.name).Bind(3, p.authority).Run("upsert participant");
    });
  }

  Result<std::vector<Participant>> ListParticipants() override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, "SELECT code, name, authority FROM participants ORDER BY code");
    std::vector<Participant> out;
    while (s.Step()) out.push_back({s.Text(0), s.Text(1), s.Text(2)});
    OPENKP_RETURN_IF_ERROR(s.status("list participants"));
    return out;
  }

  Result<Participant> GetParticipant(const std::string& code) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, "SELECT code, name, authority FROM participants WHERE code = ?");
    s.Bind(1, code);
    if (s.Step()) return Participant{s.Text(0), s.Text(1), s.Text(2)};
    OPENKP_RETURN_IF_ERROR(s.status("get participant"));
    return Status::NotFound("participant '" + code + "' is not a KP participant here");
  }

  Status AddKey(const AuthorityKey& k, const Event& e) override {
    return InTransaction([&]() -> Status {
      Stmt s(cache_,
             "INSERT INTO authority_keys (key_id, participant, public_key, valid_from, valid_to, "
             "revoked_on, revoke_reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
      s.Bind(1, k.key_id).Bind(2, k.participant).BindBlob(3, k.public_key);
      s.Bind(4, k.valid_from.ToString()).Bind(5, k.valid_to).Bind(6, k.revoked_on);
      s.Bind(7, k.revoke_reason);
      reference_changed_ = true;
      OPENKP_RETURN_IF_ERROR(s.Run("add key"));
      return AppendEvent(e);
    });
  }

  static AuthorityKey ReadKey(const Stmt& s) {
    AuthorityKey k;
    k.key_id = s.Text(0);
    k.participant = s.Text(1);
    k.public_key = s.Blob(2);
    k.valid_from = s.DateAt(3);
    k.valid_to = s.OptDate(4);
    k.revoked_on = s.OptDate(5);
    k.revoke_reason = s.Text(6);
    return k;
  }
  static constexpr const char* kKeyColumns =
      "SELECT key_id, participant, public_key, valid_from, valid_to, revoked_on, revoke_reason "
      "FROM authority_keys ";

  Result<AuthorityKey> GetKey(const std::string& key_id) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, std::string(kKeyColumns) + "WHERE key_id = ?");
    s.Bind(1, key_id);
    if (s.Step()) return ReadKey(s);
    OPENKP_RETURN_IF_ERROR(s.status("get key"));
    return Status::NotFound("no authority key '" + key_id + "'");
  }

  Result<std::vector<AuthorityKey>> ListKeys(const std::optional<std::string>& p) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           std::string(kKeyColumns) + (p ? "WHERE participant = ? ORDER BY valid_from, key_id"
                                         : "ORDER BY participant, valid_from, key_id"));
    if (p) s.Bind(1, *p);
    std::vector<AuthorityKey> out;
    while (s.Step()) out.push_back(ReadKey(s));
    OPENKP_RETURN_IF_ERROR(s.status("list keys"));
    return out;
  }

  Status UpdateKey(const std::string& sql, const std::function<void(Stmt&)>& bind, const Event& e) {
    return InTransaction([&]() -> Status {
      Stmt s(cache_, sql);
      bind(s);
      reference_changed_ = true;
      OPENKP_RETURN_IF_ERROR(s.Run("update key"));
      if (sqlite3_changes(db_) != 1) return Status::NotFound("no such authority key");
      return AppendEvent(e);
    });
  }

  Status SetKeyValidTo(const std::string& key_id, Date valid_to, const Event& e) override {
    return UpdateKey(
        "UPDATE authority_keys SET valid_to = ? WHERE key_id = ?",
        [&](Stmt& s) { s.Bind(1, valid_to.ToString()).Bind(2, key_id); }, e);
  }

  Status RevokeKey(const std::string& key_id, Date on, const std::string& reason,
                   const Event& e) override {
    return UpdateKey(
        "UPDATE authority_keys SET revoked_on = ?, revoke_reason = ? WHERE key_id = ?",
        [&](Stmt& s) { s.Bind(1, on.ToString()).Bind(2, reason).Bind(3, key_id); }, e);
  }

  Result<User> AddUser(const User& u, const std::string& token_hash) override {
    User created = u;
    Status st = InTransaction([&]() -> Status {
      Stmt s(cache_, "INSERT INTO users (name, role, participant, created_at) VALUES (?, ?, ?, ?)");
      s.Bind(1, u.name).Bind(2, std::string(RoleName(u.role)));
      if (u.participant.empty()) {
        s.BindNull(3);
      } else {
        s.Bind(3, u.participant);
      }
      s.Bind(4, NowUtc());
      reference_changed_ = true;
      OPENKP_RETURN_IF_ERROR(s.Run("add user"));
      created.id = sqlite3_last_insert_rowid(db_);
      return AddToken(created.id, token_hash);
    });
    if (!st.ok()) return st;
    return created;
  }

  Status AddToken(int64_t user_id, const std::string& token_hash) override {
    return InTransaction([&] {
      Stmt s(cache_, "INSERT INTO api_tokens (token_sha256, user_id, created_at) VALUES (?, ?, ?)");
      reference_changed_ = true;
      return s.Bind(1, token_hash).Bind(2, user_id).Bind(3, NowUtc()).Run("add token");
    });
  }

  // Columns read by ReadUser: id, name, role, participant, disabled_at, active token count.
  static constexpr const char* kUserColumns =
      "SELECT u.id, u.name, u.role, u.participant, u.disabled_at, (SELECT count(*) FROM "
      "api_tokens a WHERE a.user_id = u.id AND a.revoked_at IS NULL) FROM users u ";

  static User ReadUser(const Stmt& s) {
    User u;
    u.id = s.Int(0);
    u.name = s.Text(1);
    u.role = s.Text(2) == "admin" ? Role::kAdmin : Role::kOfficer;
    u.participant = s.Text(3);
    u.disabled_on = s.IsNull(4) ? "" : s.Text(4).substr(0, 10);
    u.active_tokens = s.Int(5);
    return u;
  }

  Result<User> FindUserByToken(const std::string& token_hash) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
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
      return ReadUser(s);  // active_tokens left 0: not counted on the sign-in path
    }
    OPENKP_RETURN_IF_ERROR(s.status("find token"));
    return Status(core::Code::kUnauthenticated, "unknown API token");
  }

  Result<std::vector<User>> ListUsers() override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, std::string(kUserColumns) + "ORDER BY u.id");
    std::vector<User> out;
    while (s.Step()) out.push_back(ReadUser(s));
    OPENKP_RETURN_IF_ERROR(s.status("list users"));
    return out;
  }

  Result<User> GetUser(int64_t id) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, std::string(kUserColumns) + "WHERE u.id = ?");
    s.Bind(1, id);
    if (s.Step()) return ReadUser(s);
    OPENKP_RETURN_IF_ERROR(s.status("get user"));
    return Status::NotFound("no user " + std::to_string(id));
  }

  Status SetUserDisabled(int64_t id, bool disabled) override {
    return InTransaction([&]() -> Status {
      // Disabling twice keeps the first date.
      Stmt s(cache_,
             "UPDATE users SET disabled_at = CASE WHEN ? THEN coalesce(disabled_at, ?) "
             "END WHERE id = ?");
      s.Bind(1, int64_t{disabled}).Bind(2, NowUtc()).Bind(3, id);
      reference_changed_ = true;
      OPENKP_RETURN_IF_ERROR(s.Run("set user disabled"));
      if (sqlite3_changes(db_) != 1) return Status::NotFound("no user " + std::to_string(id));
      return {};
    });
  }

  Result<int64_t> RevokeTokens(int64_t user_id) override {
    int64_t revoked = 0;
    Status st = InTransaction([&]() -> Status {
      Stmt s(cache_,
             "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
      s.Bind(1, NowUtc()).Bind(2, user_id);
      reference_changed_ = true;
      OPENKP_RETURN_IF_ERROR(s.Run("revoke tokens"));
      revoked = sqlite3_changes(db_);
      return {};
    });
    if (!st.ok()) return st;
    return revoked;
  }

  Result<int64_t> NextCertificateSequence(const std::string& issuer, int year) override {
    int64_t value = 0;
    Status st = InTransaction([&]() -> Status {
      Stmt up(cache_,
              "INSERT INTO certificate_sequences (issuer, year, last_value) VALUES (?, ?, 1) "
              "ON CONFLICT (issuer, year) DO UPDATE SET last_value = "
              "certificate_sequences.last_value + 1 RETURNING last_value");
      up.Bind(1, issuer).Bind(2, int64_t{year});
      if (up.Step()) value = up.Int(0);
      return up.status("next sequence");
    });
    if (!st.ok()) return st;
    return value;
  }

  Result<std::optional<IssueKey>> FindIssueKey(int64_t user_id, const std::string& key) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           "SELECT request_sha256, number FROM issue_keys WHERE user_id = ? AND "
           "idempotency_key = ?");
    s.Bind(1, user_id).Bind(2, key);
    if (s.Step()) return std::optional<IssueKey>(IssueKey{s.Text(0), s.Text(1)});
    OPENKP_RETURN_IF_ERROR(s.status("find issue key"));
    return std::optional<IssueKey>();
  }

  Status AddIssueKey(int64_t user_id, const std::string& key, const IssueKey& issued) override {
    return InTransaction([&] {
      Stmt s(cache_,
             "INSERT INTO issue_keys (user_id, idempotency_key, request_sha256, number, "
             "created_at) VALUES (?, ?, ?, ?, ?)");
      s.Bind(1, user_id).Bind(2, key).Bind(3, issued.request_sha256).Bind(4, issued.number);
      return s.Bind(5, NowUtc()).Run("add issue key");
    });
  }

  Status InsertCertificate(const CertificateRecord& r, const Event& e) override {
    const auto& b = r.certificate.body;
    std::string hs;
    for (const auto& l : b.lines) hs += (hs.empty() ? "" : ";") + l.hs_code;
    return InTransaction([&]() -> Status {
      Stmt s(cache_,
             "INSERT INTO certificates (number, issuer, destination, key_id, issued_on, "
             "expires_on, carats_hundredths, value_usd_cents, parcels, hs_codes, document) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.Bind(1, b.number).Bind(2, b.issuer).Bind(3, b.destination).Bind(4, b.key_id);
      s.Bind(5, b.issued_on.ToString()).Bind(6, b.expires_on.ToString());
      s.Bind(7, b.TotalCaratsHundredths()).Bind(8, b.TotalValueCents()).Bind(9, b.parcels);
      s.Bind(10, hs).Bind(11, r.document);
      Status ins = s.Run("insert certificate");
      if (ins.code() == core::Code::kAlreadyExists) {
        return Status(core::Code::kAlreadyExists,
                      "certificate number '" + b.number + "' is already taken", "number", "unique");
      }
      OPENKP_RETURN_IF_ERROR(ins);
      Stmt st(cache_, "INSERT INTO certificate_status (number, state) VALUES (?, 'issued')");
      OPENKP_RETURN_IF_ERROR(st.Bind(1, b.number).Run("insert status"));
      return AppendEvent(e);
    });
  }

  Result<std::string> GetCertificateDocument(const std::string& number) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, "SELECT document FROM certificates WHERE number = ?");
    s.Bind(1, number);
    if (s.Step()) return s.Text(0);
    OPENKP_RETURN_IF_ERROR(s.status("get certificate document"));
    return Status::NotFound("no certificate '" + number + "'");
  }

  Result<CertificateRecord> GetCertificate(const std::string& number) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           "SELECT c.document, st.state, st.received_on, st.received_carats_hundredths, "
           "st.received_value_usd_cents, st.received_parcels, st.mismatches, st.confirmed_by, "
           "st.voided_on, st.void_reason, st.void_note, st.voided_by "
           "FROM certificates c JOIN certificate_status st ON st.number = c.number "
           "WHERE c.number = ?");
    s.Bind(1, number);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("get certificate"));
      return Status::NotFound("no certificate '" + number + "'");
    }
    CertificateRecord r;
    r.document = s.Text(0);
    auto parsed = core::ParseSignedCertificate(r.document);
    if (!parsed.ok()) {
      return Status::Internal("stored certificate " + number +
                              " unreadable: " + parsed.status().message());
    }
    r.certificate = std::move(*parsed);
    r.state = ParseState(s.Text(1));
    if (!s.IsNull(2)) {
      Confirmation c;
      c.received_on = s.DateAt(2);
      c.carats_hundredths = s.Int(3);
      c.value_usd_cents = s.Int(4);
      c.parcels = s.Int(5);
      boost::system::error_code ec;
      auto arr = boost::json::parse(s.Text(6), ec);
      if (!ec && arr.is_array()) {
        for (const auto& m : arr.get_array()) {
          if (m.is_string()) c.mismatches.emplace_back(m.get_string());
        }
      }
      c.confirmed_by = s.Text(7);
      r.confirmation = std::move(c);
    }
    if (!s.IsNull(8)) r.voiding = Voiding{s.DateAt(8), s.Text(9), s.Text(10), s.Text(11)};
    return r;
  }

  Status Transition(const std::string& number, const std::function<Status()>& update,
                    const Event& e) {
    return InTransaction([&]() -> Status {
      OPENKP_RETURN_IF_ERROR(update());
      if (sqlite3_changes(db_) != 1) {
        Stmt s(cache_, "SELECT state FROM certificate_status WHERE number = ?");
        s.Bind(1, number);
        if (!s.Step()) return Status::NotFound("no certificate '" + number + "'");
        return Status(core::Code::kFailedPrecondition,
                      "certificate " + number + " is already " + s.Text(0));
      }
      return AppendEvent(e);
    });
  }

  // A certificate's exports as trade-flow changes (sign +1 when issued, -1 when voided): the
  // issuer's total, its total with this partner, and one row per HS line.
  template <typename Sink>
  static void ExportFlows(const core::CertificateBody& b, int sign, Sink& sink) {
    const int quarter = (b.issued_on.month() + 2) / 3;
    int64_t carats = 0, value = 0;
    for (const auto& l : b.lines) {
      carats += l.carats_hundredths;
      value += l.value_usd_cents;
      sink(TradeFlow{"export", b.issuer, "", b.issued_on.year(), quarter, l.hs_code,
                     sign * l.carats_hundredths, sign * l.value_usd_cents, sign});
    }
    for (const std::string& partner : {std::string(), b.destination}) {
      sink(TradeFlow{"export", b.issuer, partner, b.issued_on.year(), quarter, "", sign * carats,
                     sign * value, sign});
    }
  }

  // How far trade_flows has followed the events, and the newest event id.
  Status ReadTradeFlowState(int64_t* last, int64_t* newest) {
    Stmt s(cache_,
           "SELECT (SELECT last_event_id FROM trade_flows_state WHERE id = 1), "
           "(SELECT COALESCE(MAX(id), 0) FROM events)");
    if (!s.Step()) return s.status("read trade flow state");
    *last = s.Int(0);
    *newest = s.Int(1);
    return {};
  }

  // The HS lines of a stored signed certificate document.
  static Status ReadLines(const std::string& document, std::vector<core::HsLine>* lines) {
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(document, ec);
    const auto* cert = ec ? nullptr : doc.if_object();
    const auto* body = cert ? cert->if_contains("certificate") : nullptr;
    const auto* arr = body && body->is_object() ? body->as_object().if_contains("lines") : nullptr;
    if (arr == nullptr || !arr->is_array()) {
      return Status::Internal("stored certificate without lines");
    }
    for (const auto& l : arr->as_array()) {
      const auto* o = l.if_object();
      const auto* hs = o ? o->if_contains("hs_code") : nullptr;
      const auto* carats = o ? o->if_contains("carats_hundredths") : nullptr;
      const auto* value = o ? o->if_contains("value_usd_cents") : nullptr;
      if (!hs || !hs->is_string() || !carats || !carats->is_int64() || !value ||
          !value->is_int64()) {
        return Status::Internal("stored certificate with a malformed line");
      }
      lines->push_back({std::string(hs->as_string()), carats->as_int64(), value->as_int64()});
    }
    return {};
  }

  Status AddTradeFlow(const TradeFlow& f) {
    Stmt s(cache_,
           "INSERT INTO trade_flows (flow, participant, partner, year, quarter, hs_code, "
           "carats_hundredths, value_usd_cents, certificates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (flow, partner, hs_code, participant, year, quarter) DO UPDATE SET "
           "carats_hundredths = trade_flows.carats_hundredths + excluded.carats_hundredths, "
           "value_usd_cents = trade_flows.value_usd_cents + excluded.value_usd_cents, "
           "certificates = trade_flows.certificates + excluded.certificates");
    s.Bind(1, f.flow).Bind(2, f.participant).Bind(3, f.partner).Bind(4, int64_t{f.year});
    s.Bind(5, int64_t{f.quarter}).Bind(6, f.hs_code).Bind(7, f.carats_hundredths);
    s.Bind(8, f.value_usd_cents).Bind(9, f.certificates);
    return s.Run("update trade flows");
  }

  Status RecordConfirmation(const std::string& number, const Confirmation& c,
                            const Event& e) override {
    boost::json::array mism;
    for (const auto& m : c.mismatches) mism.emplace_back(m);
    std::string mism_text = boost::json::serialize(mism);
    return Transition(
        number,
        [&] {
          Stmt s(cache_,
                 "UPDATE certificate_status SET state = 'confirmed', received_on = ?, "
                 "received_carats_hundredths = ?, received_value_usd_cents = ?, "
                 "received_parcels = ?, mismatches = ?, confirmed_by = ? "
                 "WHERE number = ? AND state = 'issued'");
          s.Bind(1, c.received_on.ToString()).Bind(2, c.carats_hundredths);
          s.Bind(3, c.value_usd_cents).Bind(4, c.parcels).Bind(5, mism_text);
          s.Bind(6, c.confirmed_by).Bind(7, number);
          return s.Run("confirm");
        },
        e);
  }

  Status RecordVoiding(const std::string& number, const Voiding& v, const Event& e) override {
    return Transition(
        number,
        [&] {
          Stmt s(cache_,
                 "UPDATE certificate_status SET state = 'voided', voided_on = ?, void_reason = ?, "
                 "void_note = ?, voided_by = ? WHERE number = ? AND state = 'issued'");
          s.Bind(1, v.voided_on.ToString()).Bind(2, v.reason).Bind(3, v.note);
          s.Bind(4, v.voided_by).Bind(5, number);
          return s.Run("void");
        },
        e);
  }

  Result<CertificatePage> ListCertificates(const CertificateFilter& f) override {
    std::lock_guard lock(mu_);
    std::string where = " WHERE 1 = 1";
    std::vector<std::string> args;
    auto add = [&](const char* clause, const std::string& v) {
      where += clause;
      args.push_back(v);
    };
    if (f.issuer) add(" AND c.issuer = ?", *f.issuer);
    if (f.destination) add(" AND c.destination = ?", *f.destination);
    if (f.involving) {
      where += " AND (c.issuer = ? OR c.destination = ?)";
      args.push_back(*f.involving);
      args.push_back(*f.involving);
    }
    if (f.issued_from) add(" AND c.issued_on >= ?", f.issued_from->ToString());
    if (f.issued_to) add(" AND c.issued_on <= ?", f.issued_to->ToString());
    if (f.status) {
      const std::string today = f.today.ToString();
      if (*f.status == "issued") {
        add(" AND st.state = 'issued' AND c.expires_on >= ?", today);
      } else if (*f.status == "expired") {
        add(" AND st.state = 'issued' AND c.expires_on < ?", today);
      } else {
        add(" AND st.state = ?", *f.status);
      }
    }
    const std::string from =
        " FROM certificates c JOIN certificate_status st ON st.number = c.number";
    CertificatePage page;
    {
      Stmt s(cache_, "SELECT COUNT(*)" + from + where);
      for (size_t i = 0; i < args.size(); ++i) s.Bind(static_cast<int>(i + 1), args[i]);
      if (s.Step()) page.total = s.Int(0);
      OPENKP_RETURN_IF_ERROR(s.status("count certificates"));
    }
    Stmt s(cache_,
           "SELECT c.number, c.issuer, c.destination, c.issued_on, c.expires_on, "
           "c.carats_hundredths, c.value_usd_cents, c.parcels, c.hs_codes, st.state, "
           "st.mismatches" +
               from + where + " ORDER BY c.issued_on DESC, c.number DESC LIMIT ? OFFSET ?");
    int i = 1;
    for (const auto& a : args) s.Bind(i++, a);
    s.Bind(i, f.limit);
    s.Bind(i + 1, f.offset);
    while (s.Step()) {
      CertificateSummary c;
      c.number = s.Text(0);
      c.issuer = s.Text(1);
      c.destination = s.Text(2);
      c.issued_on = s.DateAt(3);
      c.expires_on = s.DateAt(4);
      c.carats_hundredths = s.Int(5);
      c.value_usd_cents = s.Int(6);
      c.parcels = s.Int(7);
      c.hs_codes = s.Text(8);
      c.state = ParseState(s.Text(9));
      c.mismatch = !s.IsNull(10) && s.Text(10) != "[]";
      page.items.push_back(std::move(c));
    }
    OPENKP_RETURN_IF_ERROR(s.status("list certificates"));
    return page;
  }

  // Local commits count in local_version_ at once. Other processes' commits are polled with
  // PRAGMA data_version (a read transaction, with file locks) at most once per millisecond, so
  // this stays cheap on hot read paths; their changes show within 1 ms of their commit.
  Result<uint64_t> LogLeafCount() override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, "SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM log_leaves");
    uint64_t n = 0;
    if (s.Step()) n = static_cast<uint64_t>(s.Int(0));
    OPENKP_RETURN_IF_ERROR(s.status("log size"));
    return n;
  }

  Status AppendLogLeaves(const std::vector<LogLeaf>& leaves) override {
    return InTransaction([&]() -> Status {
      auto count = LogLeafCount();
      if (!count.ok()) return count.status();
      uint64_t next = *count;
      for (const auto& l : leaves) {
        if (l.index != next++) return Status::Internal("log leaves must be appended in order");
        Stmt s(cache_,
               "INSERT INTO log_leaves (leaf_index, event_id, entry, salt) VALUES (?, ?, ?, ?)");
        s.Bind(1, static_cast<int64_t>(l.index)).Bind(2, l.event_id);
        s.BindBlob(3, l.entry).BindBlob(4, l.salt);
        OPENKP_RETURN_IF_ERROR(s.Run("append log leaf"));
      }
      return Status();
    });
  }

  static LogLeaf ReadLeaf(const Stmt& s) {
    return {static_cast<uint64_t>(s.Int(0)), s.Int(1), s.Blob(2), s.Blob(3)};
  }

  Result<std::vector<LogLeaf>> ListLogLeaves(uint64_t from, uint64_t limit) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           "SELECT leaf_index, event_id, entry, salt FROM log_leaves WHERE leaf_index >= ? "
           "ORDER BY leaf_index LIMIT ?");
    s.Bind(1, static_cast<int64_t>(from)).Bind(2, static_cast<int64_t>(limit));
    std::vector<LogLeaf> out;
    while (s.Step()) out.push_back(ReadLeaf(s));
    OPENKP_RETURN_IF_ERROR(s.status("list log leaves"));
    return out;
  }

  Result<LogLeaf> GetLogLeafForEvent(int64_t event_id) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, "SELECT leaf_index, event_id, entry, salt FROM log_leaves WHERE event_id = ?");
    s.Bind(1, event_id);
    if (s.Step()) return ReadLeaf(s);
    OPENKP_RETURN_IF_ERROR(s.status("log leaf of event"));
    return Status::NotFound("event " + std::to_string(event_id) + " is not in the log yet");
  }

  Result<std::vector<Event>> ListUnloggedEvents(int64_t limit) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           "SELECT id, kind, subject, participant, at, actor, payload FROM events WHERE id > "
           "(SELECT COALESCE(MAX(event_id), 0) FROM log_leaves) ORDER BY id LIMIT ?");
    s.Bind(1, limit);
    std::vector<Event> out;
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("list unlogged events"));
    return out;
  }

  Status AddLogCheckpoint(const LogCheckpoint& c) override {
    return InTransaction([&] {
      Stmt s(cache_,
             "INSERT INTO log_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?)");
      s.Bind(1, static_cast<int64_t>(c.size)).BindBlob(2, c.root).Bind(3, c.note).Bind(4, NowUtc());
      return s.Run("add checkpoint");
    });
  }

  Result<std::optional<LogCheckpoint>> CheckpointWhere(const std::string& sql,
                                                       std::optional<uint64_t> size) {
    std::lock_guard lock(mu_);
    Stmt s(cache_, sql);
    if (size) s.Bind(1, static_cast<int64_t>(*size));
    if (s.Step()) {
      return std::optional<LogCheckpoint>(
          LogCheckpoint{static_cast<uint64_t>(s.Int(0)), s.Blob(1), s.Text(2)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("read checkpoint"));
    return std::optional<LogCheckpoint>();
  }

  Result<std::optional<LogCheckpoint>> LatestLogCheckpoint() override {
    return CheckpointWhere(
        "SELECT size, root, note FROM log_checkpoints ORDER BY size DESC LIMIT 1", std::nullopt);
  }

  Result<std::optional<LogCheckpoint>> LogCheckpointOfSize(uint64_t size) override {
    return CheckpointWhere("SELECT size, root, note FROM log_checkpoints WHERE size = ?", size);
  }

  Status AddLogCosignature(uint64_t size, const std::string& witness,
                           const std::string& line) override {
    return InTransaction([&] {
      Stmt s(cache_,
             "INSERT INTO log_cosignatures (size, witness, line) VALUES (?, ?, ?) "
             "ON CONFLICT (size, witness) DO NOTHING");
      return s.Bind(1, static_cast<int64_t>(size)).Bind(2, witness).Bind(3, line).Run("cosign");
    });
  }

  Result<std::vector<std::string>> LogCosignatures(uint64_t size) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, "SELECT line FROM log_cosignatures WHERE size = ? ORDER BY witness");
    s.Bind(1, static_cast<int64_t>(size));
    std::vector<std::string> out;
    while (s.Step()) out.push_back(s.Text(0));
    OPENKP_RETURN_IF_ERROR(s.status("list cosignatures"));
    return out;
  }

  Result<Event> CertificateEventOf(const std::string& number, const std::string& kind) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           "SELECT id, kind, subject, participant, at, actor, payload FROM events "
           "WHERE kind = ? AND subject = ? ORDER BY id DESC LIMIT 1");
    s.Bind(1, kind).Bind(2, number);
    if (s.Step()) {
      return Event{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)};
    }
    OPENKP_RETURN_IF_ERROR(s.status("certificate event"));
    return Status::NotFound("certificate '" + number + "' has no " + kind + " event");
  }

  Result<DataVersion> CurrentDataVersion() override {
    OPENKP_RETURN_IF_ERROR(PollExternalVersion());
    return DataVersion{external_version_.load(), local_version_.load()};
  }

  Result<DataVersion> CurrentReferenceVersion() override {
    OPENKP_RETURN_IF_ERROR(PollExternalVersion());
    return DataVersion{external_version_.load(), reference_version_.load()};
  }

  Status PollExternalVersion() {
    const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    int64_t checked = external_checked_us_.load();
    if (now - checked >= 1000 && external_checked_us_.compare_exchange_strong(checked, now)) {
      // Callers include the HTTP I/O threads, which must not wait for a batch being committed:
      // while the connection is busy, the next call polls instead.
      std::unique_lock lock(mu_, std::try_to_lock);
      if (!lock.owns_lock()) {
        external_checked_us_ = checked;
        return {};
      }
      Stmt s(cache_, "PRAGMA data_version");
      if (s.Step()) external_version_ = s.Int(0);
      OPENKP_RETURN_IF_ERROR(s.status("data version"));
    }
    return {};
  }

  Result<std::vector<Event>> ListEvents(int64_t after_id, int64_t limit) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           "SELECT id, kind, subject, participant, at, actor, payload FROM events "
           "WHERE id > ? ORDER BY id LIMIT ?");
    s.Bind(1, after_id).Bind(2, limit);
    std::vector<Event> out;
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("list events"));
    return out;
  }

  // --- statistics ---
  static constexpr const char* kSourceColumns =
      "SELECT s.id, s.kind, s.name, s.sha256, s.vintage, s.imported_at, s.imported_by, s.report, "
      "(SELECT COUNT(*) FROM stat_figures f WHERE f.source_id = s.id) FROM stat_sources s ";
  static StatSource ReadSource(const Stmt& s) {
    return {s.Int(0),  s.Text(1), s.Text(2), s.Text(3), s.Text(4),
            s.Text(5), s.Text(6), s.Text(7), s.Int(8)};
  }
  // Figure columns from alias f joined with its source s (for the vintage).
  static constexpr const char* kFigureColumns =
      "SELECT f.id, f.source_id, f.source_rows, f.participant, f.year, f.period, f.flow, "
      "f.partner, f.kind, f.nil, f.carats_hundredths, f.value_usd_cents, f.certificates, "
      "s.vintage ";
  static StatFigure ReadFigure(const Stmt& s, int at = 0) {
    StatFigure f;
    f.id = s.Int(at + 0);
    f.source_id = s.Int(at + 1);
    f.source_rows = s.Text(at + 2);
    f.participant = s.Text(at + 3);
    f.year = static_cast<int>(s.Int(at + 4));
    f.period = s.Text(at + 5);
    f.flow = s.Text(at + 6);
    f.partner = s.Text(at + 7);
    f.kind = s.Text(at + 8);
    f.nil = s.Int(at + 9) != 0;
    f.carats_hundredths = s.Int(at + 10);
    f.value_usd_cents = s.Int(at + 11);
    if (!s.IsNull(at + 12)) f.certificates = s.Int(at + 12);
    f.vintage = s.Text(at + 13);
    return f;
  }

  Result<std::optional<StatSource>> FindStatSource(const std::string& sha256) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, std::string(kSourceColumns) + "WHERE s.sha256 = ?");
    s.Bind(1, sha256);
    if (s.Step()) return std::optional<StatSource>(ReadSource(s));
    OPENKP_RETURN_IF_ERROR(s.status("find statistics source"));
    return std::optional<StatSource>();
  }

  Result<StatSource> GetStatSource(int64_t id) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, std::string(kSourceColumns) + "WHERE s.id = ?");
    s.Bind(1, id);
    if (s.Step()) return ReadSource(s);
    OPENKP_RETURN_IF_ERROR(s.status("get statistics source"));
    return Status::NotFound("no statistics source " + std::to_string(id));
  }

  Result<std::vector<StatSource>> ListStatSources() override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, std::string(kSourceColumns) + "ORDER BY s.id");
    std::vector<StatSource> out;
    while (s.Step()) out.push_back(ReadSource(s));
    OPENKP_RETURN_IF_ERROR(s.status("list statistics sources"));
    return out;
  }

  Result<StatImportOutcome> ImportStatFigures(
      const StatSource& src, const std::vector<StatFigure>& figures,
      const std::function<void(size_t)>& progress) override {
    StatImportOutcome out;
    Status st = InTransaction([&]() -> Status {
      out = StatImportOutcome{};
      out.source = src;
      {
        Stmt s(cache_,
               "INSERT INTO stat_sources (kind, name, sha256, vintage, imported_at, imported_by, "
               "report) VALUES (?, ?, ?, ?, ?, ?, ?)");
        s.Bind(1, src.kind).Bind(2, src.name).Bind(3, src.sha256).Bind(4, src.vintage);
        s.Bind(5, NowUtc()).Bind(6, src.imported_by).Bind(7, src.report);
        Status ins = s.Run("add statistics source");
        if (ins.code() == core::Code::kAlreadyExists) {
          return Status(core::Code::kAlreadyExists, "these figures are already imported");
        }
        OPENKP_RETURN_IF_ERROR(ins);
      }
      out.source.id = sqlite3_last_insert_rowid(db_);
      out.source.figures = static_cast<int64_t>(figures.size());
      size_t done = 0;
      for (const StatFigure& f : figures) {
        if (progress && ++done % 256 == 0) progress(done);
        Stmt ins(cache_,
                 "INSERT INTO stat_figures (source_id, source_rows, participant, year, period, "
                 "flow, partner, kind, nil, carats_hundredths, value_usd_cents, certificates) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ins.Bind(1, out.source.id).Bind(2, f.source_rows).Bind(3, f.participant);
        ins.Bind(4, int64_t{f.year}).Bind(5, f.period).Bind(6, f.flow).Bind(7, f.partner);
        ins.Bind(8, f.kind).Bind(9, int64_t{f.nil ? 1 : 0}).Bind(10, f.carats_hundredths);
        ins.Bind(11, f.value_usd_cents);
        if (f.certificates) {
          ins.Bind(12, *f.certificates);
        } else {
          ins.BindNull(12);
        }
        OPENKP_RETURN_IF_ERROR(ins.Run("add statistics figure"));
        const int64_t id = sqlite3_last_insert_rowid(db_);
        Stmt cur(cache_, std::string(kFigureColumns) +
                             "FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id "
                             "JOIN stat_sources s ON s.id = f.source_id WHERE c.flow = ? AND "
                             "c.participant = ? AND c.year = ? AND c.period = ? AND "
                             "c.partner = ? AND c.kind = ?");
        cur.Bind(1, f.flow).Bind(2, f.participant).Bind(3, int64_t{f.year}).Bind(4, f.period);
        cur.Bind(5, f.partner).Bind(6, f.kind);
        std::optional<StatFigure> before;
        if (cur.Step()) before = ReadFigure(cur);
        OPENKP_RETURN_IF_ERROR(cur.status("read current figure"));
        if (before && before->vintage > src.vintage) {
          ++out.superseded;
          continue;
        }
        Stmt set(cache_,
                 "INSERT INTO stat_current (participant, year, period, flow, partner, kind, "
                 "figure_id, vintage) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (flow, "
                 "participant, year, period, partner, kind) DO UPDATE SET figure_id = "
                 "excluded.figure_id, vintage = excluded.vintage");
        set.Bind(1, f.participant).Bind(2, int64_t{f.year}).Bind(3, f.period).Bind(4, f.flow);
        set.Bind(5, f.partner).Bind(6, f.kind).Bind(7, id).Bind(8, src.vintage);
        OPENKP_RETURN_IF_ERROR(set.Run("set current figure"));
        if (!before) {
          ++out.new_figures;
        } else if (before->SameAmounts(f)) {
          ++out.unchanged;
        } else {
          ++out.revised;
          Stmt rev(cache_,
                   "INSERT INTO stat_revisions (source_id, before_id, after_id) VALUES (?, ?, ?)");
          rev.Bind(1, out.source.id).Bind(2, before->id).Bind(3, id);
          OPENKP_RETURN_IF_ERROR(rev.Run("record revision"));
        }
      }
      return {};
    });
    if (!st.ok()) return st;
    return out;
  }

  Result<std::vector<StatFigure>> ListCurrentStatFigures(const StatFilter& filter) override {
    std::lock_guard lock(mu_);
    std::string sql = std::string(kFigureColumns) +
                      "FROM stat_current c JOIN stat_figures f ON f.id = c.figure_id "
                      "JOIN stat_sources s ON s.id = f.source_id WHERE 1 = 1";
    if (filter.flow) sql += " AND c.flow = ?1";
    if (filter.year) sql += " AND c.year = ?2";
    if (filter.participant) sql += " AND c.participant = ?3";
    sql += " ORDER BY c.participant, c.year, c.period, c.flow, c.partner, c.kind";
    Stmt s(cache_, sql);
    if (filter.flow) s.Bind(1, *filter.flow);
    if (filter.year) s.Bind(2, int64_t{*filter.year});
    if (filter.participant) s.Bind(3, *filter.participant);
    std::vector<StatFigure> out;
    while (s.Step()) out.push_back(ReadFigure(s));
    OPENKP_RETURN_IF_ERROR(s.status("list current figures"));
    return out;
  }

  Result<std::vector<StatFigure>> ListStatFigures(int64_t source_id) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_, std::string(kFigureColumns) +
                       "FROM stat_figures f JOIN stat_sources s ON s.id = f.source_id "
                       "WHERE f.source_id = ? ORDER BY f.participant, f.year, f.period, f.flow, "
                       "f.partner, f.kind");
    s.Bind(1, source_id);
    std::vector<StatFigure> out;
    while (s.Step()) out.push_back(ReadFigure(s));
    OPENKP_RETURN_IF_ERROR(s.status("list figures"));
    return out;
  }

  Result<std::vector<StatRevision>> ListStatRevisions() override {
    std::lock_guard lock(mu_);
    // Both figures of each revision, each with its vintage.
    Stmt s(cache_,
           "SELECT r.source_id, b.id, b.source_id, b.source_rows, b.participant, b.year, "
           "b.period, b.flow, b.partner, b.kind, b.nil, b.carats_hundredths, b.value_usd_cents, "
           "b.certificates, bs.vintage, a.id, a.source_id, a.source_rows, a.participant, a.year, "
           "a.period, a.flow, a.partner, a.kind, a.nil, a.carats_hundredths, a.value_usd_cents, "
           "a.certificates, as_.vintage FROM stat_revisions r "
           "JOIN stat_figures b ON b.id = r.before_id JOIN stat_sources bs ON bs.id = b.source_id "
           "JOIN stat_figures a ON a.id = r.after_id JOIN stat_sources as_ ON as_.id = a.source_id "
           "ORDER BY r.id");
    std::vector<StatRevision> out;
    while (s.Step()) out.push_back({s.Int(0), ReadFigure(s, 1), ReadFigure(s, 15)});
    OPENKP_RETURN_IF_ERROR(s.status("list revisions"));
    return out;
  }

  Result<std::vector<TradeFlow>> ListTradeFlows(const StatFilter& filter) override {
    std::lock_guard lock(mu_);
    std::string sql =
        "SELECT flow, participant, partner, year, quarter, hs_code, carats_hundredths, "
        "value_usd_cents, certificates FROM trade_flows WHERE certificates <> 0";
    if (filter.flow) sql += " AND flow = ?1";
    if (filter.year) sql += " AND year = ?2";
    if (filter.participant) sql += " AND participant = ?3";
    if (filter.by == "") sql += " AND partner = '' AND hs_code = ''";
    if (filter.by == "partner") sql += " AND partner <> '' AND hs_code = ''";
    if (filter.by == "hs") sql += " AND partner = '' AND hs_code <> ''";
    sql += " ORDER BY flow, participant, year, quarter, partner, hs_code";
    Stmt s(cache_, sql);
    if (filter.flow) s.Bind(1, *filter.flow);
    if (filter.year) s.Bind(2, int64_t{*filter.year});
    if (filter.participant) s.Bind(3, *filter.participant);
    std::vector<TradeFlow> out;
    while (s.Step()) {
      out.push_back({s.Text(0), s.Text(1), s.Text(2), static_cast<int>(s.Int(3)),
                     static_cast<int>(s.Int(4)), s.Text(5), s.Int(6), s.Int(7), s.Int(8)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("list trade flows"));
    return out;
  }

  Status RefreshTradeFlows() override {
    int64_t last = 0, newest = 0;
    {  // Nothing new (the common case): two primary-key reads, no write transaction.
      std::lock_guard lock(mu_);
      OPENKP_RETURN_IF_ERROR(ReadTradeFlowState(&last, &newest));
      if (last >= newest) return {};
    }
    // Reads and applies the new certificate events in one write transaction, so two processes
    // refreshing at once apply each event once.
    return InTransaction([&]() -> Status {
      OPENKP_RETURN_IF_ERROR(ReadTradeFlowState(&last, &newest));  // again, now as the writer
      if (last >= newest) return Status();
      // Sums the changes per row in memory first: a million events touch ~150 000 rows.
      std::map<std::tuple<std::string, std::string, std::string, std::string, int, int>, TradeFlow>
          deltas;
      auto add = [&](const TradeFlow& f) {
        TradeFlow& d = deltas[{f.flow, f.partner, f.hs_code, f.participant, f.year, f.quarter}];
        if (d.flow.empty()) {
          d = f;
        } else {
          d.carats_hundredths += f.carats_hundredths;
          d.value_usd_cents += f.value_usd_cents;
          d.certificates += f.certificates;
        }
      };
      Stmt ev(cache_,
              "SELECT e.kind, c.issuer, c.destination, c.issued_on, c.hs_codes, "
              "c.carats_hundredths, c.value_usd_cents, s.received_on, "
              "s.received_carats_hundredths, s.received_value_usd_cents, c.document "
              "FROM events e JOIN certificates c ON c.number = e.subject "
              "JOIN certificate_status s ON s.number = c.number "
              "WHERE e.id > ? AND e.id <= ? AND e.kind IN ('certificate.issued', "
              "'certificate.confirmed', 'certificate.voided') ORDER BY e.id");
      ev.Bind(1, last).Bind(2, newest);
      while (ev.Step()) {
        const std::string kind = ev.Text(0);
        if (kind == "certificate.confirmed") {
          auto on = ev.OptDate(7);
          if (!on) return Status::Internal("confirmed certificate without a date");
          for (const std::string& partner : {std::string(), ev.Text(1)}) {
            add({"import", ev.Text(2), partner, on->year(), (on->month() + 2) / 3, "", ev.Int(8),
                 ev.Int(9), 1});
          }
          continue;
        }
        // Issued: its exports count; voided: they are taken back out. A certificate of one HS
        // line has its amounts in columns; otherwise the lines are read from the stored
        // document (the registry validated it when it was issued).
        core::CertificateBody b;
        b.issuer = ev.Text(1);
        b.destination = ev.Text(2);
        b.issued_on = ev.DateAt(3);
        const std::string hs_codes = ev.Text(4);
        if (hs_codes.find(';') == std::string::npos) {
          b.lines.push_back({hs_codes, ev.Int(5), ev.Int(6)});
        } else {
          OPENKP_RETURN_IF_ERROR(ReadLines(ev.Text(10), &b.lines));
        }
        ExportFlows(b, kind == "certificate.issued" ? +1 : -1, add);
      }
      OPENKP_RETURN_IF_ERROR(ev.status("read certificate events"));
      for (const auto& [key, delta] : deltas) OPENKP_RETURN_IF_ERROR(AddTradeFlow(delta));
      Stmt up(cache_, "UPDATE trade_flows_state SET last_event_id = ? WHERE id = 1");
      return up.Bind(1, newest).Run("advance trade flows");
    });
  }

  Status ScanCertificateFacts(const std::function<void(const CertificateFacts&)>& visit) override {
    std::lock_guard lock(mu_);
    Stmt s(cache_,
           "SELECT c.number, c.issuer, c.destination, c.key_id, c.issued_on, c.expires_on, "
           "c.carats_hundredths, c.value_usd_cents, c.parcels, s.state, s.received_on, "
           "s.received_carats_hundredths, s.received_value_usd_cents, s.received_parcels "
           "FROM certificates c JOIN certificate_status s ON s.number = c.number "
           "ORDER BY c.issuer, c.issued_on, c.number");
    CertificateFacts f;
    while (s.Step()) {
      f.number = s.Text(0);
      f.issuer = s.Text(1);
      f.destination = s.Text(2);
      f.key_id = s.Text(3);
      f.issued_on = s.DateAt(4);
      f.expires_on = s.DateAt(5);
      f.carats_hundredths = s.Int(6);
      f.value_usd_cents = s.Int(7);
      f.parcels = s.Int(8);
      f.state = ParseState(s.Text(9));
      f.received_on = s.OptDate(10);
      f.received_carats_hundredths = s.Int(11);
      f.received_value_usd_cents = s.Int(12);
      f.received_parcels = s.Int(13);
      visit(f);
    }
    return s.status("scan certificates");
  }

  // Group commit, after LevelDB's writer queue: writes queue up; one leader runs everything
  // queued in one transaction, each item inside its own savepoint so that one failure rolls back
  // only that item, and every writer learns its outcome after the COMMIT that holds its writes:
  // an acknowledged write is committed, and one commit serves many. A synchronous caller leads
  // when nobody else does; asynchronous submissions are led by the committer thread, so that the
  // threads submitting them (the HTTP I/O threads) never wait for a commit.
  Status InTransaction(const std::function<Status()>& work) override {
    {
      std::unique_lock lock(mu_);
      if (depth_ > 0) {  // called from inside a running transaction: join it
        ++depth_;
        Status st = RunWork(work);
        --depth_;
        return st;
      }
    }
    // Shared so that the leader can wake a follower after releasing the queue lock (a woken
    // follower then finds the lock free instead of blocking on it again: measured, half of the
    // server's context switches under the issue benchmark were here) even if that follower has
    // already returned.
    auto me = std::make_shared<Writer>();
    me->work = &work;
    std::unique_lock queue_lock(queue_mu_);
    queue_.push_back(me);
    if (!leading_) leading_ = me->lead = true;
    while (!me->done && !me->lead) me->cv.wait(queue_lock);
    if (me->done) return me->status;
    LeadOneBatch(queue_lock);
    return me->status;
  }

  void SubmitTransaction(std::function<Status()> work, std::function<void(Status)> done) override {
    auto w = std::make_shared<Writer>();
    w->owned_work = std::move(work);
    w->work = &w->owned_work;
    w->on_done = std::move(done);
    bool wake = false;
    {
      std::lock_guard queue_lock(queue_mu_);
      if (!committer_.joinable()) {
        committer_ = std::thread([this] {
          pthread_setname_np(pthread_self(), "openkp-commit");  // for top -H and perf
          CommitterLoop();
        });
      }
      queue_.push_back(std::move(w));
      if (!leading_) wake = leading_ = committer_leads_ = true;
    }
    if (wake) committer_cv_.notify_one();
  }

 private:
  struct Writer {
    const std::function<Status()>* work = nullptr;
    std::function<Status()> owned_work;   // submitted work (work points here)
    std::function<void(Status)> on_done;  // submitted: told the outcome; else a thread waits
    Status status;
    bool done = false;  // guarded by queue_mu_
    bool lead = false;  // guarded by queue_mu_: this waiting thread runs the next batch
    std::condition_variable cv;
  };

  // The leader runs every queued write in one batch, then passes the lead on: to the first
  // waiting thread, or to the committer thread when the next write was submitted.
  // `queue_lock` is held on entry and on return.
  void LeadOneBatch(std::unique_lock<std::mutex>& queue_lock) {
    std::vector<std::shared_ptr<Writer>> batch = TakeAndRunBatch(queue_lock);
    std::shared_ptr<Writer> next;
    bool wake_committer = false;
    if (queue_.empty()) {
      leading_ = false;
    } else if (queue_.front()->on_done) {
      wake_committer = committer_leads_ = true;
    } else {
      next = queue_.front();
      next->lead = true;
    }
    queue_lock.unlock();
    Finish(batch);
    if (next) next->cv.notify_one();
    if (wake_committer) committer_cv_.notify_one();
    queue_lock.lock();
  }

  // Runs batches while writes are queued, whenever it holds the lead.
  void CommitterLoop() {
    std::unique_lock queue_lock(queue_mu_);
    for (;;) {
      committer_cv_.wait(queue_lock, [&] { return committer_leads_ || stopping_; });
      if (!committer_leads_) return;  // stopping, and nothing left to lead
      while (!queue_.empty()) {
        std::vector<std::shared_ptr<Writer>> batch = TakeAndRunBatch(queue_lock);
        queue_lock.unlock();
        Finish(batch);
        queue_lock.lock();
      }
      leading_ = committer_leads_ = false;
    }
  }

  // Runs everything queued (lock released meanwhile), marks it done and dequeues it.
  std::vector<std::shared_ptr<Writer>> TakeAndRunBatch(std::unique_lock<std::mutex>& queue_lock) {
    std::vector<std::shared_ptr<Writer>> batch(queue_.begin(), queue_.end());
    queue_lock.unlock();
    RunBatch(batch);
    queue_lock.lock();
    for (const auto& w : batch) {
      queue_.pop_front();
      w->done = true;
    }
    return batch;
  }

  // Tells a finished batch its outcome (queue lock not held).
  static void Finish(const std::vector<std::shared_ptr<Writer>>& batch) {
    for (const auto& w : batch) {
      if (w->on_done) {
        w->on_done(w->status);
      } else if (!w->lead) {  // the leader itself is not waiting
        w->cv.notify_one();
      }
    }
  }

  // Work may come from any module: an exception must not unwind through the transaction.
  static Status RunWork(const std::function<Status()>& work) {
    try {
      return work();
    } catch (const std::exception& e) {
      return Status::Internal(std::string("transaction failed: ") + e.what());
    }
  }

  void RunBatch(const std::vector<std::shared_ptr<Writer>>& batch) {
    std::lock_guard lock(mu_);
    Status begin = Control("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (const auto& w : batch) w->status = begin;
      return;
    }
    depth_ = 1;
    bool any_ok = false;
    for (const auto& w : batch) {
      if (batch.size() == 1) {
        w->status = RunWork(*w->work);
      } else {
        w->status = Control("SAVEPOINT item");
        if (w->status.ok()) w->status = RunWork(*w->work);
        if (!w->status.ok()) (void)Control("ROLLBACK TO item");
        (void)Control("RELEASE item");
      }
      any_ok = any_ok || w->status.ok();
    }
    depth_ = 0;
    if (!any_ok) {
      (void)Control("ROLLBACK");
      reference_changed_ = false;
      return;
    }
    Status commit = Control("COMMIT");
    ++local_version_;  // after COMMIT (or its failure): readers recheck either way
    if (reference_changed_) {
      reference_changed_ = false;
      ++reference_version_;
    }
    if (!commit.ok()) {
      (void)Control("ROLLBACK");
      for (const auto& w : batch) {
        if (w->status.ok()) w->status = commit;
      }
    }
  }

  // Transaction control through cached statements: sqlite3_exec would parse them every time.
  Status Control(const char* sql) {
    Stmt s(cache_, sql);
    return s.Run(sql);
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return {};
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status::Internal(std::string("sqlite: ") + msg);
  }

  Status AppendEvent(const Event& e) {
    Stmt s(cache_,
           "INSERT INTO events (kind, subject, participant, at, actor, payload) "
           "VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(1, e.kind).Bind(2, e.subject).Bind(3, e.participant);
    s.Bind(4, e.at.empty() ? NowUtc() : e.at).Bind(5, e.actor);
    s.Bind(6, e.payload.empty() ? std::string("{}") : e.payload);
    return s.Run("append event");
  }

  sqlite3* db_;
  StatementCache cache_;
  std::recursive_mutex mu_;
  int depth_ = 0;                              // transaction nesting, guarded by mu_
  std::atomic<int64_t> local_version_{0};      // bumped after every commit
  std::atomic<int64_t> reference_version_{0};  // bumped after commits of reference data
  bool reference_changed_ = false;             // the running batch wrote reference data (mu_)
  std::atomic<int64_t> external_version_{0};   // last PRAGMA data_version seen
  std::atomic<int64_t> external_checked_us_{-1000000};  // when it was read (steady clock)
  std::mutex queue_mu_;  // guards the fields below; never held while mu_ is being acquired
  std::deque<std::shared_ptr<Writer>> queue_;
  bool leading_ = false;          // some thread is running or about to run a batch
  bool committer_leads_ = false;  // ... and it is the committer thread
  bool stopping_ = false;
  std::condition_variable committer_cv_;
  std::thread committer_;  // started by the first SubmitTransaction
};

}  // namespace

const char* RoleName(Role role) { return role == Role::kAdmin ? "admin" : "officer"; }

const char* StateName(CertificateState s) {
  switch (s) {
    case CertificateState::kIssued:
      return "issued";
    case CertificateState::kConfirmed:
      return "confirmed";
    case CertificateState::kVoided:
      return "voided";
  }
  return "issued";
}

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  // Memory statistics take a global mutex on every allocation; nothing here reads them.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status st = Status::Internal("cannot open database '" + path + "': " + sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return st;
  }
  auto store = std::make_unique<SqliteStore>(db);
  Status st = store->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace openkp::store
