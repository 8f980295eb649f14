// The review store on SQLite: its tables (migrations only append) and its implementation
// (store/sqlite/connection.h).
#include <boost/json.hpp>

#include "review/review_store.h"
#include "store/sqlite/connection.h"

namespace openkp::review {

namespace json = boost::json;
using store::sqlite::Conn;
using store::sqlite::RequireWrite;
using store::sqlite::Stmt;

store::DomainSchema Schema() {
  // Every table is a record of what was decided, asked or answered: triggers refuse UPDATE and
  // DELETE, so that no code path (nor a mistaken SQL statement) rewrites the record.
  return {"review", {{"sqlite", {R"sql(
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
)sql"}}}};
}

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
std::string ListToJson(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return json::serialize(a);
}
std::vector<std::string> ListFromJson(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (e.is_string()) out.emplace_back(e.as_string());
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

class SqliteReviewStore final : public ReviewStore {
 public:
  Result<std::map<std::string, TriageStep>> LatestTriage(store::Txn& t) override {
    Stmt s(Conn(t).cache(), std::string("SELECT ") + kTriageColumns +
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
    Stmt s(Conn(t).cache(), std::string("SELECT ") + kTriageColumns +
                                " FROM review_triage WHERE finding_id = ? ORDER BY id");
    s.Bind(1, finding_id);
    std::vector<TriageStep> out;
    while (s.Step()) out.push_back(TriageAt(s));
    OPENKP_RETURN_IF_ERROR(s.status("triage history"));
    return out;
  }
  Result<int64_t> AddTriage(store::Txn& t, const TriageStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "triage"));
    Stmt s(Conn(t).cache(),
           "INSERT INTO review_triage (finding_id, fingerprint, action, note, questionnaire_id, "
           "actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.Bind(1, x.finding_id).Bind(2, x.fingerprint).Bind(3, x.action).Bind(4, x.note);
    if (x.questionnaire_id != 0) {
      s.Bind(5, x.questionnaire_id);
    } else {
      s.BindNull(5);
    }
    OPENKP_RETURN_IF_ERROR(s.Bind(6, x.actor).Bind(7, x.at).Run("triage"));
    return sqlite3_last_insert_rowid(Conn(t).db());
  }

  Result<int64_t> AddQuestionnaire(store::Txn& t, const Questionnaire& q) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add questionnaire"));
    Stmt s(Conn(t).cache(),
           "INSERT INTO review_questionnaires (participant, title, message, due_on, created_by, "
           "created_at) VALUES (?, ?, ?, ?, ?, ?)");
    OPENKP_RETURN_IF_ERROR(s.Bind(1, q.participant)
                               .Bind(2, q.title)
                               .Bind(3, q.message)
                               .Bind(4, q.due_on)
                               .Bind(5, q.created_by)
                               .Bind(6, q.created_at)
                               .Run("add questionnaire"));
    const int64_t id = sqlite3_last_insert_rowid(Conn(t).db());
    int64_t position = 0;
    for (const auto& f : q.findings) {
      Stmt fs(Conn(t).cache(),
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
                                 .Bind(10, ListToJson(f.sources))
                                 .Run("add questionnaire finding"));
    }
    return id;
  }

  Result<Questionnaire> GetQuestionnaire(store::Txn& t, int64_t id) override {
    Stmt s(Conn(t).cache(),
           "SELECT id, participant, title, message, due_on, created_by, created_at "
           "FROM review_questionnaires WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("questionnaire"));
      return Status::NotFound("no questionnaire " + std::to_string(id));
    }
    Questionnaire q = QuestionnaireAt(s);
    Stmt fs(Conn(t).cache(),
            "SELECT finding_id, fingerprint, rule, period, message, compared, threshold, sources "
            "FROM review_questionnaire_findings WHERE questionnaire_id = ? ORDER BY position");
    fs.Bind(1, id);
    while (fs.Step()) {
      q.findings.push_back({fs.Text(0), fs.Text(1), fs.Text(2), fs.Text(3), fs.Text(4),
                            PairsFromJson(fs.Text(5)), fs.Text(6), ListFromJson(fs.Text(7))});
    }
    OPENKP_RETURN_IF_ERROR(fs.status("questionnaire findings"));
    OPENKP_RETURN_IF_ERROR(LoadSteps(t, q));
    Stmt ds(Conn(t).cache(),
            "SELECT id, questionnaire_id, name, content_type, sha256, size, uploaded_by, at "
            "FROM review_documents WHERE questionnaire_id = ? ORDER BY id");
    ds.Bind(1, id);
    while (ds.Step()) q.documents.push_back(DocumentAt(ds));
    OPENKP_RETURN_IF_ERROR(ds.status("questionnaire documents"));
    return q;
  }

  Result<std::vector<Questionnaire>> ListQuestionnaires(store::Txn& t,
                                                        const std::string& participant) override {
    Stmt s(Conn(t).cache(),
           "SELECT id, participant, title, message, due_on, created_by, created_at "
           "FROM review_questionnaires WHERE ? = '' OR participant = ? ORDER BY id DESC");
    s.Bind(1, participant).Bind(2, participant);
    std::vector<Questionnaire> out;
    while (s.Step()) out.push_back(QuestionnaireAt(s));
    OPENKP_RETURN_IF_ERROR(s.status("questionnaires"));
    for (auto& q : out) OPENKP_RETURN_IF_ERROR(LoadSteps(t, q));
    return out;
  }

  Result<int64_t> AddStep(store::Txn& t, const QuestionnaireStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "questionnaire step"));
    Stmt s(Conn(t).cache(),
           "INSERT INTO review_steps (questionnaire_id, action, text, actor, at, document, "
           "sha256, due_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    OPENKP_RETURN_IF_ERROR(s.Bind(1, x.questionnaire_id)
                               .Bind(2, x.action)
                               .Bind(3, x.text)
                               .Bind(4, x.actor)
                               .Bind(5, x.at)
                               .Bind(6, x.document)
                               .Bind(7, x.sha256)
                               .Bind(8, x.due_on)
                               .Run("questionnaire step"));
    return sqlite3_last_insert_rowid(Conn(t).db());
  }

  Result<int64_t> AddDocument(store::Txn& t, const Document& d) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add document"));
    Stmt s(Conn(t).cache(),
           "INSERT INTO review_documents (questionnaire_id, name, content_type, sha256, size, "
           "bytes, uploaded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    OPENKP_RETURN_IF_ERROR(s.Bind(1, d.questionnaire_id)
                               .Bind(2, d.name)
                               .Bind(3, d.content_type)
                               .Bind(4, d.sha256)
                               .Bind(5, d.size)
                               .BindBlob(6, d.bytes)
                               .Bind(7, d.uploaded_by)
                               .Bind(8, d.at)
                               .Run("add document"));
    return sqlite3_last_insert_rowid(Conn(t).db());
  }

  Result<Document> GetDocument(store::Txn& t, int64_t questionnaire_id,
                               int64_t document_id) override {
    Stmt s(Conn(t).cache(),
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

 private:
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
    Stmt s(Conn(t).cache(), std::string("SELECT ") + kStepColumns +
                                " FROM review_steps WHERE questionnaire_id = ? ORDER BY id");
    s.Bind(1, q.id);
    while (s.Step()) q.steps.push_back(StepAt(s));
    return s.status("questionnaire steps");
  }
};

}  // namespace

Result<std::unique_ptr<ReviewStore>> NewReviewStore(store::Database& db) {
  if (std::string(db.scheme()) == "sqlite") {
    return std::unique_ptr<ReviewStore>(std::make_unique<SqliteReviewStore>());
  }
  return Status::Invalid("store", "scheme", "review has no store for " + std::string(db.scheme()));
}

}  // namespace openkp::review
