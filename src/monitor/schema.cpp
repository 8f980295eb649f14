// The monitoring tables: the domain's migrations per backend (only append; a released one never
// changes). PostgreSQL's are numbered on their own: its first is the state of SQLite's first.
#include "monitor/monitor_store.h"

namespace openkp::monitor {

namespace {

// Migrations whose SQL both dialects read alike, written once.
// 2: the Digest counts used with each live nonce, where every server sees them: a captured
// request replayed to another server of a deployment is refused too. Rows go when their nonce
// expires (not evidence: not append-only).
constexpr const char* kDigestUses = R"sql(
CREATE TABLE monitor_digest_uses (
  nonce TEXT NOT NULL,
  nc TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (nonce, nc)
);
CREATE INDEX monitor_digest_uses_expiry ON monitor_digest_uses (expires_at);
)sql";
// 3: attachments kept as files beside a SQLite database (monitor/attachment_files.h): the row
// holds an empty blob and in_file = 1. PostgreSQL keeps the bytes in the row (in_file = 0); a
// copy from SQLite brings the files in.
constexpr const char* kAttachmentFiles = R"sql(
ALTER TABLE monitor_attachments ADD COLUMN in_file INTEGER NOT NULL DEFAULT 0;
)sql";

}  // namespace

store::DomainSchema Schema() {
  // Reports, their attachments, reporters and status changes are evidence: triggers refuse
  // UPDATE and DELETE (and on PostgreSQL TRUNCATE), so that no code path (nor a mistaken SQL
  // statement) alters one.
  return {"monitor",
          {{"sqlite",
            {R"sql(
CREATE TABLE monitor_organisations (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE monitor_members (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  organisation TEXT NOT NULL REFERENCES monitor_organisations(code)
);
CREATE TABLE monitor_devices (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  organisation TEXT NOT NULL REFERENCES monitor_organisations(code),
  label TEXT NOT NULL,
  ha1 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE monitor_sites (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  participant TEXT NOT NULL,
  area TEXT NOT NULL,
  lat_e6 INTEGER,
  lon_e6 INTEGER,
  type TEXT NOT NULL,
  minerals TEXT NOT NULL,
  operator TEXT NOT NULL,
  workers INTEGER,
  armed_presence TEXT NOT NULL,
  armed_roles TEXT NOT NULL,
  child_labour TEXT NOT NULL,
  source TEXT NOT NULL,
  organisation TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX monitor_sites_participant ON monitor_sites(participant);
CREATE TABLE monitor_visits (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES monitor_sites(id),
  visited_on TEXT NOT NULL,
  workers INTEGER,
  minerals TEXT NOT NULL,
  armed_presence TEXT NOT NULL,
  armed_roles TEXT NOT NULL,
  child_labour TEXT NOT NULL,
  mercury TEXT NOT NULL,
  notes TEXT NOT NULL,
  organisation TEXT NOT NULL,
  report_id INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX monitor_visits_site ON monitor_visits(site_id, visited_on);
CREATE TABLE monitor_reports (
  id INTEGER PRIMARY KEY,
  instance_id TEXT NOT NULL UNIQUE,
  form_id TEXT NOT NULL,
  form_version TEXT NOT NULL,
  organisation TEXT NOT NULL,
  device_id INTEGER,
  user_id INTEGER,
  deprecated_id TEXT NOT NULL,
  encrypted INTEGER NOT NULL,
  xml BLOB NOT NULL,
  xml_sha256 TEXT NOT NULL,
  received_at TEXT NOT NULL,
  category TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  participant TEXT NOT NULL,
  area TEXT NOT NULL,
  site_code TEXT NOT NULL,
  lat_e6 INTEGER,
  lon_e6 INTEGER,
  description TEXT NOT NULL,
  people_affected INTEGER,
  restricted INTEGER NOT NULL,
  text_restricted INTEGER NOT NULL,
  media TEXT NOT NULL
);
CREATE INDEX monitor_reports_org ON monitor_reports(organisation, id);
CREATE INDEX monitor_reports_deprecated ON monitor_reports(deprecated_id);
CREATE TABLE monitor_reporters (
  report_id INTEGER PRIMARY KEY REFERENCES monitor_reports(id),
  name TEXT NOT NULL,
  contact TEXT NOT NULL
);
CREATE TABLE monitor_attachments (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES monitor_reports(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  data BLOB NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (report_id, name)
);
CREATE TABLE monitor_form_keys (
  organisation TEXT PRIMARY KEY REFERENCES monitor_organisations(code),
  public_key TEXT NOT NULL,
  set_at TEXT NOT NULL
);
CREATE TABLE monitor_report_status (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES monitor_reports(id),
  status TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX monitor_report_status_report ON monitor_report_status(report_id, id);
CREATE TRIGGER monitor_reports_append_only_u BEFORE UPDATE ON monitor_reports
  BEGIN SELECT RAISE(ABORT, 'reports are append-only: file a correction'); END;
CREATE TRIGGER monitor_reports_append_only_d BEFORE DELETE ON monitor_reports
  BEGIN SELECT RAISE(ABORT, 'reports are append-only: file a correction'); END;
CREATE TRIGGER monitor_attachments_append_only_u BEFORE UPDATE ON monitor_attachments
  BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
CREATE TRIGGER monitor_attachments_append_only_d BEFORE DELETE ON monitor_attachments
  BEGIN SELECT RAISE(ABORT, 'attachments are append-only'); END;
CREATE TRIGGER monitor_reporters_append_only_u BEFORE UPDATE ON monitor_reporters
  BEGIN SELECT RAISE(ABORT, 'reporters are append-only'); END;
CREATE TRIGGER monitor_reporters_append_only_d BEFORE DELETE ON monitor_reporters
  BEGIN SELECT RAISE(ABORT, 'reporters are append-only'); END;
CREATE TRIGGER monitor_status_append_only_u BEFORE UPDATE ON monitor_report_status
  BEGIN SELECT RAISE(ABORT, 'status changes are append-only'); END;
CREATE TRIGGER monitor_status_append_only_d BEFORE DELETE ON monitor_report_status
  BEGIN SELECT RAISE(ABORT, 'status changes are append-only'); END;
)sql",
             kDigestUses, kAttachmentFiles}},
           {"postgresql",
            {R"sql(
CREATE TABLE monitor_organisations (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE monitor_members (
  user_id BIGINT PRIMARY KEY REFERENCES users(id),
  organisation TEXT NOT NULL REFERENCES monitor_organisations(code)
);
CREATE TABLE monitor_devices (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  organisation TEXT NOT NULL REFERENCES monitor_organisations(code),
  label TEXT NOT NULL,
  ha1 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE monitor_sites (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  participant TEXT NOT NULL,
  area TEXT NOT NULL,
  lat_e6 BIGINT,
  lon_e6 BIGINT,
  type TEXT NOT NULL,
  minerals TEXT NOT NULL,
  operator TEXT NOT NULL,
  workers BIGINT,
  armed_presence TEXT NOT NULL,
  armed_roles TEXT NOT NULL,
  child_labour TEXT NOT NULL,
  source TEXT NOT NULL,
  organisation TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX monitor_sites_participant ON monitor_sites(participant);
CREATE TABLE monitor_visits (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  site_id BIGINT NOT NULL REFERENCES monitor_sites(id),
  visited_on TEXT NOT NULL,
  workers BIGINT,
  minerals TEXT NOT NULL,
  armed_presence TEXT NOT NULL,
  armed_roles TEXT NOT NULL,
  child_labour TEXT NOT NULL,
  mercury TEXT NOT NULL,
  notes TEXT NOT NULL,
  organisation TEXT NOT NULL,
  report_id BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX monitor_visits_site ON monitor_visits(site_id, visited_on);
CREATE TABLE monitor_reports (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  instance_id TEXT NOT NULL UNIQUE,
  form_id TEXT NOT NULL,
  form_version TEXT NOT NULL,
  organisation TEXT NOT NULL,
  device_id BIGINT,
  user_id BIGINT,
  deprecated_id TEXT NOT NULL,
  encrypted BIGINT NOT NULL,
  xml BYTEA NOT NULL,
  xml_sha256 TEXT NOT NULL,
  received_at TEXT NOT NULL,
  category TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  participant TEXT NOT NULL,
  area TEXT NOT NULL,
  site_code TEXT NOT NULL,
  lat_e6 BIGINT,
  lon_e6 BIGINT,
  description TEXT NOT NULL,
  people_affected BIGINT,
  restricted BIGINT NOT NULL,
  text_restricted BIGINT NOT NULL,
  media TEXT NOT NULL
);
CREATE INDEX monitor_reports_org ON monitor_reports(organisation, id);
CREATE INDEX monitor_reports_deprecated ON monitor_reports(deprecated_id);
CREATE TABLE monitor_reporters (
  report_id BIGINT PRIMARY KEY REFERENCES monitor_reports(id),
  name TEXT NOT NULL,
  contact TEXT NOT NULL
);
CREATE TABLE monitor_attachments (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  report_id BIGINT NOT NULL REFERENCES monitor_reports(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BYTEA NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (report_id, name)
);
CREATE TABLE monitor_form_keys (
  organisation TEXT PRIMARY KEY REFERENCES monitor_organisations(code),
  public_key TEXT NOT NULL,
  set_at TEXT NOT NULL
);
CREATE TABLE monitor_report_status (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  report_id BIGINT NOT NULL REFERENCES monitor_reports(id),
  status TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX monitor_report_status_report ON monitor_report_status(report_id, id);
CREATE TRIGGER monitor_reports_append_only BEFORE UPDATE OR DELETE ON monitor_reports
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('reports are append-only: file a correction');
CREATE TRIGGER monitor_attachments_append_only BEFORE UPDATE OR DELETE ON monitor_attachments
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('attachments are append-only');
CREATE TRIGGER monitor_reporters_append_only BEFORE UPDATE OR DELETE ON monitor_reporters
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('reporters are append-only');
CREATE TRIGGER monitor_status_append_only BEFORE UPDATE OR DELETE ON monitor_report_status
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('status changes are append-only');
-- TRUNCATE skips row triggers: refused on the evidence too.
CREATE TRIGGER monitor_reports_no_truncate BEFORE TRUNCATE ON monitor_reports
  EXECUTE FUNCTION openkp_refuse_change('reports are append-only: file a correction');
CREATE TRIGGER monitor_attachments_no_truncate BEFORE TRUNCATE ON monitor_attachments
  EXECUTE FUNCTION openkp_refuse_change('attachments are append-only');
CREATE TRIGGER monitor_reporters_no_truncate BEFORE TRUNCATE ON monitor_reporters
  EXECUTE FUNCTION openkp_refuse_change('reporters are append-only');
CREATE TRIGGER monitor_status_no_truncate BEFORE TRUNCATE ON monitor_report_status
  EXECUTE FUNCTION openkp_refuse_change('status changes are append-only');
)sql",
             kDigestUses, kAttachmentFiles}}}};
}

}  // namespace openkp::monitor
