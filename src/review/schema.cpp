// The review service's tables, per backend: migrations only append, a released one never
// changes.
#include "review/review_store.h"

namespace openkp::review {

store::DomainSchema Schema() {
  // Every table is a record of what was decided, asked or answered: triggers refuse UPDATE and
  // DELETE, so that no code path (nor a mistaken SQL statement) rewrites the record.
  return {"review",
          {{"sqlite",
            {R"sql(
CREATE TABLE review_triage (
  id INTEGER PRIMARY KEY,
  finding_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN
    ('dismissed', 'explained', 'questioned', 'escalated', 'reopened')),
  note TEXT NOT NULL,
  questionnaire_id INTEGER,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX review_triage_finding ON review_triage(finding_id, id);
CREATE TABLE review_questionnaires (
  id INTEGER PRIMARY KEY,
  participant TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  due_on TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX review_questionnaires_participant ON review_questionnaires(participant, id);
CREATE TABLE review_questionnaire_findings (
  questionnaire_id INTEGER NOT NULL REFERENCES review_questionnaires(id),
  position INTEGER NOT NULL,
  finding_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  rule TEXT NOT NULL,
  period TEXT NOT NULL,
  message TEXT NOT NULL,
  compared TEXT NOT NULL,
  threshold TEXT NOT NULL,
  sources TEXT NOT NULL,
  PRIMARY KEY (questionnaire_id, finding_id)
);
CREATE TABLE review_steps (
  id INTEGER PRIMARY KEY,
  questionnaire_id INTEGER NOT NULL REFERENCES review_questionnaires(id),
  action TEXT NOT NULL CHECK (action IN
    ('sent', 'answered', 'accepted', 'clarification', 'escalated', 'listed')),
  text TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  due_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_steps_questionnaire ON review_steps(questionnaire_id, id);
CREATE TABLE review_documents (
  id INTEGER PRIMARY KEY,
  questionnaire_id INTEGER NOT NULL REFERENCES review_questionnaires(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  uploaded_by TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (questionnaire_id, name)
);
CREATE TRIGGER review_triage_append_only_u BEFORE UPDATE ON review_triage
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_triage_append_only_d BEFORE DELETE ON review_triage
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_questionnaires_append_only_u BEFORE UPDATE ON review_questionnaires
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_questionnaires_append_only_d BEFORE DELETE ON review_questionnaires
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_questionnaire_findings_append_only_u BEFORE UPDATE ON review_questionnaire_findings
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_questionnaire_findings_append_only_d BEFORE DELETE ON review_questionnaire_findings
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_steps_append_only_u BEFORE UPDATE ON review_steps
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_steps_append_only_d BEFORE DELETE ON review_steps
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_documents_append_only_u BEFORE UPDATE ON review_documents
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_documents_append_only_d BEFORE DELETE ON review_documents
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
)sql",
             R"sql(
CREATE TABLE review_peer_reviews (
  id INTEGER PRIMARY KEY,
  participant TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN
    ('annual-report-assessment', 'review-visit', 'review-mission')),
  title TEXT NOT NULL,
  terms_of_reference TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX review_peer_reviews_participant ON review_peer_reviews(participant, id);
CREATE TABLE review_team (
  review_id INTEGER NOT NULL REFERENCES review_peer_reviews(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  constituency TEXT NOT NULL CHECK (constituency IN ('government', 'industry', 'civil-society')),
  role TEXT NOT NULL CHECK (role IN ('lead', 'member', 'observer')),
  user_id INTEGER,
  PRIMARY KEY (review_id, position)
);
CREATE TABLE review_stages (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review_peer_reviews(id),
  stage TEXT NOT NULL,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX review_stages_review ON review_stages(review_id, id);
CREATE TABLE review_inputs (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review_peer_reviews(id),
  user_id INTEGER NOT NULL,
  contributor TEXT NOT NULL,
  text TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'team', 'team-and-participant')),
  hide_source INTEGER NOT NULL,
  incidents TEXT NOT NULL,
  sites TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_inputs_review ON review_inputs(review_id, id);
CREATE TABLE review_input_uses (
  id INTEGER PRIMARY KEY,
  input_id INTEGER NOT NULL REFERENCES review_inputs(id),
  text TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX review_input_uses_input ON review_input_uses(input_id, id);
CREATE TABLE review_recommendations (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES review_peer_reviews(id),
  paragraph TEXT NOT NULL,
  text TEXT NOT NULL,
  addressee TEXT NOT NULL,
  core_section TEXT NOT NULL,
  specificity INTEGER NOT NULL CHECK (specificity BETWEEN 1 AND 5),
  repeats INTEGER REFERENCES review_recommendations(id),
  follow_up_due_on TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_recommendations_review ON review_recommendations(review_id, id);
CREATE TABLE review_recommendation_steps (
  id INTEGER PRIMARY KEY,
  recommendation_id INTEGER NOT NULL REFERENCES review_recommendations(id),
  kind TEXT NOT NULL CHECK (kind IN ('response', 'status', 'civil-society', 'progress')),
  value TEXT NOT NULL,
  comment TEXT NOT NULL,
  source TEXT NOT NULL,
  due_on TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_recommendation_steps_rec ON review_recommendation_steps(recommendation_id, id);
CREATE TRIGGER review_peer_reviews_append_only_u BEFORE UPDATE ON review_peer_reviews
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_peer_reviews_append_only_d BEFORE DELETE ON review_peer_reviews
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_team_append_only_u BEFORE UPDATE ON review_team
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_team_append_only_d BEFORE DELETE ON review_team
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_stages_append_only_u BEFORE UPDATE ON review_stages
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_stages_append_only_d BEFORE DELETE ON review_stages
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_inputs_append_only_u BEFORE UPDATE ON review_inputs
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_inputs_append_only_d BEFORE DELETE ON review_inputs
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_input_uses_append_only_u BEFORE UPDATE ON review_input_uses
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_input_uses_append_only_d BEFORE DELETE ON review_input_uses
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_recommendations_append_only_u BEFORE UPDATE ON review_recommendations
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_recommendations_append_only_d BEFORE DELETE ON review_recommendations
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_recommendation_steps_append_only_u BEFORE UPDATE ON review_recommendation_steps
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_recommendation_steps_append_only_d BEFORE DELETE ON review_recommendation_steps
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
)sql",
             // 3: documents of civil-society input (photos, reports), as answers have.
             R"sql(
CREATE TABLE review_input_documents (
  id INTEGER PRIMARY KEY,
  input_id INTEGER NOT NULL REFERENCES review_inputs(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  uploaded_by TEXT NOT NULL,
  at TEXT NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (input_id, name)
);
CREATE TRIGGER review_input_documents_append_only_u BEFORE UPDATE ON review_input_documents
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_input_documents_append_only_d BEFORE DELETE ON review_input_documents
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
)sql",
             // 4: regions (versions), action plans, and actions and commitments followed up
             // with the steps of recommendations (tracking.h).
             R"sql(
CREATE TABLE review_regions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('region', 'initiative')),
  participants TEXT NOT NULL,
  members TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  document TEXT NOT NULL,
  UNIQUE (code, version)
);
CREATE TABLE review_action_plans (
  id INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,
  title TEXT NOT NULL,
  axes TEXT NOT NULL,
  adopted_on TEXT NOT NULL,
  adopted_at TEXT NOT NULL,
  source TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE TABLE review_follow_ups (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('action', 'commitment')),
  plan_id INTEGER REFERENCES review_action_plans(id),
  axis TEXT NOT NULL,
  text TEXT NOT NULL,
  owner TEXT NOT NULL,
  indicator TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  first_report_due TEXT NOT NULL,
  promised_to TEXT NOT NULL,
  made_on TEXT NOT NULL,
  place TEXT NOT NULL,
  source TEXT NOT NULL,
  activity TEXT NOT NULL,
  region TEXT NOT NULL,
  participant TEXT NOT NULL,
  incidents TEXT NOT NULL,
  sites TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_by_user INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  document TEXT NOT NULL,
  CHECK ((type = 'action') = (plan_id IS NOT NULL))
);
CREATE INDEX review_follow_ups_plan ON review_follow_ups(plan_id, id);
CREATE TABLE review_follow_up_steps (
  id INTEGER PRIMARY KEY,
  follow_up_id INTEGER NOT NULL REFERENCES review_follow_ups(id),
  kind TEXT NOT NULL CHECK (kind IN ('response', 'status', 'civil-society', 'progress')),
  value TEXT NOT NULL,
  comment TEXT NOT NULL,
  source TEXT NOT NULL,
  due_on TEXT NOT NULL,
  evidence TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_follow_up_steps_item ON review_follow_up_steps(follow_up_id, id);
CREATE TRIGGER review_regions_append_only_u BEFORE UPDATE ON review_regions
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_regions_append_only_d BEFORE DELETE ON review_regions
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_action_plans_append_only_u BEFORE UPDATE ON review_action_plans
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_action_plans_append_only_d BEFORE DELETE ON review_action_plans
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_follow_ups_append_only_u BEFORE UPDATE ON review_follow_ups
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_follow_ups_append_only_d BEFORE DELETE ON review_follow_ups
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_follow_up_steps_append_only_u BEFORE UPDATE ON review_follow_up_steps
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
CREATE TRIGGER review_follow_up_steps_append_only_d BEFORE DELETE ON review_follow_up_steps
  BEGIN SELECT RAISE(ABORT, 'review records are append-only: add a step'); END;
)sql"}},
           // One migration: the tables of SQLite's 1-3 in PostgreSQL's words (BIGINT integers,
           // identity ids, BYTEA blobs; the migration runner collates every TEXT "C").
           {"postgresql",
            {R"sql(
CREATE TABLE review_triage (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  finding_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN
    ('dismissed', 'explained', 'questioned', 'escalated', 'reopened')),
  note TEXT NOT NULL,
  questionnaire_id BIGINT,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX review_triage_finding ON review_triage(finding_id, id);
CREATE TABLE review_questionnaires (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  participant TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  due_on TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX review_questionnaires_participant ON review_questionnaires(participant, id);
CREATE TABLE review_questionnaire_findings (
  questionnaire_id BIGINT NOT NULL REFERENCES review_questionnaires(id),
  position BIGINT NOT NULL,
  finding_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  rule TEXT NOT NULL,
  period TEXT NOT NULL,
  message TEXT NOT NULL,
  compared TEXT NOT NULL,
  threshold TEXT NOT NULL,
  sources TEXT NOT NULL,
  PRIMARY KEY (questionnaire_id, finding_id)
);
CREATE TABLE review_steps (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  questionnaire_id BIGINT NOT NULL REFERENCES review_questionnaires(id),
  action TEXT NOT NULL CHECK (action IN
    ('sent', 'answered', 'accepted', 'clarification', 'escalated', 'listed')),
  text TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  due_on TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_steps_questionnaire ON review_steps(questionnaire_id, id);
CREATE TABLE review_documents (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  questionnaire_id BIGINT NOT NULL REFERENCES review_questionnaires(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
  uploaded_by TEXT NOT NULL,
  at TEXT NOT NULL,
  UNIQUE (questionnaire_id, name)
);
CREATE TABLE review_peer_reviews (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  participant TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN
    ('annual-report-assessment', 'review-visit', 'review-mission')),
  title TEXT NOT NULL,
  terms_of_reference TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX review_peer_reviews_participant ON review_peer_reviews(participant, id);
CREATE TABLE review_team (
  review_id BIGINT NOT NULL REFERENCES review_peer_reviews(id),
  position BIGINT NOT NULL,
  name TEXT NOT NULL,
  constituency TEXT NOT NULL CHECK (constituency IN ('government', 'industry', 'civil-society')),
  role TEXT NOT NULL CHECK (role IN ('lead', 'member', 'observer')),
  user_id BIGINT,
  PRIMARY KEY (review_id, position)
);
CREATE TABLE review_stages (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  review_id BIGINT NOT NULL REFERENCES review_peer_reviews(id),
  stage TEXT NOT NULL,
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX review_stages_review ON review_stages(review_id, id);
CREATE TABLE review_inputs (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  review_id BIGINT NOT NULL REFERENCES review_peer_reviews(id),
  user_id BIGINT NOT NULL,
  contributor TEXT NOT NULL,
  text TEXT NOT NULL,
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'team', 'team-and-participant')),
  hide_source BIGINT NOT NULL,
  incidents TEXT NOT NULL,
  sites TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_inputs_review ON review_inputs(review_id, id);
CREATE TABLE review_input_uses (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  input_id BIGINT NOT NULL REFERENCES review_inputs(id),
  text TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX review_input_uses_input ON review_input_uses(input_id, id);
CREATE TABLE review_recommendations (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  review_id BIGINT NOT NULL REFERENCES review_peer_reviews(id),
  paragraph TEXT NOT NULL,
  text TEXT NOT NULL,
  addressee TEXT NOT NULL,
  core_section TEXT NOT NULL,
  specificity BIGINT NOT NULL CHECK (specificity BETWEEN 1 AND 5),
  repeats BIGINT REFERENCES review_recommendations(id),
  follow_up_due_on TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_recommendations_review ON review_recommendations(review_id, id);
CREATE TABLE review_recommendation_steps (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  recommendation_id BIGINT NOT NULL REFERENCES review_recommendations(id),
  kind TEXT NOT NULL CHECK (kind IN ('response', 'status', 'civil-society', 'progress')),
  value TEXT NOT NULL,
  comment TEXT NOT NULL,
  source TEXT NOT NULL,
  due_on TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_recommendation_steps_rec ON review_recommendation_steps(recommendation_id, id);
CREATE TABLE review_input_documents (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  input_id BIGINT NOT NULL REFERENCES review_inputs(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
  uploaded_by TEXT NOT NULL,
  at TEXT NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (input_id, name)
);
CREATE TRIGGER review_triage_append_only BEFORE UPDATE OR DELETE ON review_triage
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_questionnaires_append_only BEFORE UPDATE OR DELETE ON review_questionnaires
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_questionnaire_findings_append_only BEFORE UPDATE OR DELETE ON review_questionnaire_findings
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_steps_append_only BEFORE UPDATE OR DELETE ON review_steps
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_documents_append_only BEFORE UPDATE OR DELETE ON review_documents
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_peer_reviews_append_only BEFORE UPDATE OR DELETE ON review_peer_reviews
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_team_append_only BEFORE UPDATE OR DELETE ON review_team
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_stages_append_only BEFORE UPDATE OR DELETE ON review_stages
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_inputs_append_only BEFORE UPDATE OR DELETE ON review_inputs
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_input_uses_append_only BEFORE UPDATE OR DELETE ON review_input_uses
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_recommendations_append_only BEFORE UPDATE OR DELETE ON review_recommendations
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_recommendation_steps_append_only BEFORE UPDATE OR DELETE ON review_recommendation_steps
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_input_documents_append_only BEFORE UPDATE OR DELETE ON review_input_documents
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
-- TRUNCATE skips row triggers: refused too, as SQLite's DELETE triggers refuse emptying a table.
CREATE TRIGGER review_triage_no_truncate BEFORE TRUNCATE ON review_triage
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_questionnaires_no_truncate BEFORE TRUNCATE ON review_questionnaires
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_questionnaire_findings_no_truncate BEFORE TRUNCATE ON review_questionnaire_findings
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_steps_no_truncate BEFORE TRUNCATE ON review_steps
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_documents_no_truncate BEFORE TRUNCATE ON review_documents
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_peer_reviews_no_truncate BEFORE TRUNCATE ON review_peer_reviews
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_team_no_truncate BEFORE TRUNCATE ON review_team
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_stages_no_truncate BEFORE TRUNCATE ON review_stages
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_inputs_no_truncate BEFORE TRUNCATE ON review_inputs
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_input_uses_no_truncate BEFORE TRUNCATE ON review_input_uses
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_recommendations_no_truncate BEFORE TRUNCATE ON review_recommendations
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_recommendation_steps_no_truncate BEFORE TRUNCATE ON review_recommendation_steps
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_input_documents_no_truncate BEFORE TRUNCATE ON review_input_documents
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
)sql",
             // 2: SQLite's 4.
             R"sql(
CREATE TABLE review_regions (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code TEXT NOT NULL,
  version BIGINT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('region', 'initiative')),
  participants TEXT NOT NULL,
  members TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  document TEXT NOT NULL,
  UNIQUE (code, version)
);
CREATE TABLE review_action_plans (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  scope TEXT NOT NULL,
  title TEXT NOT NULL,
  axes TEXT NOT NULL,
  adopted_on TEXT NOT NULL,
  adopted_at TEXT NOT NULL,
  source TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE TABLE review_follow_ups (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('action', 'commitment')),
  plan_id BIGINT REFERENCES review_action_plans(id),
  axis TEXT NOT NULL,
  text TEXT NOT NULL,
  owner TEXT NOT NULL,
  indicator TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  first_report_due TEXT NOT NULL,
  promised_to TEXT NOT NULL,
  made_on TEXT NOT NULL,
  place TEXT NOT NULL,
  source TEXT NOT NULL,
  activity TEXT NOT NULL,
  region TEXT NOT NULL,
  participant TEXT NOT NULL,
  incidents TEXT NOT NULL,
  sites TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_by_user BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  document TEXT NOT NULL,
  CHECK ((type = 'action') = (plan_id IS NOT NULL))
);
CREATE INDEX review_follow_ups_plan ON review_follow_ups(plan_id, id);
CREATE TABLE review_follow_up_steps (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  follow_up_id BIGINT NOT NULL REFERENCES review_follow_ups(id),
  kind TEXT NOT NULL CHECK (kind IN ('response', 'status', 'civil-society', 'progress')),
  value TEXT NOT NULL,
  comment TEXT NOT NULL,
  source TEXT NOT NULL,
  due_on TEXT NOT NULL,
  evidence TEXT NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX review_follow_up_steps_item ON review_follow_up_steps(follow_up_id, id);
CREATE TRIGGER review_regions_append_only BEFORE UPDATE OR DELETE ON review_regions
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_regions_no_truncate BEFORE TRUNCATE ON review_regions
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_action_plans_append_only BEFORE UPDATE OR DELETE ON review_action_plans
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_action_plans_no_truncate BEFORE TRUNCATE ON review_action_plans
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_follow_ups_append_only BEFORE UPDATE OR DELETE ON review_follow_ups
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_follow_ups_no_truncate BEFORE TRUNCATE ON review_follow_ups
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_follow_up_steps_append_only BEFORE UPDATE OR DELETE ON review_follow_up_steps
  FOR EACH ROW EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
CREATE TRIGGER review_follow_up_steps_no_truncate BEFORE TRUNCATE ON review_follow_up_steps
  EXECUTE FUNCTION openkp_refuse_change('review records are append-only: add a step');
)sql"}}}};
}

}  // namespace openkp::review
