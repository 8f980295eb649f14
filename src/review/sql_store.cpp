// The review store, written once for every SQL backend (store/sql/statement.h); its tables are
// in schema.cpp.
#include <boost/json.hpp>
#include <functional>
#include <map>

#include "review/review_store.h"
#include "store/sql/statement.h"
#include "store/sql/text_lists.h"

namespace openkp::review {

namespace json = boost::json;
using store::sql::RequireWrite;
using store::sql::Stmt;

namespace {

std::string PairsToJson(const std::vector<std::pair<std::string, std::string>>& pairs) {
  json::array a;
  for (const auto& [k, v] : pairs) a.push_back(json::array{json::string(k), json::string(v)});
  return json::serialize(a);
}
std::vector<std::pair<std::string, std::string>> PairsFromJson(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_array() || e.as_array().size() != 2) continue;
    const auto& p = e.as_array();
    if (p[0].is_string() && p[1].is_string()) {
      out.emplace_back(std::string(p[0].as_string()), std::string(p[1].as_string()));
    }
  }
  return out;
}

constexpr const char* kTriageColumns =
    "id, finding_id, fingerprint, action, note, questionnaire_id, actor, at";
TriageStep TriageAt(const Stmt& s) {
  return {s.Int(0),  s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.IsNull(5) ? 0 : s.Int(5),
          s.Text(6), s.Text(7)};
}
constexpr const char* kStepColumns =
    "id, questionnaire_id, action, text, actor, at, document, sha256, due_on";
QuestionnaireStep StepAt(const Stmt& s) {
  return {s.Int(0),  s.Int(1),  s.Text(2), s.Text(3), s.Text(4),
          s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
}

class SqlReviewStore final : public ReviewStore {
 public:
  Result<std::map<std::string, TriageStep>> LatestTriage(store::Txn& t) override {
    Stmt s(t, std::string("SELECT ") + kTriageColumns +
                  " FROM review_triage WHERE id IN "
                  "(SELECT max(id) FROM review_triage GROUP BY finding_id)");
    std::map<std::string, TriageStep> out;
    while (s.Step()) {
      TriageStep step = TriageAt(s);
      out.emplace(step.finding_id, std::move(step));
    }
    OPENKP_RETURN_IF_ERROR(s.status("latest triage"));
    return out;
  }
  Result<std::vector<TriageStep>> TriageHistory(store::Txn& t,
                                                const std::string& finding_id) override {
    Stmt s(t, std::string("SELECT ") + kTriageColumns +
                  " FROM review_triage WHERE finding_id = ? ORDER BY id");
    s.Bind(1, finding_id);
    std::vector<TriageStep> out;
    while (s.Step()) out.push_back(TriageAt(s));
    OPENKP_RETURN_IF_ERROR(s.status("triage history"));
    return out;
  }
  Result<int64_t> AddTriage(store::Txn& t, const TriageStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "triage"));
    Stmt s(t,
           "INSERT INTO review_triage (finding_id, fingerprint, action, note, questionnaire_id, "
           "actor, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, x.finding_id).Bind(2, x.fingerprint).Bind(3, x.action).Bind(4, x.note);
    if (x.questionnaire_id != 0) {
      s.Bind(5, x.questionnaire_id);
    } else {
      s.BindNull(5);
    }
    s.Bind(6, x.actor).Bind(7, x.at);
    return s.InsertedId("triage");
  }

  Result<int64_t> AddQuestionnaire(store::Txn& t, const Questionnaire& q) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add questionnaire"));
    Stmt s(t,
           "INSERT INTO review_questionnaires (participant, title, message, due_on, created_by, "
           "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, q.participant)
        .Bind(2, q.title)
        .Bind(3, q.message)
        .Bind(4, q.due_on)
        .Bind(5, q.created_by)
        .Bind(6, q.created_at);
    auto inserted = s.InsertedId("add questionnaire");
    if (!inserted.ok()) return inserted.status();
    const int64_t id = *inserted;
    int64_t position = 0;
    for (const auto& f : q.findings) {
      Stmt fs(t,
              "INSERT INTO review_questionnaire_findings (questionnaire_id, position, finding_id, "
              "fingerprint, rule, period, message, compared, threshold, sources) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      OPENKP_RETURN_IF_ERROR(fs.Bind(1, id)
                                 .Bind(2, position++)
                                 .Bind(3, f.finding_id)
                                 .Bind(4, f.fingerprint)
                                 .Bind(5, f.rule)
                                 .Bind(6, f.period)
                                 .Bind(7, f.message)
                                 .Bind(8, PairsToJson(f.compared))
                                 .Bind(9, f.threshold)
                                 .Bind(10, store::sql::JoinTextList(f.sources))
                                 .Run("add questionnaire finding"));
    }
    return id;
  }

  Result<Questionnaire> GetQuestionnaire(store::Txn& t, int64_t id) override {
    Stmt s(t,
           "SELECT id, participant, title, message, due_on, created_by, created_at "
           "FROM review_questionnaires WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("questionnaire"));
      return Status::NotFound("no questionnaire " + std::to_string(id));
    }
    Questionnaire q = QuestionnaireAt(s);
    Stmt fs(t,
            "SELECT finding_id, fingerprint, rule, period, message, compared, threshold, sources "
            "FROM review_questionnaire_findings WHERE questionnaire_id = ? ORDER BY position");
    fs.Bind(1, id);
    while (fs.Step()) {
      q.findings.push_back({fs.Text(0), fs.Text(1), fs.Text(2), fs.Text(3), fs.Text(4),
                            PairsFromJson(fs.Text(5)), fs.Text(6),
                            store::sql::SplitTextList(fs.Text(7))});
    }
    OPENKP_RETURN_IF_ERROR(fs.status("questionnaire findings"));
    OPENKP_RETURN_IF_ERROR(LoadSteps(t, q));
    Stmt ds(t,
            "SELECT id, questionnaire_id, name, content_type, sha256, size, uploaded_by, at "
            "FROM review_documents WHERE questionnaire_id = ? ORDER BY id");
    ds.Bind(1, id);
    while (ds.Step()) q.documents.push_back(DocumentAt(ds));
    OPENKP_RETURN_IF_ERROR(ds.status("questionnaire documents"));
    return q;
  }

  Result<std::vector<Questionnaire>> ListQuestionnaires(store::Txn& t,
                                                        const std::string& participant) override {
    Stmt s(t,
           "SELECT id, participant, title, message, due_on, created_by, created_at "
           "FROM review_questionnaires WHERE ? = '' OR participant = ? ORDER BY id DESC");
    s.Bind(1, participant).Bind(2, participant);
    std::vector<Questionnaire> out;
    std::map<int64_t, size_t> at;  // id -> position
    while (s.Step()) {
      out.push_back(QuestionnaireAt(s));
      at[out.back().id] = out.size() - 1;
    }
    OPENKP_RETURN_IF_ERROR(s.status("questionnaires"));
    // Every listed questionnaire's steps in one query, not one per questionnaire.
    Stmt steps(t, std::string("SELECT ") + kStepColumns +
                      " FROM review_steps WHERE questionnaire_id IN (SELECT id FROM "
                      "review_questionnaires WHERE ? = '' OR participant = ?) ORDER BY id");
    steps.Bind(1, participant).Bind(2, participant);
    while (steps.Step()) {
      QuestionnaireStep step = StepAt(steps);
      if (auto it = at.find(step.questionnaire_id); it != at.end()) {
        out[it->second].steps.push_back(std::move(step));
      }
    }
    OPENKP_RETURN_IF_ERROR(steps.status("questionnaire steps"));
    return out;
  }

  Result<int64_t> AddStep(store::Txn& t, const QuestionnaireStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "questionnaire step"));
    Stmt s(t,
           "INSERT INTO review_steps (questionnaire_id, action, text, actor, at, document, "
           "sha256, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, x.questionnaire_id)
        .Bind(2, x.action)
        .Bind(3, x.text)
        .Bind(4, x.actor)
        .Bind(5, x.at)
        .Bind(6, x.document)
        .Bind(7, x.sha256)
        .Bind(8, x.due_on);
    return s.InsertedId("questionnaire step");
  }

  Result<int64_t> AddDocument(store::Txn& t, const Document& d) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add document"));
    Stmt s(t,
           "INSERT INTO review_documents (questionnaire_id, name, content_type, sha256, size, "
           "bytes, uploaded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, d.questionnaire_id)
        .Bind(2, d.name)
        .Bind(3, d.content_type)
        .Bind(4, d.sha256)
        .Bind(5, d.size)
        .BindBlob(6, d.bytes)
        .Bind(7, d.uploaded_by)
        .Bind(8, d.at);
    return s.InsertedId("add document");
  }

  Result<Document> GetDocument(store::Txn& t, int64_t questionnaire_id,
                               int64_t document_id) override {
    Stmt s(t,
           "SELECT id, questionnaire_id, name, content_type, sha256, size, uploaded_by, at, bytes "
           "FROM review_documents WHERE questionnaire_id = ? AND id = ?");
    s.Bind(1, questionnaire_id).Bind(2, document_id);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("document"));
      return Status::NotFound("no document " + std::to_string(document_id) + " in questionnaire " +
                              std::to_string(questionnaire_id));
    }
    Document d = DocumentAt(s);
    d.bytes = s.Blob(8);
    return d;
  }

  Result<int64_t> AddPeerReview(store::Txn& t, const PeerReview& r) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add review"));
    Stmt s(
        t,
        "INSERT INTO review_peer_reviews (participant, type, title, terms_of_reference, "
        "starts_on, ends_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, r.participant)
        .Bind(2, r.type)
        .Bind(3, r.title)
        .Bind(4, r.terms_of_reference)
        .Bind(5, r.starts_on)
        .Bind(6, r.ends_on)
        .Bind(7, r.created_by)
        .Bind(8, r.created_at);
    auto inserted = s.InsertedId("add review");
    if (!inserted.ok()) return inserted.status();
    const int64_t id = *inserted;
    int64_t position = 0;
    for (const auto& m : r.team) {
      Stmt ts(t,
              "INSERT INTO review_team (review_id, position, name, constituency, role, user_id) "
              "VALUES (?, ?, ?, ?, ?, ?)");
      ts.Bind(1, id).Bind(2, position++).Bind(3, m.name).Bind(4, m.constituency).Bind(5, m.role);
      if (m.user_id != 0) {
        ts.Bind(6, m.user_id);
      } else {
        ts.BindNull(6);
      }
      OPENKP_RETURN_IF_ERROR(ts.Run("add team member"));
    }
    return id;
  }

  Result<PeerReview> GetPeerReview(store::Txn& t, int64_t id) override {
    auto list = PeerReviews(t, "id = ?", [id](Stmt& s) { s.Bind(1, id); });
    if (!list.ok()) return list.status();
    if (list->empty()) return Status::NotFound("no review " + std::to_string(id));
    return std::move(list->front());
  }

  Result<std::vector<PeerReview>> ListPeerReviews(store::Txn& t,
                                                  const std::string& participant) override {
    return PeerReviews(t, "? = '' OR participant = ?",
                       [&participant](Stmt& s) { s.Bind(1, participant).Bind(2, participant); });
  }

  Result<int64_t> AddStage(store::Txn& t, const StageStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "review stage"));
    Stmt s(t,
           "INSERT INTO review_stages (review_id, stage, note, actor, at, document, sha256) "
           "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, x.review_id)
        .Bind(2, x.stage)
        .Bind(3, x.note)
        .Bind(4, x.actor)
        .Bind(5, x.at)
        .Bind(6, x.document)
        .Bind(7, x.sha256);
    return s.InsertedId("review stage");
  }

  Result<int64_t> AddInput(store::Txn& t, const ReviewInput& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "review input"));
    Stmt s(t,
           "INSERT INTO review_inputs (review_id, user_id, contributor, text, visibility, "
           "hide_source, incidents, sites, at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "RETURNING id");
    s.Bind(1, x.review_id)
        .Bind(2, x.user_id)
        .Bind(3, x.contributor)
        .Bind(4, x.text)
        .Bind(5, x.visibility)
        .Bind(6, int64_t{x.hide_source ? 1 : 0})
        .Bind(7, store::sql::JoinIntList(x.incidents))
        .Bind(8, store::sql::JoinTextList(x.sites))
        .Bind(9, x.at)
        .Bind(10, x.document);
    return s.InsertedId("review input");
  }

  Result<std::vector<ReviewInput>> ListInputs(store::Txn& t, int64_t review_id) override {
    return Inputs(t, "review_id = ?", review_id);
  }

  Result<ReviewInput> GetInput(store::Txn& t, int64_t id) override {
    auto list = Inputs(t, "id = ?", id);
    if (!list.ok()) return list.status();
    if (list->empty()) return Status::NotFound("no input " + std::to_string(id));
    return std::move(list->front());
  }

  Result<int64_t> AddInputUse(store::Txn& t, const InputUse& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "input use"));
    Stmt s(t,
           "INSERT INTO review_input_uses (input_id, text, actor, at) VALUES (?, ?, ?, ?) "
           "RETURNING id");
    s.Bind(1, x.input_id).Bind(2, x.text).Bind(3, x.actor).Bind(4, x.at);
    return s.InsertedId("input use");
  }

  Result<int64_t> AddInputDocument(store::Txn& t, const Document& d) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add input document"));
    Stmt s(t,
           "INSERT INTO review_input_documents (input_id, name, content_type, sha256, size, "
           "bytes, uploaded_by, at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, d.input_id)
        .Bind(2, d.name)
        .Bind(3, d.content_type)
        .Bind(4, d.sha256)
        .Bind(5, d.size)
        .BindBlob(6, d.bytes)
        .Bind(7, d.uploaded_by)
        .Bind(8, d.at)
        .Bind(9, d.record);
    return s.InsertedId("add input document");
  }

  Result<Document> GetInputDocument(store::Txn& t, int64_t input_id, int64_t document_id) override {
    Stmt s(t, std::string("SELECT ") + kInputDocumentColumns +
                  ", bytes FROM review_input_documents WHERE input_id = ? AND id = ?");
    s.Bind(1, input_id).Bind(2, document_id);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("input document"));
      return Status::NotFound("no document " + std::to_string(document_id) + " in input " +
                              std::to_string(input_id));
    }
    Document d = InputDocumentAt(s);
    d.bytes = s.Blob(9);
    return d;
  }

  Result<int64_t> AddRecommendation(store::Txn& t, const Recommendation& r) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add recommendation"));
    Stmt s(t,
           "INSERT INTO review_recommendations (review_id, paragraph, text, addressee, "
           "core_section, specificity, repeats, follow_up_due_on, created_by, created_at, "
           "document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, r.review_id)
        .Bind(2, r.paragraph)
        .Bind(3, r.text)
        .Bind(4, r.addressee)
        .Bind(5, r.core_section)
        .Bind(6, r.specificity);
    if (r.repeats != 0) {
      s.Bind(7, r.repeats);
    } else {
      s.BindNull(7);
    }
    s.Bind(8, r.follow_up_due_on).Bind(9, r.created_by).Bind(10, r.created_at).Bind(11, r.document);
    return s.InsertedId("add recommendation");
  }

  Result<Recommendation> GetRecommendation(store::Txn& t, int64_t id) override {
    auto list = Recommendations(t, "r.id = ?", [id](Stmt& s) { s.Bind(1, id); });
    if (!list.ok()) return list.status();
    if (list->empty()) return Status::NotFound("no recommendation " + std::to_string(id));
    return std::move(list->front());
  }

  Result<std::vector<Recommendation>> ListRecommendations(store::Txn& t, int64_t review_id,
                                                          const std::string& participant) override {
    return Recommendations(t, "(? = 0 OR r.review_id = ?) AND (? = '' OR p.participant = ?)",
                           [&](Stmt& s) {
                             s.Bind(1, review_id).Bind(2, review_id);
                             s.Bind(3, participant).Bind(4, participant);
                           });
  }

  Result<int64_t> AddRecommendationStep(store::Txn& t, const RecommendationStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "recommendation step"));
    Stmt s(t,
           "INSERT INTO review_recommendation_steps (recommendation_id, kind, value, comment, "
           "source, due_on, actor, at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, x.recommendation_id)
        .Bind(2, x.kind)
        .Bind(3, x.value)
        .Bind(4, x.comment)
        .Bind(5, x.source)
        .Bind(6, x.due_on)
        .Bind(7, x.actor)
        .Bind(8, x.at)
        .Bind(9, x.document);
    return s.InsertedId("recommendation step");
  }

  // --- Regions, action plans, follow-ups ---

  Status AddRegionVersion(store::Txn& t, const Region& r) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "region"));
    json::array members;
    for (const auto& m : r.members) {
      members.push_back({{"name", m.name},
                         {"organisation", m.organisation},
                         {"constituency", m.constituency},
                         {"participant", m.participant},
                         {"user", m.user_id},
                         {"admin", m.admin}});
    }
    Stmt s(t,
           "INSERT INTO review_regions (code, version, name, kind, participants, members, "
           "recorded_by, recorded_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, r.code)
        .Bind(2, r.version)
        .Bind(3, r.name)
        .Bind(4, r.kind)
        .Bind(5, store::sql::JoinTextList(r.participants))
        .Bind(6, json::serialize(members))
        .Bind(7, r.recorded_by)
        .Bind(8, r.recorded_at)
        .Bind(9, r.document);
    auto id = s.InsertedId("region " + r.code);
    return id.status();
  }
  Result<std::vector<Region>> ListRegions(store::Txn& t) override {
    return RegionsWhere(t, "id IN (SELECT max(id) FROM review_regions GROUP BY code) ORDER BY code",
                        "");
  }
  Result<std::vector<Region>> RegionHistory(store::Txn& t, const std::string& code) override {
    return RegionsWhere(t, "code = ? ORDER BY version", code);
  }
  Result<int64_t> AddActionPlan(store::Txn& t, const ActionPlan& p) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "action plan"));
    Stmt s(t,
           "INSERT INTO review_action_plans (scope, title, axes, adopted_on, adopted_at, source, "
           "created_by, created_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, p.scope)
        .Bind(2, p.title)
        .Bind(3, store::sql::JoinTextList(p.axes))
        .Bind(4, p.adopted_on)
        .Bind(5, p.adopted_at)
        .Bind(6, p.source)
        .Bind(7, p.created_by)
        .Bind(8, p.created_at)
        .Bind(9, p.document);
    return s.InsertedId("action plan");
  }
  Result<std::vector<ActionPlan>> ListActionPlans(store::Txn& t) override {
    Stmt s(t,
           "SELECT id, scope, title, axes, adopted_on, adopted_at, source, created_by, "
           "created_at, document FROM review_action_plans ORDER BY id");
    std::vector<ActionPlan> out;
    while (s.Step()) {
      ActionPlan p;
      p.id = s.Int(0);
      p.scope = s.Text(1);
      p.title = s.Text(2);
      p.axes = store::sql::SplitTextList(s.Text(3));
      p.adopted_on = s.Text(4);
      p.adopted_at = s.Text(5);
      p.source = s.Text(6);
      p.created_by = s.Text(7);
      p.created_at = s.Text(8);
      p.document = s.Text(9);
      out.push_back(std::move(p));
    }
    OPENKP_RETURN_IF_ERROR(s.status("action plans"));
    return out;
  }
  Result<int64_t> AddFollowUp(store::Txn& t, const FollowUp& f) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "follow-up"));
    Stmt s(t,
           "INSERT INTO review_follow_ups (type, plan_id, axis, text, owner, indicator, "
           "starts_on, due_on, first_report_due, promised_to, made_on, place, source, "
           "activity, region, participant, incidents, sites, created_by, created_by_user, "
           "created_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
           "?, ?, ?, ?) RETURNING id");
    s.Bind(1, f.type);
    if (f.type == "action") {
      s.Bind(2, f.plan_id);
    } else {
      s.BindNull(2);
    }
    s.Bind(3, f.axis)
        .Bind(4, f.text)
        .Bind(5, f.owner)
        .Bind(6, f.indicator)
        .Bind(7, f.starts_on)
        .Bind(8, f.due_on)
        .Bind(9, f.first_report_due)
        .Bind(10, f.promised_to)
        .Bind(11, f.made_on)
        .Bind(12, f.place)
        .Bind(13, f.source)
        .Bind(14, f.activity)
        .Bind(15, f.region)
        .Bind(16, f.participant)
        .Bind(17, store::sql::JoinIntList(f.incidents))
        .Bind(18, store::sql::JoinTextList(f.sites))
        .Bind(19, f.created_by)
        .Bind(20, f.created_by_user)
        .Bind(21, f.created_at)
        .Bind(22, f.document);
    return s.InsertedId("follow-up");
  }
  Result<FollowUp> GetFollowUp(store::Txn& t, int64_t id) override {
    auto list = FollowUpsWhere(t, "id = ?", [id](Stmt& s) { s.Bind(1, id); });
    if (!list.ok()) return list.status();
    if (list->empty()) return Status::NotFound("no follow-up " + std::to_string(id));
    return std::move(list->front());
  }
  Result<std::vector<FollowUp>> ListFollowUps(store::Txn& t, const std::string& type,
                                              int64_t plan_id) override {
    return FollowUpsWhere(t, "(? = '' OR type = ?) AND (? = 0 OR plan_id = ?)", [&](Stmt& s) {
      s.Bind(1, type).Bind(2, type).Bind(3, plan_id).Bind(4, plan_id);
    });
  }
  Result<int64_t> AddFollowUpStep(store::Txn& t, const FollowUpStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "follow-up step"));
    Stmt s(t,
           "INSERT INTO review_follow_up_steps (follow_up_id, kind, value, comment, source, "
           "due_on, evidence, actor, at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "RETURNING id");
    s.Bind(1, x.recommendation_id)
        .Bind(2, x.kind)
        .Bind(3, x.value)
        .Bind(4, x.comment)
        .Bind(5, x.source)
        .Bind(6, x.due_on)
        .Bind(7, store::sql::JoinTextList(x.evidence))
        .Bind(8, x.actor)
        .Bind(9, x.at)
        .Bind(10, x.document);
    return s.InsertedId("follow-up step");
  }

 private:
  Result<std::vector<Region>> RegionsWhere(store::Txn& t, const std::string& where,
                                           const std::string& code) {
    Stmt s(t,
           "SELECT code, version, name, kind, participants, members, recorded_by, recorded_at, "
           "document FROM review_regions WHERE " +
               where);
    if (!code.empty()) s.Bind(1, code);
    std::vector<Region> out;
    while (s.Step()) {
      Region r;
      r.code = s.Text(0);
      r.version = s.Int(1);
      r.name = s.Text(2);
      r.kind = s.Text(3);
      r.participants = store::sql::SplitTextList(s.Text(4));
      boost::system::error_code ec;
      json::value members = json::parse(s.Text(5), ec);
      if (!ec && members.is_array()) {
        for (const auto& v : members.as_array()) {
          if (!v.is_object()) continue;
          const auto& o = v.as_object();
          RegionMember m;
          auto text = [&o](const char* k) {
            const auto* x = o.if_contains(k);
            return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string();
          };
          m.name = text("name");
          m.organisation = text("organisation");
          m.constituency = text("constituency");
          m.participant = text("participant");
          if (const auto* u = o.if_contains("user"); u != nullptr && u->is_int64()) {
            m.user_id = u->as_int64();
          }
          if (const auto* a = o.if_contains("admin"); a != nullptr && a->is_bool()) {
            m.admin = a->as_bool();
          }
          r.members.push_back(std::move(m));
        }
      }
      r.recorded_by = s.Text(6);
      r.recorded_at = s.Text(7);
      r.document = s.Text(8);
      out.push_back(std::move(r));
    }
    OPENKP_RETURN_IF_ERROR(s.status("regions"));
    return out;
  }

  Result<std::vector<FollowUp>> FollowUpsWhere(store::Txn& t, const std::string& where,
                                               const std::function<void(Stmt&)>& bind) {
    Stmt s(t,
           "SELECT id, type, plan_id, axis, text, owner, indicator, starts_on, due_on, "
           "first_report_due, promised_to, made_on, place, source, activity, region, "
           "participant, incidents, sites, created_by, created_by_user, created_at, document "
           "FROM review_follow_ups WHERE " +
               where + " ORDER BY id");
    bind(s);
    std::vector<FollowUp> out;
    while (s.Step()) {
      FollowUp f;
      f.id = s.Int(0);
      f.type = s.Text(1);
      f.plan_id = s.IsNull(2) ? 0 : s.Int(2);
      f.axis = s.Text(3);
      f.text = s.Text(4);
      f.owner = s.Text(5);
      f.indicator = s.Text(6);
      f.starts_on = s.Text(7);
      f.due_on = s.Text(8);
      f.first_report_due = s.Text(9);
      f.promised_to = s.Text(10);
      f.made_on = s.Text(11);
      f.place = s.Text(12);
      f.source = s.Text(13);
      f.activity = s.Text(14);
      f.region = s.Text(15);
      f.participant = s.Text(16);
      f.incidents = store::sql::SplitIntList(s.Text(17));
      f.sites = store::sql::SplitTextList(s.Text(18));
      f.created_by = s.Text(19);
      f.created_by_user = s.Int(20);
      f.created_at = s.Text(21);
      f.document = s.Text(22);
      out.push_back(std::move(f));
    }
    OPENKP_RETURN_IF_ERROR(s.status("follow-ups"));
    if (out.empty()) return out;
    // Every listed item's steps in one query.
    std::map<int64_t, FollowUp*> by_id;
    for (auto& f : out) by_id[f.id] = &f;
    Stmt st(t,
            "SELECT id, follow_up_id, kind, value, comment, source, due_on, evidence, actor, at, "
            "document FROM review_follow_up_steps WHERE follow_up_id IN (SELECT id FROM "
            "review_follow_ups WHERE " +
                where + ") ORDER BY id");
    bind(st);
    while (st.Step()) {
      auto it = by_id.find(st.Int(1));
      if (it == by_id.end()) continue;
      FollowUpStep x{st.Int(0),  st.Int(1),  st.Text(2), st.Text(3), st.Text(4),
                     st.Text(5), st.Text(6), st.Text(8), st.Text(9), st.Text(10)};
      x.evidence = store::sql::SplitTextList(st.Text(7));
      it->second->steps.push_back(std::move(x));
    }
    OPENKP_RETURN_IF_ERROR(st.status("follow-up steps"));
    return out;
  }

 private:
  Result<std::vector<PeerReview>> PeerReviews(store::Txn& t, const std::string& where,
                                              const std::function<void(Stmt&)>& bind) {
    Stmt s(t,
           "SELECT id, participant, type, title, terms_of_reference, starts_on, ends_on, "
           "created_by, created_at FROM review_peer_reviews WHERE " +
               where + " ORDER BY id DESC");
    bind(s);
    std::vector<PeerReview> out;
    while (s.Step()) {
      PeerReview r;
      r.id = s.Int(0);
      r.participant = s.Text(1);
      r.type = s.Text(2);
      r.title = s.Text(3);
      r.terms_of_reference = s.Text(4);
      r.starts_on = s.Text(5);
      r.ends_on = s.Text(6);
      r.created_by = s.Text(7);
      r.created_at = s.Text(8);
      out.push_back(std::move(r));
    }
    OPENKP_RETURN_IF_ERROR(s.status("reviews"));
    for (auto& r : out) {
      Stmt ts(t,
              "SELECT name, constituency, role, user_id FROM review_team WHERE review_id = ? "
              "ORDER BY position");
      ts.Bind(1, r.id);
      while (ts.Step()) {
        r.team.push_back({ts.Text(0), ts.Text(1), ts.Text(2), ts.IsNull(3) ? 0 : ts.Int(3)});
      }
      OPENKP_RETURN_IF_ERROR(ts.status("review team"));
      Stmt ss(t,
              "SELECT id, review_id, stage, note, actor, at, document, sha256 FROM review_stages "
              "WHERE review_id = ? ORDER BY id");
      ss.Bind(1, r.id);
      while (ss.Step()) {
        r.stages.push_back({ss.Int(0), ss.Int(1), ss.Text(2), ss.Text(3), ss.Text(4), ss.Text(5),
                            ss.Text(6), ss.Text(7)});
      }
      OPENKP_RETURN_IF_ERROR(ss.status("review stages"));
    }
    return out;
  }

  Result<std::vector<ReviewInput>> Inputs(store::Txn& t, const std::string& where, int64_t key) {
    Stmt s(t,
           "SELECT id, review_id, user_id, contributor, text, visibility, hide_source, incidents, "
           "sites, at, document FROM review_inputs WHERE " +
               where + " ORDER BY id");
    s.Bind(1, key);
    std::vector<ReviewInput> out;
    while (s.Step()) {
      ReviewInput x;
      x.id = s.Int(0);
      x.review_id = s.Int(1);
      x.user_id = s.Int(2);
      x.contributor = s.Text(3);
      x.text = s.Text(4);
      x.visibility = s.Text(5);
      x.hide_source = s.Int(6) != 0;
      x.incidents = store::sql::SplitIntList(s.Text(7));
      x.sites = store::sql::SplitTextList(s.Text(8));
      x.at = s.Text(9);
      x.document = s.Text(10);
      out.push_back(std::move(x));
    }
    OPENKP_RETURN_IF_ERROR(s.status("review inputs"));
    // The listed inputs' uses and documents in one query each, not two per input.
    std::map<int64_t, ReviewInput*> by_id;
    for (auto& x : out) by_id[x.id] = &x;
    const std::string listed =
        " WHERE input_id IN (SELECT id FROM review_inputs WHERE " + where + ") ORDER BY id";
    Stmt us(t, "SELECT id, input_id, text, actor, at FROM review_input_uses" + listed);
    us.Bind(1, key);
    while (us.Step()) {
      if (auto it = by_id.find(us.Int(1)); it != by_id.end()) {
        it->second->uses.push_back({us.Int(0), us.Int(1), us.Text(2), us.Text(3), us.Text(4)});
      }
    }
    OPENKP_RETURN_IF_ERROR(us.status("input uses"));
    Stmt ds(t, std::string("SELECT ") + kInputDocumentColumns + " FROM review_input_documents" +
                   listed);
    ds.Bind(1, key);
    while (ds.Step()) {
      Document d = InputDocumentAt(ds);
      if (auto it = by_id.find(d.input_id); it != by_id.end()) {
        it->second->documents.push_back(std::move(d));
      }
    }
    OPENKP_RETURN_IF_ERROR(ds.status("input documents"));
    return out;
  }

  Result<std::vector<Recommendation>> Recommendations(store::Txn& t, const std::string& where,
                                                      const std::function<void(Stmt&)>& bind) {
    Stmt s(t,
           "SELECT r.id, r.review_id, p.participant, r.paragraph, r.text, r.addressee, "
           "r.core_section, r.specificity, r.repeats, r.follow_up_due_on, r.created_by, "
           "r.created_at, r.document FROM review_recommendations r JOIN review_peer_reviews p "
           "ON p.id = r.review_id WHERE " +
               where + " ORDER BY r.id");
    bind(s);
    std::vector<Recommendation> out;
    while (s.Step()) {
      Recommendation r;
      r.id = s.Int(0);
      r.review_id = s.Int(1);
      r.participant = s.Text(2);
      r.paragraph = s.Text(3);
      r.text = s.Text(4);
      r.addressee = s.Text(5);
      r.core_section = s.Text(6);
      r.specificity = s.Int(7);
      r.repeats = s.IsNull(8) ? 0 : s.Int(8);
      r.follow_up_due_on = s.Text(9);
      r.created_by = s.Text(10);
      r.created_at = s.Text(11);
      r.document = s.Text(12);
      out.push_back(std::move(r));
    }
    OPENKP_RETURN_IF_ERROR(s.status("recommendations"));
    for (auto& r : out) {
      Stmt st(t,
              "SELECT id, recommendation_id, kind, value, comment, source, due_on, actor, at, "
              "document FROM review_recommendation_steps WHERE recommendation_id = ? ORDER BY id");
      st.Bind(1, r.id);
      while (st.Step()) {
        r.steps.push_back({st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.Text(4), st.Text(5),
                           st.Text(6), st.Text(7), st.Text(8), st.Text(9)});
      }
      OPENKP_RETURN_IF_ERROR(st.status("recommendation steps"));
    }
    return out;
  }

  static Questionnaire QuestionnaireAt(const Stmt& s) {
    Questionnaire q;
    q.id = s.Int(0);
    q.participant = s.Text(1);
    q.title = s.Text(2);
    q.message = s.Text(3);
    q.due_on = s.Text(4);
    q.created_by = s.Text(5);
    q.created_at = s.Text(6);
    return q;
  }
  static constexpr const char* kInputDocumentColumns =
      "id, input_id, name, content_type, sha256, size, uploaded_by, at, record";
  static Document InputDocumentAt(const Stmt& s) {
    Document d = DocumentAt(s);
    d.input_id = d.questionnaire_id;
    d.questionnaire_id = 0;
    d.record = s.Text(8);
    return d;
  }
  static Document DocumentAt(const Stmt& s) {
    Document d;
    d.id = s.Int(0);
    d.questionnaire_id = s.Int(1);
    d.name = s.Text(2);
    d.content_type = s.Text(3);
    d.sha256 = s.Text(4);
    d.size = s.Int(5);
    d.uploaded_by = s.Text(6);
    d.at = s.Text(7);
    return d;
  }
  Status LoadSteps(store::Txn& t, Questionnaire& q) {
    Stmt s(t, std::string("SELECT ") + kStepColumns +
                  " FROM review_steps WHERE questionnaire_id = ? ORDER BY id");
    s.Bind(1, q.id);
    while (s.Step()) q.steps.push_back(StepAt(s));
    return s.status("questionnaire steps");
  }
};

}  // namespace

Result<std::unique_ptr<ReviewStore>> NewReviewStore(store::Database& db) {
  const std::string scheme = db.scheme();
  if (scheme == "sqlite" || scheme == "postgresql") {
    return std::unique_ptr<ReviewStore>(std::make_unique<SqlReviewStore>());
  }
  return Status::Invalid("store", "scheme", "review has no store for " + scheme);
}

}  // namespace openkp::review
