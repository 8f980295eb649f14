// The coalition's tables, per backend (store/domain.h); migrations only append. PostgreSQL's
// one migration makes what SQLite's migrations 1-2 make, in the words of the core PostgreSQL
// schema (store/postgresql/migrations.cpp): BIGINT integers, identity ids, BYTEA bytes, the
// same append-only triggers.
#include "activities/activities_store.h"

namespace openkp::activities {

store::DomainSchema Schema() {
  return {"activities",
          {{"sqlite",
            {R"sql(
CREATE TABLE coalition_members (
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  type TEXT NOT NULL,
  iati_id TEXT NOT NULL,
  website TEXT NOT NULL,
  joined_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (code, version)
);
CREATE TABLE coalition_people (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  member TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'editor', 'viewer', 'none')),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX coalition_people_user ON coalition_people(user_id, id);
CREATE TABLE coalition_applications (
  id INTEGER PRIMARY KEY,
  organisation TEXT NOT NULL,
  code TEXT NOT NULL,
  country TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE TABLE coalition_application_steps (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES coalition_applications(id),
  step TEXT NOT NULL CHECK (step IN ('received', 'reviewed', 'admitted', 'declined')),
  step_on TEXT NOT NULL,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX coalition_application_steps_app ON coalition_application_steps(application_id, id);
CREATE TABLE coalition_activities (
  ref TEXT NOT NULL,
  version INTEGER NOT NULL,
  year INTEGER NOT NULL,
  start_on TEXT NOT NULL,
  doc TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (ref, version)
);
CREATE INDEX coalition_activities_year ON coalition_activities(year, ref, version);
CREATE TABLE coalition_report_texts (
  year INTEGER NOT NULL,
  lang TEXT NOT NULL,
  section TEXT NOT NULL,
  version INTEGER NOT NULL,
  text TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (year, lang, section, version)
);
CREATE TABLE coalition_final_reports (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  lang TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  html TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX coalition_final_reports_year ON coalition_final_reports(year, id);
CREATE TRIGGER coalition_members_append_only_u BEFORE UPDATE ON coalition_members
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_members_append_only_d BEFORE DELETE ON coalition_members
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_people_append_only_u BEFORE UPDATE ON coalition_people
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_people_append_only_d BEFORE DELETE ON coalition_people
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_applications_append_only_u BEFORE UPDATE ON coalition_applications
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_applications_append_only_d BEFORE DELETE ON coalition_applications
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_application_steps_append_only_u BEFORE UPDATE ON coalition_application_steps
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_application_steps_append_only_d BEFORE DELETE ON coalition_application_steps
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_activities_append_only_u BEFORE UPDATE ON coalition_activities
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_activities_append_only_d BEFORE DELETE ON coalition_activities
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_report_texts_append_only_u BEFORE UPDATE ON coalition_report_texts
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_report_texts_append_only_d BEFORE DELETE ON coalition_report_texts
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_final_reports_append_only_u BEFORE UPDATE ON coalition_final_reports
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_final_reports_append_only_d BEFORE DELETE ON coalition_final_reports
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
)sql",
             // 2: files with activities.
             R"sql(
CREATE TABLE coalition_documents (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  uploaded_by TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (ref, name)
);
CREATE TRIGGER coalition_documents_append_only_u BEFORE UPDATE ON coalition_documents
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
CREATE TRIGGER coalition_documents_append_only_d BEFORE DELETE ON coalition_documents
  BEGIN SELECT RAISE(ABORT, 'coalition records are append-only: add a version'); END;
)sql"}},
           {"postgresql",
            {// 1: what SQLite's 1 and 2 make.
             R"sql(
CREATE TABLE coalition_members (
  code TEXT NOT NULL,
  version BIGINT NOT NULL,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  type TEXT NOT NULL,
  iati_id TEXT NOT NULL,
  website TEXT NOT NULL,
  joined_on TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (code, version)
);
CREATE TABLE coalition_people (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL,
  member TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('coordinator', 'editor', 'viewer', 'none')),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX coalition_people_user ON coalition_people(user_id, id);
CREATE TABLE coalition_applications (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  organisation TEXT NOT NULL,
  code TEXT NOT NULL,
  country TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE TABLE coalition_application_steps (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  application_id BIGINT NOT NULL REFERENCES coalition_applications(id),
  step TEXT NOT NULL CHECK (step IN ('received', 'reviewed', 'admitted', 'declined')),
  step_on TEXT NOT NULL,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX coalition_application_steps_app ON coalition_application_steps(application_id, id);
CREATE TABLE coalition_activities (
  ref TEXT NOT NULL,
  version BIGINT NOT NULL,
  year BIGINT NOT NULL,
  start_on TEXT NOT NULL,
  doc TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (ref, version)
);
CREATE INDEX coalition_activities_year ON coalition_activities(year, ref, version);
CREATE TABLE coalition_report_texts (
  year BIGINT NOT NULL,
  lang TEXT NOT NULL,
  section TEXT NOT NULL,
  version BIGINT NOT NULL,
  text TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (year, lang, section, version)
);
CREATE TABLE coalition_final_reports (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  year BIGINT NOT NULL,
  lang TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  html TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX coalition_final_reports_year ON coalition_final_reports(year, id);
CREATE TABLE coalition_documents (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ref TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
  uploaded_by TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (ref, name)
);
CREATE TRIGGER coalition_members_append_only BEFORE UPDATE OR DELETE ON coalition_members
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_people_append_only BEFORE UPDATE OR DELETE ON coalition_people
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_applications_append_only BEFORE UPDATE OR DELETE ON coalition_applications
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_application_steps_append_only BEFORE UPDATE OR DELETE ON coalition_application_steps
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_activities_append_only BEFORE UPDATE OR DELETE ON coalition_activities
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_report_texts_append_only BEFORE UPDATE OR DELETE ON coalition_report_texts
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_final_reports_append_only BEFORE UPDATE OR DELETE ON coalition_final_reports
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_documents_append_only BEFORE UPDATE OR DELETE ON coalition_documents
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
-- TRUNCATE skips row triggers: refused too.
CREATE TRIGGER coalition_members_no_truncate BEFORE TRUNCATE ON coalition_members
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_people_no_truncate BEFORE TRUNCATE ON coalition_people
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_applications_no_truncate BEFORE TRUNCATE ON coalition_applications
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_application_steps_no_truncate BEFORE TRUNCATE ON coalition_application_steps
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_activities_no_truncate BEFORE TRUNCATE ON coalition_activities
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_report_texts_no_truncate BEFORE TRUNCATE ON coalition_report_texts
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_final_reports_no_truncate BEFORE TRUNCATE ON coalition_final_reports
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
CREATE TRIGGER coalition_documents_no_truncate BEFORE TRUNCATE ON coalition_documents
  EXECUTE FUNCTION openkp_refuse_change('coalition records are append-only: add a version');
)sql"}}}};
}

}  // namespace openkp::activities
