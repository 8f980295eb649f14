// The monitoring tables on SQLite: the domain's migrations (only append; a released one never
// changes).
#include "monitor/monitor_store.h"

namespace openkp::monitor {

store::DomainSchema Schema() {
  // Reports, their attachments, reporters and status changes are evidence: triggers refuse
  // UPDATE and DELETE, so that no code path (nor a mistaken SQL statement) alters one.
  return {"monitor", {{"sqlite", {R"sql(
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
)sql"}}}};
}

}  // namespace openkp::monitor
