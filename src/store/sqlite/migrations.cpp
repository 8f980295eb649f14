// The SQLite schema's migrations, applied in order once each (schema_migrations records them).
#include "store/sqlite/migrations.h"

#include <iterator>

namespace openkp::store::sqlite {

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
    // 8: roles are checked by the code, not the schema, so that the coming roles (monitor,
    // reviewer, statistics analyst, coalition member) need no migration of users. SQLite
    // cannot drop a CHECK: the table is rebuilt (foreign keys are off while migrations run,
    // and checked after them).
    R"sql(
CREATE TABLE users_new (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  participant TEXT REFERENCES participants(code),
  created_at TEXT NOT NULL,
  disabled_at TEXT
);
INSERT INTO users_new (id, name, role, participant, created_at, disabled_at)
  SELECT id, name, role, participant, created_at, disabled_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
)sql",
    // 9: the anomaly rules read every certificate's facts. A covering index, in the order their
    // number-sequence check needs, holds ~90 bytes of each certificate instead of its row with
    // the signed document (1.2 GB at a million certificates); queries by issuer use its prefix.
    R"sql(
DROP INDEX certificates_by_issuer;
CREATE INDEX certificates_by_issuer ON certificates (issuer, issued_on, number, destination,
  key_id, expires_on, carats_hundredths, value_usd_cents, parcels);
)sql",
    // 10: a participant's received certificates counted per state (dossiers) without reading
    // their rows: the expiry and the number (to find the state) join the destination's index.
    // One participant's trade per partner without reading every participant's (the key begins
    // with the flow and the partner, for the summary tables).
    R"sql(
DROP INDEX certificates_by_destination;
CREATE INDEX certificates_by_destination ON certificates (destination, issued_on, expires_on,
  number);
CREATE INDEX trade_flows_by_participant ON trade_flows (participant, flow, year);
)sql",
    // 11: signing in with a password (the web app) beside API tokens: one login per user, its
    // Argon2id hash (libsodium's crypto_pwhash_str), and server-side sessions found by the
    // SHA-256 of their cookie, with the CSRF token the page sends back on every change.
    R"sql(
CREATE TABLE user_logins (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  login TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  set_at TEXT NOT NULL
);
CREATE TABLE sessions (
  session_sha256 TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
)sql",
    // 12: the anomaly rules' scan reads every certificate's state beside its facts, in the
    // facts' order (issuer, issued_on, number). The state rows carry a copy of their
    // certificate's issuer and date (set once, at issuance) and a covering index in that order, so
    // the scan merges two ordered index scans in constant memory instead of holding every
    // certificate's state in a table (~100 bytes each).
    R"sql(
ALTER TABLE certificate_status ADD COLUMN issuer TEXT;
ALTER TABLE certificate_status ADD COLUMN issued_on TEXT;
UPDATE certificate_status SET (issuer, issued_on) =
  (SELECT c.issuer, c.issued_on FROM certificates c WHERE c.number = certificate_status.number);
CREATE INDEX certificate_status_by_issuer ON certificate_status (issuer, issued_on, number, state,
  received_on, received_carats_hundredths, received_value_usd_cents, received_parcels);
CREATE TRIGGER certificate_status_facts_fixed BEFORE UPDATE OF issuer, issued_on
  ON certificate_status WHEN OLD.issuer IS NOT NULL OR OLD.issued_on IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a certificate''s issuer and date are fixed'); END;
)sql",
    // 13: the anomaly rule duplicate-number reads the numbers that are the same without their
    // separators from an index in that order (StatsStore::ListSameNumbers), instead of holding
    // every certificate's number in memory (~30 bytes each). The expression is the query's.
    R"sql(
CREATE INDEX certificates_by_plain_number ON certificates
  (replace(replace(number, '-', ''), '/', ''), issuer, issued_on, number);
)sql",
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Status Migrate(StatementCache& cache,
               const std::function<Status(const std::function<Status()>&)>& in_transaction) {
  sqlite3* db = cache.db();
  OPENKP_RETURN_IF_ERROR(
      Exec(db,
           "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
           "applied_at TEXT NOT NULL)"));
  int current = 0;
  {
    Stmt s(cache, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (s.Step()) current = static_cast<int>(s.Int(0));
    OPENKP_RETURN_IF_ERROR(s.status("read schema version"));
  }
  if (current > LatestSchemaVersion()) {
    return Status(core::Code::kFailedPrecondition,
                  "database schema version " + std::to_string(current) +
                      " is newer than this openkp (" + std::to_string(LatestSchemaVersion()) + ")");
  }
  for (int v = current + 1; v <= LatestSchemaVersion(); ++v) {
    Status st = in_transaction([&]() -> Status {
      OPENKP_RETURN_IF_ERROR(Exec(db, kMigrations[v - 1]));
      Stmt s(cache, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
      return s.Bind(1, int64_t{v}).Bind(2, NowUtc()).Run("record migration");
    });
    if (!st.ok()) return Status::Internal("migration " + std::to_string(v) + ": " + st.message());
  }
  return {};
}

Status MigrateDomain(StatementCache& cache, const DomainSchema& domain,
                     const std::function<Status(const std::function<Status()>&)>& in_transaction) {
  auto it = domain.migrations.find("sqlite");
  if (domain.name.empty() || it == domain.migrations.end()) {
    return Status::Invalid("domain", "schema",
                           "domain '" + domain.name + "' has no schema for SQLite");
  }
  const std::vector<std::string>& steps = it->second;
  sqlite3* db = cache.db();
  OPENKP_RETURN_IF_ERROR(Exec(db,
                              "CREATE TABLE IF NOT EXISTS domain_migrations (domain TEXT NOT NULL, "
                              "version INTEGER NOT NULL, applied_at TEXT NOT NULL, "
                              "PRIMARY KEY (domain, version))"));
  int current = 0;
  {
    Stmt s(cache, "SELECT COALESCE(MAX(version), 0) FROM domain_migrations WHERE domain = ?");
    s.Bind(1, domain.name);
    if (s.Step()) current = static_cast<int>(s.Int(0));
    OPENKP_RETURN_IF_ERROR(s.status("read domain schema version"));
  }
  if (current > static_cast<int>(steps.size())) {
    return Status(core::Code::kFailedPrecondition, "the database holds version " +
                                                       std::to_string(current) + " of domain '" +
                                                       domain.name + "', newer than this openkp (" +
                                                       std::to_string(steps.size()) + ")");
  }
  for (int v = current + 1; v <= static_cast<int>(steps.size()); ++v) {
    Status st = in_transaction([&]() -> Status {
      OPENKP_RETURN_IF_ERROR(Exec(db, steps[v - 1].c_str()));
      Stmt s(cache, "INSERT INTO domain_migrations (domain, version, applied_at) VALUES (?, ?, ?)");
      return s.Bind(1, domain.name).Bind(2, int64_t{v}).Bind(3, NowUtc()).Run("record migration");
    });
    if (!st.ok()) {
      return Status::Internal("migration " + std::to_string(v) + " of domain '" + domain.name +
                              "': " + st.message());
    }
  }
  return {};
}

}  // namespace openkp::store::sqlite
