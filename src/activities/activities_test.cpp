#include "activities/activities.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "activities/demo.h"
#include "activities/export.h"
#include "activities/json.h"
#include "activities/report.h"
#include "backends/backends.h"
#include "pg_database.h"

namespace openkp::activities {
namespace {

// The service and its domain store on every storage backend the schema has, each test with the
// 2019 report loaded.
class Coalition : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    // A parameterised test's name holds a '/' ("Name/sqlite"): one directory, not two.
    std::string leaf = "openkp-activities-" + std::to_string(::getpid()) + "-" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(leaf.begin(), leaf.end(), '/', '-');
    dir_ = std::filesystem::temp_directory_path() / leaf;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "sqlite") url_ = backends::SqliteUrl((dir_ / "t.db").string());
    if (GetParam() == "postgresql") url_ = openkp::testing::FreshPostgresDatabase();
    ASSERT_FALSE(url_.empty()) << "no test URL for backend " << GetParam();
    auto db = backends::OpenDatabase(url_, {Schema()});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    accounts_ = std::make_unique<accounts::Accounts>(*db_);
    coalition_ = std::make_unique<Activities>(*db_, std::move(*NewActivitiesStore(*db_)),
                                              [] { return *core::Date::Parse("2020-06-01"); });
    admin_.user = {0, "admin", store::Role::kAdmin, "", "", 0};
    ASSERT_TRUE(LoadCsc2019(admin_, *coalition_).ok());
    editor_ = Person("ZELA editor", "ZELA", "editor");
    viewer_ = Person("viewer", "", "viewer");
    coordinator_ = Person("coordinator", "", "coordinator");
  }
  void TearDown() override {
    coalition_.reset();
    accounts_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  accounts::Principal Person(const std::string& name, const std::string& member,
                             const std::string& role) {
    auto u = accounts_->AddUser(name, store::Role::kCoalition, "");
    EXPECT_TRUE(u.ok());
    EXPECT_TRUE(coalition_->SetPerson(admin_, u->user.id, member, role).ok());
    return {u->user};
  }
  static Activity Training(const std::string& lead) {
    Activity a;
    a.type = "training";
    a.title = {"Labour rights training", "Formation sur le droit du travail"};
    a.description = {"Legal training for diamond mine workers.", ""};
    a.start_on = "2020-03-10";
    a.country = "ZW";
    a.town = "Mutare";
    a.members = {lead};
    a.participants = 30;
    a.women = 12;
    return a;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<accounts::Accounts> accounts_;
  std::unique_ptr<Activities> coalition_;
  accounts::Principal admin_, editor_, viewer_, coordinator_;
};

// Every item of the real 2019 report (tests/fixtures/csc-2019-report-items.tsv, written from
// the report independently of the data) is in the generated report, in its section.
TEST_P(Coalition, The2019ReportHoldsEveryItemOfTheRealOneInItsSection) {
  auto model = coalition_->Report(viewer_, 2019, "en");
  ASSERT_TRUE(model.ok()) << model.status().message();
  std::ifstream in(std::string(OPENKP_SOURCE_DIR) + "/tests/fixtures/csc-2019-report-items.tsv");
  ASSERT_TRUE(in) << "fixture missing";
  std::string line;
  std::getline(in, line);  // header
  int checked = 0;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string section, organisation, type, match;
    std::getline(cells, section, '\t');
    std::getline(cells, organisation, '\t');
    std::getline(cells, type, '\t');
    std::getline(cells, match, '\t');
    bool found = false;
    for (const auto& s : model->sections) {
      for (const auto& g : s.groups) {
        for (const auto& item : g.items) {
          const Activity& a = item.activity;
          const std::string text = a.title.en + " " + a.description.en;
          const bool org =
              organisation == "CSC" ? a.members[0] == kCoalitionCode : a.members[0] == organisation;
          if (text.find(match) != std::string::npos && org && a.type == type) {
            EXPECT_EQ(s.key, section) << match;
            found = true;
          }
        }
      }
    }
    EXPECT_TRUE(found) << line;
    ++checked;
  }
  EXPECT_GE(checked, 40);
  // The sub-headings of the real report's meetings section, in its order.
  const auto& meetings = model->sections[2];
  ASSERT_EQ(meetings.key, "kp-meetings");
  ASSERT_EQ(meetings.groups.size(), 4u);
  EXPECT_EQ(meetings.groups[0].title, "Intersessional and Plenary meetings");
  EXPECT_EQ(meetings.groups[3].title, "Other meetings");
  const std::string html = ReportHtml(*model);
  for (const char* title : {"General Issues", "Participation in KP Meetings and Working Groups",
                            "KP CSC Internal Planning", "National level Events and Initiatives",
                            "Research, Publications and Press Releases"}) {
    EXPECT_NE(html.find(title), std::string::npos) << title;
  }
  EXPECT_NE(html.find("Action Mines Guinea"), std::string::npos);
  EXPECT_NE(html.find("<h3>Zimbabwe</h3>"), std::string::npos);
  EXPECT_NE(html.find("Related: mining site ZW-MAR-001"), std::string::npos);
}

TEST_P(Coalition, FrenchReportUsesFrenchTitlesAndFallsBackToEnglishText) {
  auto model = coalition_->Report(coordinator_, 2019, "fr");
  ASSERT_TRUE(model.ok());
  const std::string html = ReportHtml(*model);
  EXPECT_NE(html.find("Recherche, publications et communiqués de presse"), std::string::npos);
  EXPECT_NE(html.find("Real Care is Rare"), std::string::npos);
  EXPECT_NE(html.find("novembre 2019"), std::string::npos);
}

TEST_P(Coalition, EditorsRecordWhatTheirMemberLeadsAndCorrectionsAreVersions) {
  auto made = coalition_->Record(editor_, Training("ZELA"));
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->ref.rfind("ZELA-2020-", 0), 0u) << made->ref;
  EXPECT_EQ(made->ref.size(), 15u);
  EXPECT_EQ(made->version, 1);
  EXPECT_EQ(coalition_->Record(editor_, Training("CNRG")).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(coalition_->Record(viewer_, Training("ZELA")).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(coalition_
                ->Record(accounts::Principal{{9, "x", store::Role::kMonitor, "", "", 0}},
                         Training("ZELA"))
                .status()
                .code(),
            core::Code::kPermissionDenied);
  Activity fixed = Training("ZELA");
  fixed.participants = 31;
  auto v2 = coalition_->Correct(editor_, made->ref, fixed);
  ASSERT_TRUE(v2.ok()) << v2.status().message();
  EXPECT_EQ(v2->version, 2);
  auto history = coalition_->History(&viewer_, made->ref);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(*(*history)[0].participants, 30);
  EXPECT_EQ(*(*history)[1].participants, 31);
  // A withdrawal is a version too: out of lists and reports, its history kept.
  fixed.withdrawn = true;
  ASSERT_TRUE(coalition_->Correct(coordinator_, made->ref, fixed).ok());
  auto list = coalition_->List(&viewer_, {2020, "", ""});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  EXPECT_EQ(coalition_->History(&viewer_, made->ref)->size(), 3u);
  EXPECT_EQ(coalition_->Get(nullptr, made->ref).status().code(), core::Code::kNotFound);
  // The store refuses to rewrite a version.
  if (GetParam() == "sqlite") {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "t.db").string().c_str(), &raw), SQLITE_OK);
    EXPECT_NE(
        sqlite3_exec(raw, "UPDATE coalition_activities SET doc = '{}'", nullptr, nullptr, nullptr),
        SQLITE_OK);
    EXPECT_NE(sqlite3_exec(raw, "DELETE FROM coalition_activities", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  if (GetParam() == "postgresql") {
    // 23000: integrity_constraint_violation, raised by the triggers.
    EXPECT_EQ(testing::PostgresSqlState(url_, "UPDATE coalition_activities SET doc = '{}'"),
              "23000");
    EXPECT_EQ(testing::PostgresSqlState(url_, "DELETE FROM coalition_activities"), "23000");
    // TRUNCATE skips row triggers: each table refuses it too, rows or none.
    for (const char* table :
         {"coalition_members", "coalition_people", "coalition_applications",
          "coalition_application_steps", "coalition_activities", "coalition_report_texts",
          "coalition_final_reports", "coalition_documents"}) {
      EXPECT_EQ(testing::PostgresSqlState(url_, std::string("TRUNCATE ") + table + " CASCADE"),
                "23000")
          << table;
    }
  }
  EXPECT_EQ(coalition_->History(&viewer_, made->ref)->size(), 3u);  // all kept
}

TEST_P(Coalition, BadActivitiesNameTheirField) {
  struct Case {
    const char* field;
    std::function<void(Activity&)> change;
  };
  const std::vector<Case> cases = {
      {"type", [](Activity& a) { a.type = "party"; }},
      {"kp_bodies[0]", [](Activity& a) { a.kp_bodies = {"wg-nothing"}; }},
      {"title", [](Activity& a) { a.title = {}; }},
      {"start_on", [](Activity& a) { a.start_on = "2020-02-30"; }},
      {"start_on", [](Activity& a) { a.start_on = "20"; }},
      {"end_on", [](Activity& a) { a.end_on = "2019-12"; }},
      {"place.country", [](Activity& a) { a.country = "XX"; }},
      {"members[0]", [](Activity& a) { a.members = {"NOBODY"}; }},
      {"members[1]",
       [](Activity& a) {
         a.members = {"ZELA", "ZELA"};
       }},
      {"participants.women", [](Activity& a) { a.women = 40; }},
      {"links[0]", [](Activity& a) { a.links = {"javascript:alert(1)"}; }},
      {"organisations[0].role",
       [](Activity& a) {
         a.organisations = {{"ZCDC", "boss"}};
       }},
      {"title.en", [](Activity& a) { a.title.en = "Mutare \u202Eevil"; }},
      {"section", [](Activity& a) { a.section = "introduction"; }},
      {"related[0]", [](Activity& a) { a.related = {"certificate:BW-1"}; }},
      {"kp_bodies[1]",
       [](Activity& a) {
         a.kp_bodies = {"wgm", "wgm"};
       }},
      {"members[1]",
       [](Activity& a) {
         a.members = {"ZELA", "CSC"};
       }},
      {"ref", [](Activity& a) { a.ref = "CNRG-2020-99"; }},
      {"ref", [](Activity& a) { a.ref = "zela-2020-01"; }},
      {"links[0]", [](Activity& a) { a.links = {"https://www.kpcivilsociety.org@evil.example/"}; }},
      {"links[0]", [](Activity& a) { a.links = {"https://evil.example/\u202Egro.www//:sptth"}; }},
      {"organisations[0].name",
       [](Activity& a) {
         a.organisations = {{"Mines; Energy", "target"}};
       }},
      {"title.en", [](Activity& a) { a.title.en = "Two\nlines"; }},
      {"related[0]", [](Activity& a) { a.related = {"review:0"}; }},
  };
  for (const auto& c : cases) {
    Activity a = Training("ZELA");
    c.change(a);
    auto r = coalition_->Record(editor_, a);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.status().code(), core::Code::kInvalidArgument) << c.field;
    EXPECT_EQ(r.status().field(), c.field) << r.status().message();
  }
  EXPECT_TRUE(coalition_->List(&viewer_, {2020, "", ""})->empty());  // nothing stored
}

TEST_P(Coalition, ThePublicSeesPublicActivitiesOnly) {
  Activity a = Training("ZELA");
  a.is_public = false;
  auto made = coalition_->Record(editor_, a);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(coalition_->Get(nullptr, made->ref).status().code(), core::Code::kNotFound);
  EXPECT_TRUE(coalition_->Get(&viewer_, made->ref).ok());
  EXPECT_TRUE(coalition_->List(nullptr, {2020, "", ""})->empty());
  EXPECT_EQ(coalition_->List(&viewer_, {2020, "", ""})->size(), 1u);
  // Nor in the (published) report.
  auto model = coalition_->Report(coordinator_, 2020, "en");
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(ReportHtml(*model).find("Labour rights training"), std::string::npos);
  EXPECT_EQ(
      coalition_
          ->Report(accounts::Principal{{9, "x", store::Role::kOfficer, "ZW", "", 0}}, 2020, "en")
          .status()
          .code(),
      core::Code::kPermissionDenied);
}

TEST_P(Coalition, ImportPreviewsAndStoresOnlyWhenAsked) {
  const std::string csv =
      "type,title_en,start_on,members,participants,women,country\n"
      "training,Monitors trained,2020-04-02,ZELA,25,10,ZW\n"
      "training,Bad date,2020-13-01,ZELA,,,ZW\n"
      "party,Unknown type,2020-05-01,ZELA,,,ZW\n"
      "community-meeting,Meeting in Chiadzwa,2020-05-09,ZELA,80,,ZW\n";
  auto preview = coalition_->Import(editor_, csv, {"add", false, false});
  ASSERT_TRUE(preview.ok()) << preview.status().message();
  EXPECT_EQ(preview->valid, 2);
  EXPECT_EQ(preview->invalid, 2);
  EXPECT_EQ(preview->rows[1].field, "start_on");
  EXPECT_EQ(preview->rows[1].row, 3);
  EXPECT_EQ(preview->rows[2].field, "type");
  EXPECT_FALSE(preview->stored);
  auto refused = coalition_->Import(editor_, csv, {"add", true, false});
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->stored);
  EXPECT_TRUE(coalition_->List(&viewer_, {2020, "", ""})->empty());
  auto stored = coalition_->Import(editor_, csv, {"add", true, true});
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->stored);
  auto list = coalition_->List(&viewer_, {2020, "", ""});
  ASSERT_EQ(list->size(), 2u);
  // The export, edited and imported with mode=update, makes new versions.
  std::string exported = ActivitiesCsv(*list);
  const size_t at = exported.find(",80,");
  ASSERT_NE(at, std::string::npos) << exported;
  exported.replace(at, 4, ",85,");
  auto updated = coalition_->Import(editor_, exported, {"update", true, false});
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(updated->invalid, 0) << updated->rows[0].error;
  auto after = coalition_->List(&viewer_, {2020, "", "community-meeting"});
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(*(*after)[0].participants, 85);
  EXPECT_EQ((*after)[0].version, 2);
  // Adding what exists is refused; an unknown column refuses the file.
  auto again = coalition_->Import(editor_, exported, {"add", false, false});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->rows[0].field, "ref");
  EXPECT_EQ(coalition_->Import(editor_, "type,colour\ntraining,red\n", {}).status().field(),
            "header");
}

// An .xlsx export, imported with mode=update, makes a new version of each activity unchanged.
TEST_P(Coalition, ImportReadsTheXlsxItExports) {
  auto list = coalition_->List(&viewer_, {2019, "ZELA", ""});
  ASSERT_TRUE(list.ok());
  ASSERT_GE(list->size(), 5u);
  auto xlsx = ActivitiesXlsx(*list);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  auto back = coalition_->Import(coordinator_, *xlsx, {"update", true, false});
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->invalid, 0) << (back->rows.empty() ? "" : back->rows[0].error);
  EXPECT_TRUE(back->stored);
  auto after = coalition_->List(&viewer_, {2019, "ZELA", ""});
  ASSERT_EQ(after->size(), list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    Activity was = (*list)[i], now = (*after)[i];
    EXPECT_EQ(now.version, was.version + 1) << was.ref;
    // The same activity, but for its record.
    was.version = now.version;
    was.recorded_by = now.recorded_by;
    was.recorded_at = now.recorded_at;
    EXPECT_EQ(json::serialize(ActivityToJson(now, true)),
              json::serialize(ActivityToJson(was, true)));
  }
}

TEST_P(Coalition, FinalReportsAreStoredAndLogged) {
  EXPECT_EQ(coalition_->Finalise(viewer_, 2019, "en").status().code(),
            core::Code::kPermissionDenied);
  auto final_report = coalition_->Finalise(coordinator_, 2019, "en");
  ASSERT_TRUE(final_report.ok()) << final_report.status().message();
  EXPECT_EQ(final_report->html.find("Draft"), std::string::npos);
  auto got = coalition_->GetFinalReport(final_report->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->sha256, final_report->sha256);
  auto events =
      store::ReadValue(*db_, [&](store::Txn& t) { return db_->events().List(t, 0, 100); });
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->back().kind, "coalition.report.final");
  EXPECT_NE(events->back().payload.find(final_report->sha256), std::string::npos);
}

TEST_P(Coalition, IatiNeedsAnIdentifierAndAnActivity) {
  auto list = coalition_->List(nullptr, {2019, "", ""});
  ASSERT_TRUE(list.ok());
  auto members = coalition_->Members();
  auto xml = IatiXml(*list, *members, "ZELA", "2026-11-30T12:00:00Z");
  ASSERT_TRUE(xml.ok()) << xml.status().message();
  EXPECT_NE(xml->find("<iati-identifier>XI-OPENKP-DEMO-ZELA-ZELA-2019-"), std::string::npos);
  EXPECT_EQ(xml->find("CENADEP-2019"), std::string::npos);  // only ZELA's
  Member bare = (*members)[1];
  bare.iati_id = "";
  EXPECT_EQ(IatiXml(*list, {bare}, bare.code, "2026-11-30T12:00:00Z").status().code(),
            core::Code::kFailedPrecondition);
  EXPECT_EQ(IatiXml({}, *members, "ZELA", "2026-11-30T12:00:00Z").status().code(),
            core::Code::kNotFound);
}

TEST_P(Coalition, DocumentsGoWithTheirActivityAndItsVisibility) {
  auto made = coalition_->Record(editor_, Training("ZELA"));
  ASSERT_TRUE(made.ok());
  const std::string pdf = "%PDF-1.4 attendance list";
  auto d = coalition_->AddDocument(editor_, made->ref, "attendance.pdf", "application/pdf", pdf);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->size, static_cast<int64_t>(pdf.size()));
  auto got = coalition_->GetDocument(nullptr, made->ref, d->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->bytes, pdf);
  EXPECT_EQ(coalition_->AddDocument(editor_, made->ref, "attendance.pdf", "application/pdf", pdf)
                .status()
                .code(),
            core::Code::kAlreadyExists);
  EXPECT_EQ(coalition_->AddDocument(editor_, made->ref, "a.zip", "application/zip", "PK")
                .status()
                .field(),
            "content_type");
  EXPECT_EQ(
      coalition_->AddDocument(editor_, made->ref, "a.png", "application/pdf", pdf).status().field(),
      "name");
  EXPECT_EQ(coalition_
                ->AddDocument(editor_, made->ref, "big.pdf", "application/pdf",
                              "%PDF-" + std::string(Activities::kMaxDocumentBytes, 'x'))
                .status()
                .code(),
            core::Code::kPayloadTooLarge);
  EXPECT_EQ(
      coalition_->AddDocument(viewer_, made->ref, "v.pdf", "application/pdf", pdf).status().code(),
      core::Code::kPermissionDenied);
  auto cnrg = coalition_->Record(coordinator_, Training("CNRG"));
  ASSERT_TRUE(cnrg.ok());
  EXPECT_EQ(
      coalition_->AddDocument(editor_, cnrg->ref, "c.pdf", "application/pdf", pdf).status().code(),
      core::Code::kPermissionDenied);
  // A private activity's documents are private too.
  Activity hidden = Training("ZELA");
  hidden.is_public = false;
  ASSERT_TRUE(coalition_->Correct(editor_, made->ref, hidden).ok());
  EXPECT_EQ(coalition_->GetDocument(nullptr, made->ref, d->id).status().code(),
            core::Code::kNotFound);
  EXPECT_TRUE(coalition_->GetDocument(&viewer_, made->ref, d->id).ok());
  EXPECT_EQ(coalition_->Documents(&viewer_, made->ref)->size(), 1u);
}

// A private activity's documents answer as a missing activity's do, byte for byte.
TEST_P(Coalition, PrivateAndMissingActivitiesAnswerAlike) {
  Activity a = Training("ZELA");
  a.is_public = false;
  auto made = coalition_->Record(editor_, a);
  ASSERT_TRUE(made.ok());
  const std::string missing = "ZELA-2020-XXXXX";
  auto hidden = coalition_->GetDocument(nullptr, made->ref, 1);
  auto absent = coalition_->GetDocument(nullptr, missing, 1);
  ASSERT_FALSE(hidden.ok());
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(hidden.status().code(), absent.status().code());
  std::string h = hidden.status().message(), m = absent.status().message();
  h.replace(h.find(made->ref), made->ref.size(), missing);
  EXPECT_EQ(h, m);
  EXPECT_EQ(coalition_->Documents(nullptr, made->ref).status().message(),
            "no activity '" + made->ref + "'");
}

TEST_P(Coalition, MembersApplicationsAndFinalsKeepTheirRules) {
  Member copy = (*coalition_->Members())[2];
  copy.code = "COPY";
  EXPECT_EQ(coalition_->SaveMember(coordinator_, copy).status().code(), core::Code::kAlreadyExists)
      << "another member's IATI identifier";
  copy.iati_id = "XI-TEST-COPY";
  copy.joined_on = "2030-01-01";
  EXPECT_EQ(coalition_->SaveMember(coordinator_, copy).status().field(), "joined_on");
  // An application under a member's code; steps out of order or ahead of time.
  EXPECT_EQ(coalition_->Apply(coordinator_, {0, "Another ZELA", "ZELA", "ZW", "", "", {}})
                .status()
                .code(),
            core::Code::kAlreadyExists);
  auto app = coalition_->Apply(coordinator_, {0, "New Org", "NEW", "SL", "", "", {}});
  ASSERT_TRUE(app.ok());
  EXPECT_EQ(coalition_->AddApplicationStep(coordinator_, app->id, "reviewed", "2020-01-02", "")
                .status()
                .code(),
            core::Code::kFailedPrecondition);
  ASSERT_TRUE(
      coalition_->AddApplicationStep(coordinator_, app->id, "received", "2020-01-02", "").ok());
  EXPECT_EQ(coalition_->AddApplicationStep(coordinator_, app->id, "admitted", "2019-12-01", "")
                .status()
                .field(),
            "on");
  EXPECT_EQ(coalition_->AddApplicationStep(coordinator_, app->id, "admitted", "2030-01-01", "")
                .status()
                .field(),
            "on");
  // A final of an empty year, and one that changes nothing, are refused.
  EXPECT_EQ(coalition_->Finalise(coordinator_, 1995, "en").status().code(),
            core::Code::kFailedPrecondition);
  ASSERT_TRUE(coalition_->Finalise(coordinator_, 2019, "en").ok());
  EXPECT_EQ(coalition_->Finalise(coordinator_, 2019, "en").status().code(),
            core::Code::kAlreadyExists);
}

TEST_P(Coalition, ImportTakesSpreadsheetDatesAndRefusesHugeFiles) {
  auto r = coalition_->Import(editor_,
                              "type,title_en,start_on,members,links\n"
                              "training,Dated in Excel,43983,ZELA,https://example.org/a;b=1 "
                              "https://example.org/c\n",
                              {"add", true, false});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_TRUE(r->stored) << r->rows[0].error;
  EXPECT_EQ(r->rows[0].activity->start_on, "2020-06-01");
  EXPECT_EQ(r->rows[0].activity->links,
            (std::vector<std::string>{"https://example.org/a;b=1", "https://example.org/c"}));
  std::string many = "type,title_en,start_on,members\n";
  for (size_t i = 0; i <= kMaxImportRows; ++i) many += "training,t,2020,ZELA\n";
  EXPECT_EQ(coalition_->Import(editor_, many, {}).status().code(), core::Code::kPayloadTooLarge);
}

TEST_P(Coalition, AdmittingAnApplicationMakesAMember) {
  auto apps = coalition_->Applications(viewer_);
  ASSERT_TRUE(apps.ok());
  ASSERT_EQ(apps->size(), 1u);
  auto members = coalition_->Members();
  EXPECT_TRUE(std::any_of(members->begin(), members->end(),
                          [](const Member& m) { return m.code == "AMG"; }));
  // Decided: no further step.
  EXPECT_EQ(
      coalition_->AddApplicationStep(coordinator_, (*apps)[0].id, "reviewed", "2019-12-01", "")
          .status()
          .code(),
      core::Code::kFailedPrecondition);
  EXPECT_EQ(
      coalition_->Applications(accounts::Principal{{9, "x", store::Role::kMonitor, "", "", 0}})
          .status()
          .code(),
      core::Code::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, Coalition,
                         ::testing::ValuesIn(backends::SchemesFor(Schema())),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp::activities
