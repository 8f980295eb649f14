// The coalition's store, written once for every SQL backend (store/sql/statement.h); its tables
// are in schema.cpp. An activity version is kept whole as its JSON document (json.h), beside the
// columns it is looked up by.
#include <boost/json.hpp>

#include "activities/activities.h"
#include "activities/activities_store.h"
#include "activities/json.h"
#include "store/sql/statement.h"

namespace openkp::activities {

using store::sql::RequireWrite;
using store::sql::Stmt;

namespace {

constexpr const char* kMemberColumns =
    "code, version, name, country, type, iati_id, website, joined_on, recorded_by, recorded_at";
Member MemberAt(const Stmt& s) {
  return {s.Text(0), s.Text(2), s.Text(3), s.Text(4), s.Text(5),
          s.Text(6), s.Text(7), s.Int(1),  s.Text(8), s.Text(9)};
}

Result<Activity> ActivityAt(const Stmt& s) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(s.TextView(0), ec);
  if (ec) return Status::Internal("stored activity is not JSON: " + ec.message());
  auto a = ActivityFromJson(v, /*stored=*/true);
  if (!a.ok()) return Status::Internal("stored activity: " + a.status().message());
  a->version = s.Int(1);
  a->recorded_by = s.Text(2);
  a->recorded_at = s.Text(3);
  return a;
}

Result<std::vector<Activity>> ActivitiesFrom(Stmt& s, const char* what) {
  std::vector<Activity> out;
  while (s.Step()) {
    auto a = ActivityAt(s);
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  OPENKP_RETURN_IF_ERROR(s.status(what));
  return out;
}

class SqlActivitiesStore final : public ActivitiesStore {
 public:
  Status AddMember(store::Txn& t, const Member& m) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add member"));
    Stmt s(t, std::string("INSERT INTO coalition_members (") + kMemberColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return s.Bind(1, m.code)
        .Bind(2, m.version)
        .Bind(3, m.name)
        .Bind(4, m.country)
        .Bind(5, m.type)
        .Bind(6, m.iati_id)
        .Bind(7, m.website)
        .Bind(8, m.joined_on)
        .Bind(9, m.recorded_by)
        .Bind(10, m.recorded_at)
        .Run("add member");
  }
  Result<std::vector<Member>> Members(store::Txn& t) override {
    Stmt s(t, std::string("SELECT ") + kMemberColumns +
                  " FROM coalition_members m WHERE version = (SELECT max(version) "
                  "FROM coalition_members WHERE code = m.code) ORDER BY code");
    std::vector<Member> out;
    while (s.Step()) out.push_back(MemberAt(s));
    OPENKP_RETURN_IF_ERROR(s.status("members"));
    return out;
  }

  Status AddPerson(store::Txn& t, const Person& p) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add person"));
    Stmt s(t,
           "INSERT INTO coalition_people (user_id, member, role, recorded_by, recorded_at) "
           "VALUES (?, ?, ?, ?, ?)");
    return s.Bind(1, p.user_id)
        .Bind(2, p.member)
        .Bind(3, p.role)
        .Bind(4, p.recorded_by)
        .Bind(5, p.recorded_at)
        .Run("add person");
  }
  Result<std::vector<Person>> People(store::Txn& t) override {
    Stmt s(t,
           "SELECT user_id, member, role, recorded_by, recorded_at FROM coalition_people WHERE id "
           "IN (SELECT max(id) FROM coalition_people GROUP BY user_id) ORDER BY user_id");
    std::vector<Person> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
    OPENKP_RETURN_IF_ERROR(s.status("people"));
    return out;
  }

  Result<int64_t> AddApplication(store::Txn& t, const Application& a) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add application"));
    Stmt s(t,
           "INSERT INTO coalition_applications (organisation, code, country, recorded_by, "
           "recorded_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, a.organisation)
        .Bind(2, a.code)
        .Bind(3, a.country)
        .Bind(4, a.recorded_by)
        .Bind(5, a.recorded_at);
    return s.InsertedId("add application");
  }
  Result<int64_t> AddApplicationStep(store::Txn& t, const ApplicationStep& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add application step"));
    Stmt s(t,
           "INSERT INTO coalition_application_steps (application_id, step, step_on, note, actor, "
           "at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, x.application_id)
        .Bind(2, x.step)
        .Bind(3, x.on)
        .Bind(4, x.note)
        .Bind(5, x.actor)
        .Bind(6, x.at);
    return s.InsertedId("add application step");
  }
  Result<std::vector<Application>> Applications(store::Txn& t) override {
    std::vector<Application> out;
    {
      Stmt s(t,
             "SELECT id, organisation, code, country, recorded_by, recorded_at FROM "
             "coalition_applications ORDER BY id");
      while (s.Step()) {
        out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), {}});
      }
      OPENKP_RETURN_IF_ERROR(s.status("applications"));
    }
    Stmt s(t,
           "SELECT id, application_id, step, step_on, note, actor, at FROM "
           "coalition_application_steps ORDER BY application_id, id");
    size_t i = 0;
    while (s.Step()) {
      ApplicationStep x{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)};
      while (i < out.size() && out[i].id < x.application_id) ++i;
      if (i < out.size() && out[i].id == x.application_id) out[i].steps.push_back(std::move(x));
    }
    OPENKP_RETURN_IF_ERROR(s.status("application steps"));
    return out;
  }

  Status AddActivity(store::Txn& t, const Activity& a) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add activity"));
    Stmt s(t,
           "INSERT INTO coalition_activities (ref, version, year, start_on, doc, recorded_by, "
           "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    return s.Bind(1, a.ref)
        .Bind(2, a.version)
        .Bind(3, static_cast<int64_t>(YearOf(a)))
        .Bind(4, a.start_on)
        .Bind(5, boost::json::serialize(ActivityToJson(a)))
        .Bind(6, a.recorded_by)
        .Bind(7, a.recorded_at)
        .Run("add activity");
  }
  Result<Activity> LatestActivity(store::Txn& t, const std::string& ref) override {
    Stmt s(t,
           "SELECT doc, version, recorded_by, recorded_at FROM coalition_activities WHERE ref = ? "
           "ORDER BY version DESC LIMIT 1");
    s.Bind(1, ref);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("activity"));
      return Status::NotFound("no activity '" + ref + "'");
    }
    return ActivityAt(s);
  }
  Result<std::vector<Activity>> ActivityHistory(store::Txn& t, const std::string& ref) override {
    Stmt s(t,
           "SELECT doc, version, recorded_by, recorded_at FROM coalition_activities WHERE ref = ? "
           "ORDER BY version");
    s.Bind(1, ref);
    return ActivitiesFrom(s, "activity history");
  }
  Result<std::vector<Activity>> Activities(store::Txn& t, int year) override {
    std::string sql =
        "SELECT doc, version, recorded_by, recorded_at FROM coalition_activities a WHERE version "
        "= (SELECT max(version) FROM coalition_activities WHERE ref = a.ref)";
    if (year != 0) sql += " AND year = ?";
    sql += " ORDER BY start_on, ref";
    Stmt s(t, sql);
    if (year != 0) s.Bind(1, static_cast<int64_t>(year));
    return ActivitiesFrom(s, "activities");
  }

  Result<int64_t> AddDocument(store::Txn& t, const ActivityDocument& d) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add document"));
    Stmt s(t,
           "INSERT INTO coalition_documents (ref, name, content_type, sha256, size, bytes, "
           "uploaded_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, d.ref)
        .Bind(2, d.name)
        .Bind(3, d.content_type)
        .Bind(4, d.sha256)
        .Bind(5, d.size)
        .BindBlob(6, d.bytes)
        .Bind(7, d.uploaded_by)
        .Bind(8, d.at);
    return s.InsertedId("add document");
  }
  Result<std::vector<ActivityDocument>> Documents(store::Txn& t, const std::string& ref) override {
    Stmt s(t,
           "SELECT id, ref, name, content_type, sha256, size, uploaded_by, at FROM "
           "coalition_documents WHERE ref = ? ORDER BY id");
    s.Bind(1, ref);
    std::vector<ActivityDocument> out;
    while (s.Step()) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5), "", s.Text(6),
                     s.Text(7)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("documents"));
    return out;
  }
  Result<ActivityDocument> GetDocument(store::Txn& t, const std::string& ref, int64_t id) override {
    Stmt s(t,
           "SELECT id, ref, name, content_type, sha256, size, bytes, uploaded_by, at FROM "
           "coalition_documents WHERE ref = ? AND id = ?");
    s.Bind(1, ref).Bind(2, id);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("document"));
      return Status::NotFound("no document " + std::to_string(id) + " of activity " + ref);
    }
    return ActivityDocument{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4),
                            s.Int(5), s.Blob(6), s.Text(7), s.Text(8)};
  }

  Status AddReportText(store::Txn& t, const ReportText& x) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add report text"));
    Stmt s(t,
           "INSERT INTO coalition_report_texts (year, lang, section, version, text, recorded_by, "
           "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    return s.Bind(1, static_cast<int64_t>(x.year))
        .Bind(2, x.lang)
        .Bind(3, x.section)
        .Bind(4, x.version)
        .Bind(5, x.text)
        .Bind(6, x.recorded_by)
        .Bind(7, x.recorded_at)
        .Run("add report text");
  }
  Result<std::vector<ReportText>> ReportTexts(store::Txn& t, int year,
                                              const std::string& lang) override {
    Stmt s(t,
           "SELECT section, version, text, recorded_by, recorded_at FROM coalition_report_texts r "
           "WHERE year = ? AND lang = ? AND version = (SELECT max(version) FROM "
           "coalition_report_texts WHERE year = r.year AND lang = r.lang AND section = r.section) "
           "ORDER BY section");
    s.Bind(1, static_cast<int64_t>(year)).Bind(2, lang);
    std::vector<ReportText> out;
    while (s.Step()) {
      out.push_back({year, lang, s.Text(0), s.Text(2), s.Int(1), s.Text(3), s.Text(4)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("report texts"));
    return out;
  }

  Result<int64_t> AddFinalReport(store::Txn& t, const FinalReport& r) override {
    OPENKP_RETURN_IF_ERROR(RequireWrite(t, "add final report"));
    Stmt s(t,
           "INSERT INTO coalition_final_reports (year, lang, sha256, html, recorded_by, "
           "recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, static_cast<int64_t>(r.year))
        .Bind(2, r.lang)
        .Bind(3, r.sha256)
        .Bind(4, r.html)
        .Bind(5, r.recorded_by)
        .Bind(6, r.recorded_at);
    return s.InsertedId("add final report");
  }
  Result<std::vector<FinalReport>> FinalReports(store::Txn& t, int year) override {
    Stmt s(t,
           "SELECT id, year, lang, sha256, recorded_by, recorded_at FROM coalition_final_reports "
           "WHERE year = ? ORDER BY id");
    s.Bind(1, static_cast<int64_t>(year));
    std::vector<FinalReport> out;
    while (s.Step()) {
      out.push_back(
          {s.Int(0), static_cast<int>(s.Int(1)), s.Text(2), s.Text(3), "", s.Text(4), s.Text(5)});
    }
    OPENKP_RETURN_IF_ERROR(s.status("final reports"));
    return out;
  }
  Result<FinalReport> GetFinalReport(store::Txn& t, int64_t id) override {
    Stmt s(t,
           "SELECT id, year, lang, sha256, html, recorded_by, recorded_at FROM "
           "coalition_final_reports WHERE id = ?");
    s.Bind(1, id);
    if (!s.Step()) {
      OPENKP_RETURN_IF_ERROR(s.status("final report"));
      return Status::NotFound("no final report " + std::to_string(id));
    }
    return FinalReport{
        s.Int(0), static_cast<int>(s.Int(1)), s.Text(2), s.Text(3), s.Text(4), s.Text(5),
        s.Text(6)};
  }
};

}  // namespace

Result<std::unique_ptr<ActivitiesStore>> NewActivitiesStore(store::Database& db) {
  const std::string scheme = db.scheme();
  if (scheme == "sqlite" || scheme == "postgresql") {
    return std::unique_ptr<ActivitiesStore>(std::make_unique<SqlActivitiesStore>());
  }
  return Status::Invalid("store", "scheme", "activities has no store for " + scheme);
}

}  // namespace openkp::activities
