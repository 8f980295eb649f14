// Regions, action plans and commitments (regions.h, follow_ups.h) on every storage backend.
#include "review/follow_ups.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "append_only.h"
#include "backends/backends.h"
#include "pg_database.h"
#include "review/review.h"

namespace openkp::review {
namespace {

class FollowUpService : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("openkp-followups-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "sqlite") url_ = backends::SqliteUrl((dir_ / "t.db").string());
    if (GetParam() == "postgresql") url_ = testing::FreshPostgresDatabase();
    ASSERT_FALSE(url_.empty()) << "no test URL for backend " << GetParam();
    auto db = backends::OpenDatabase(url_, {Schema()});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    for (const auto& participant :
         std::vector<std::pair<std::string, std::string>>{{"SL", "Sierra Leone"},
                                                          {"GN", "Guinea"},
                                                          {"LR", "Liberia"},
                                                          {"CI", "Côte d'Ivoire"},
                                                          {"CD", "DR Congo"},
                                                          {"CM", "Cameroon"},
                                                          {"ZW", "Zimbabwe"}}) {
      ASSERT_TRUE(db_->Write([&](store::Txn& t) {
                       return db_->registry().UpsertParticipant(
                           t, {participant.first, participant.second, "Ministry"});
                     })
                      .ok());
    }
    accounts::Accounts accounts(*db_);
    admin_.user = accounts.AddUser("Admin", store::Role::kAdmin, "")->user;
    nmjd_.user = accounts.AddUser("NMJD", store::Role::kMonitor, "")->user;
    zela_.user = accounts.AddUser("ZELA", store::Role::kMonitor, "")->user;
    sl_.user = accounts.AddUser("SL officer", store::Role::kOfficer, "SL")->user;
    gn_.user = accounts.AddUser("GN officer", store::Role::kOfficer, "GN")->user;
    zw_.user = accounts.AddUser("ZW officer", store::Role::kOfficer, "ZW")->user;
    analyst_.user = accounts.AddUser("Analyst", store::Role::kAnalyst, "")->user;
    auto today = [this] { return today_; };
    regions_ = std::make_unique<Regions>(*db_, std::move(*NewReviewStore(*db_)), today);
    follow_ups_ = std::make_unique<FollowUps>(*db_, std::move(*NewReviewStore(*db_)), today);
  }
  void TearDown() override {
    follow_ups_.reset();
    regions_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Region Mru() const {
    Region r;
    r.code = "MRU";
    r.name = "Mano River Union";
    r.kind = "region";
    r.participants = {"CI", "GN", "LR", "SL"};
    r.members = {{"NMJD", "Network Movement for Justice and Development", "civil-society", "SL",
                  nmjd_.user.id, true},
                 {"National Minerals Agency", "", "government", "SL", 0, false},
                 {"Guinea mines", "", "government", "GN", gn_.user.id, false}};
    return r;
  }
  int64_t EventCount() {
    int64_t n = 0;
    EXPECT_TRUE(db_->Read([&](store::Txn& t) -> Status {
                     auto all = db_->events().List(t, 0, 100000);
                     if (!all.ok()) return all.status();
                     n = static_cast<int64_t>(all->size());
                     return {};
                   })
                    .ok());
    return n;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<store::Database> db_;
  core::Date today_ = *core::Date::Parse("2026-11-28");
  std::unique_ptr<Regions> regions_;
  std::unique_ptr<FollowUps> follow_ups_;
  accounts::Principal admin_, nmjd_, zela_, sl_, gn_, zw_, analyst_;
};

TEST_P(FollowUpService, RegionsKeepVersionsAndTheirAdministrators) {
  EXPECT_EQ(regions_->Create(nmjd_, Mru()).status().code(), core::Code::kPermissionDenied);
  Region bad = Mru();
  bad.code = "m";
  EXPECT_EQ(regions_->Create(admin_, bad).status().field(), "code");
  bad = Mru();
  bad.kind = "club";
  EXPECT_EQ(regions_->Create(admin_, bad).status().field(), "kind");
  bad = Mru();
  bad.participants.push_back("SL");
  EXPECT_EQ(regions_->Create(admin_, bad).status().rule(), "unique");
  bad = Mru();
  bad.participants.push_back("XX");
  EXPECT_EQ(regions_->Create(admin_, bad).status().rule(), "participant");
  bad = Mru();
  bad.members[1].constituency = "press";
  EXPECT_EQ(regions_->Create(admin_, bad).status().field(), "members[1].constituency");
  bad = Mru();
  bad.members[1].admin = true;  // an administrator without an account
  EXPECT_EQ(regions_->Create(admin_, bad).status().field(), "members[1].admin");
  bad = Mru();
  bad.members[0].participant = "ZW";  // not one of the region's
  EXPECT_EQ(regions_->Create(admin_, bad).status().field(), "members[0].participant");
  const int64_t events = EventCount();
  EXPECT_TRUE(regions_->List(nullptr)->empty());

  auto mru = regions_->Create(admin_, Mru());
  ASSERT_TRUE(mru.ok()) << mru.status().message();
  EXPECT_EQ(mru->version, 1);
  EXPECT_EQ(EventCount(), events + 1);  // review.region.version
  EXPECT_EQ(regions_->Create(admin_, Mru()).status().code(), core::Code::kAlreadyExists);

  // A participant belongs to one region: a second one naming SL is refused, nothing stored.
  Region ca;
  ca.code = "CA";
  ca.name = "Central Africa";
  ca.kind = "region";
  ca.participants = {"CD", "CM", "SL"};
  auto refused = regions_->Create(admin_, ca);
  EXPECT_EQ(refused.status().code(), core::Code::kInvalidArgument);
  EXPECT_EQ(refused.status().rule(), "one-region");
  EXPECT_EQ(refused.status().field(), "participants[2]");
  EXPECT_EQ(regions_->List(nullptr)->size(), 1u);
  ca.participants = {"CD", "CM"};
  ASSERT_TRUE(regions_->Create(admin_, ca).ok());
  // Groups of kind initiative may overlap.
  Region west{"WA-INIT", "West African initiative", "initiative", {"SL", "GN"}, {}, 0, "", "", ""};
  ASSERT_TRUE(regions_->Create(admin_, west).ok());

  // The region's administrator (a civil-society member) changes its members, not the rest.
  EXPECT_TRUE(*regions_->Administers(nmjd_, "MRU"));
  EXPECT_FALSE(*regions_->Administers(sl_, "MRU"));
  Region next = *regions_->Get(&nmjd_, "MRU");
  next.members.push_back({"Green Advocates", "", "civil-society", "LR", 0, false});
  auto v2 = regions_->Update(nmjd_, "MRU", next);
  ASSERT_TRUE(v2.ok()) << v2.status().message();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->members.size(), 4u);
  // Accounts are linked by admins: the administrator may not name any account (nor learn
  // which ids exist).
  Region linked = next;
  linked.members.push_back({"SL officer", "", "government", "SL", sl_.user.id, true});
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", linked).status().code(), core::Code::kPermissionDenied);
  Region unknown = next;
  unknown.members.push_back({"Nobody", "", "government", "SL", 99999, false});
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", unknown).status().code(), core::Code::kPermissionDenied);
  // Nor promote, demote or remove a member with an account: who administers is the admins'.
  Region promote = next;
  promote.members[2].admin = true;  // Guinea's officer
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", promote).status().code(), core::Code::kPermissionDenied);
  Region drop = next;
  drop.members.erase(drop.members.begin() + 2);
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", drop).status().code(), core::Code::kPermissionDenied);
  Region twice = next;
  twice.members.push_back(twice.members[1]);
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", twice).status().rule(), "unique");
  // An update that changes nothing is refused (no empty version); one without a kind keeps it.
  Region same_kind = next;
  same_kind.kind = "";
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", same_kind).status().code(),
            core::Code::kFailedPrecondition);
  same_kind.members.push_back({"Kono miners' union", "", "industry", "SL", 0, false});
  auto v3 = regions_->Update(nmjd_, "MRU", same_kind);
  ASSERT_TRUE(v3.ok()) << v3.status().message();
  EXPECT_EQ(v3->kind, "region");
  EXPECT_EQ(v3->version, 3);
  Region wider = next;
  wider.participants.push_back("ZW");
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", wider).status().code(), core::Code::kPermissionDenied);
  Region abdicate = next;
  abdicate.members[0].admin = false;
  EXPECT_EQ(regions_->Update(nmjd_, "MRU", abdicate).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(regions_->Update(sl_, "MRU", next).status().code(), core::Code::kPermissionDenied);
  EXPECT_EQ(regions_->Update(nmjd_, "CA", ca).status().code(), core::Code::kPermissionDenied);
  EXPECT_EQ(regions_->Update(admin_, "NOPE", ca).status().code(), core::Code::kNotFound);

  // The public reads names and constituencies, not the accounts behind them.
  auto pub = regions_->Get(nullptr, "MRU");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->members[0].user_id, 0);
  EXPECT_TRUE(pub->members[0].admin);
  EXPECT_TRUE(pub->recorded_by.empty());
  EXPECT_EQ(regions_->Get(&admin_, "MRU")->members[0].user_id, nmjd_.user.id);
  auto history = regions_->History(nullptr, "MRU");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].members.size(), 3u);
  EXPECT_EQ((*history)[1].members.size(), 4u);
}

TEST_P(FollowUpService, ActionsAndCommitmentsFollowTheRecommendationModel) {
  ASSERT_TRUE(regions_->Create(admin_, Mru()).ok());
  NewActionPlan plan{"region:MRU",
                     "Regional action plan",
                     {"internal controls", "law enforcement", "benefits for communities"},
                     "2026-04-11",
                     "Kinshasa",
                     "Workshop report, annex 2"};
  EXPECT_EQ(follow_ups_->AddPlan(sl_, plan).status().code(), core::Code::kPermissionDenied);
  auto bad_plan = plan;
  bad_plan.source = "";
  EXPECT_EQ(follow_ups_->AddPlan(nmjd_, bad_plan).status().field(), "source");
  bad_plan = plan;
  bad_plan.adopted_on = "2027-01-01";
  EXPECT_EQ(follow_ups_->AddPlan(nmjd_, bad_plan).status().field(), "adopted_on");
  bad_plan = plan;
  bad_plan.scope = "region:NOPE";
  EXPECT_EQ(follow_ups_->AddPlan(admin_, bad_plan).status().field(), "scope");
  auto p = follow_ups_->AddPlan(nmjd_, plan);  // the region's administrator
  ASSERT_TRUE(p.ok()) << p.status().message();
  const int64_t plan_id = p->plan.id;

  NewAction a{"internal controls",
              "Harmonise export procedures",
              "MRU secretariat",
              "procedures adopted by the four participants",
              "2026-05-01",
              "2027-06-30",
              ""};
  // Dates out of order, an axis the plan does not have: refused, nothing stored.
  auto bad = a;
  bad.starts_on = "2027-07-01";
  EXPECT_EQ(follow_ups_->AddAction(nmjd_, plan_id, bad).status().rule(), "order");
  bad = a;
  bad.starts_on = "2026-01-01";  // before the adoption
  EXPECT_EQ(follow_ups_->AddAction(nmjd_, plan_id, bad).status().field(), "starts_on");
  bad = a;
  bad.first_report_due = "2027-12-31";
  EXPECT_EQ(follow_ups_->AddAction(nmjd_, plan_id, bad).status().field(), "first_report_due");
  bad = a;
  bad.axis = "tourism";
  EXPECT_EQ(follow_ups_->AddAction(nmjd_, plan_id, bad).status().field(), "axis");
  EXPECT_EQ(follow_ups_->AddAction(sl_, plan_id, a).status().code(), core::Code::kPermissionDenied);
  EXPECT_EQ(follow_ups_->AddAction(nmjd_, 999, a).status().code(), core::Code::kNotFound);
  EXPECT_TRUE(follow_ups_->List(nullptr, {})->empty());
  a.first_report_due = "2026-12-31";
  auto action = follow_ups_->AddAction(nmjd_, plan_id, a);
  ASSERT_TRUE(action.ok()) << action.status().message();
  const int64_t action_id = action->item.id;
  EXPECT_EQ(action->state.status, "not-started");
  EXPECT_EQ(action->scope, "region:MRU");

  // A commitment without a source, or with its dates out of order: refused.
  NewCommitment c;
  c.text = "Train its security staff on human rights";
  c.owner = "ZCDC";
  c.promised_to = "Communities of Marange";
  c.made_on = "2026-06-15";
  c.place = "Mutare, All-Stakeholders Diamond Conference";
  c.participant = "ZW";
  c.due_on = "2027-06-15";
  c.first_report_due = "2026-12-15";
  EXPECT_EQ(follow_ups_->AddCommitment(zela_, c).status().field(), "source");
  c.source = "Conference minutes, p. 4";
  auto late = c;
  late.due_on = "2026-06-01";
  EXPECT_EQ(follow_ups_->AddCommitment(zela_, late).status().field(), "due_on");
  EXPECT_EQ(follow_ups_->AddCommitment(analyst_, c).status().code(), core::Code::kPermissionDenied);
  EXPECT_EQ(follow_ups_->AddCommitment(sl_, c).status().code(), core::Code::kPermissionDenied);
  auto elsewhere = c;
  elsewhere.region = "MRU";  // ZW is not one of its participants
  EXPECT_EQ(follow_ups_->AddCommitment(zela_, elsewhere).status().rule(), "region");
  auto twice = c;
  twice.sites = {"ZW-MAR-001", "ZW-MAR-001"};
  EXPECT_EQ(follow_ups_->AddCommitment(zela_, twice).status().rule(), "unique");
  twice.sites = {"not a code"};
  EXPECT_EQ(follow_ups_->AddCommitment(zela_, twice).status().field(), "sites[0]");
  EXPECT_EQ(follow_ups_->List(nullptr, {})->size(), 1u);
  auto commitment = follow_ups_->AddCommitment(zela_, c);
  ASSERT_TRUE(commitment.ok()) << commitment.status().message();
  const int64_t commitment_id = commitment->item.id;
  EXPECT_EQ(commitment->scope, "participant:ZW");

  // Each kind of step is appended with its source, on actions and commitments alike.
  EXPECT_EQ(follow_ups_->SetStatus(nmjd_, action_id, {"in-progress", "", ""}).status().field(),
            "source");
  EXPECT_EQ(follow_ups_->SetStatus(sl_, action_id, {"in-progress", "", "x"}).status().code(),
            core::Code::kPermissionDenied);
  auto s1 = follow_ups_->SetStatus(nmjd_, action_id,
                                   {"in-progress", "drafts circulated", "MRU meeting minutes"});
  ASSERT_TRUE(s1.ok()) << s1.status().message();
  EXPECT_EQ(s1->state.status, "in-progress");
  EXPECT_EQ(s1->state.status_source, "MRU meeting minutes");
  ASSERT_EQ(s1->item.steps.size(), 1u);
  EXPECT_EQ(s1->item.steps[0].kind, "status");
  EXPECT_EQ(s1->item.steps[0].source, "MRU meeting minutes");
  EXPECT_EQ(s1->item.steps[0].actor, "NMJD");

  // The commitment: its recorder and the participant's officers report; another cannot.
  EXPECT_EQ(follow_ups_->SetStatus(gn_, commitment_id, {"in-progress", "", "x"}).status().code(),
            core::Code::kPermissionDenied);
  auto s2 = follow_ups_->SetStatus(zw_, commitment_id,
                                   {"in-progress", "first session held", "ZCDC letter"});
  ASSERT_TRUE(s2.ok()) << s2.status().message();
  EXPECT_EQ(follow_ups_->ReportProgress(zela_, commitment_id, {"", "2 of 6 sessions", "visit"})
                .status()
                .field(),
            "next_due_on");
  auto s3 = follow_ups_->ReportProgress(
      zela_, commitment_id,
      {"", "2 of 6 sessions", "field visit", {"site:ZW-MAR-001"}, "2027-03-01"});
  ASSERT_TRUE(s3.ok()) << s3.status().message();
  EXPECT_EQ(s3->state.next_report_due, "2027-03-01");
  // Civil society's own assessment, beside the owner's, with monitoring's evidence.
  EXPECT_EQ(follow_ups_->Assess(zw_, commitment_id, {"not-implemented", "", "x"}).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(follow_ups_->Assess(zela_, commitment_id, {"not-implemented", "", "x", {"photo:1"}})
                .status()
                .field(),
            "evidence[0]");
  auto s4 = follow_ups_->Assess(
      zela_, commitment_id,
      {"not-implemented", "guards untrained", "monitors' report", {"incident:4"}});
  ASSERT_TRUE(s4.ok()) << s4.status().message();
  EXPECT_EQ(s4->state.status, "in-progress");
  EXPECT_EQ(s4->state.civil_society, "not-implemented");
  ASSERT_EQ(s4->item.steps.size(), 3u);
  EXPECT_EQ(s4->item.steps[2].evidence, std::vector<std::string>{"incident:4"});

  // A report disputed or restricted after it was linked: the public stops seeing the link;
  // those who follow the item up still do.
  bool incident_public = true;
  follow_ups_->SetReferencePublic(
      [&](const std::string& ref) { return ref != "incident:4" || incident_public; });
  EXPECT_EQ(follow_ups_->Get(nullptr, commitment_id)->item.steps[2].evidence.size(), 1u);
  incident_public = false;
  EXPECT_TRUE(follow_ups_->Get(nullptr, commitment_id)->item.steps[2].evidence.empty());
  EXPECT_EQ(follow_ups_->Get(&zela_, commitment_id)->item.steps[2].evidence.size(), 1u);
  follow_ups_->SetReferencePublic(nullptr);
  // A next report years away would switch the overdue flag off: within a year.
  EXPECT_EQ(follow_ups_->ReportProgress(zela_, commitment_id, {"", "t", "s", {}, "2099-01-01"})
                .status()
                .field(),
            "next_due_on");

  // The public reads the register, not who recorded each step.
  auto pub = follow_ups_->Get(nullptr, commitment_id);
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(pub->item.created_by.empty());
  for (const auto& s : pub->item.steps) EXPECT_TRUE(s.actor.empty());
  EXPECT_FALSE(pub->may_write);

  // Overdue once a report or the target date passes, until the status is final.
  EXPECT_FALSE(follow_ups_->Get(nullptr, action_id)->state.overdue);
  today_ = *core::Date::Parse("2027-01-05");  // the action's first report was due 2026-12-31
  EXPECT_TRUE(follow_ups_->Get(nullptr, action_id)->state.overdue);
  EXPECT_FALSE(follow_ups_->Get(nullptr, commitment_id)->state.overdue);
  auto overdue = follow_ups_->List(nullptr, {.overdue_only = true});
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].item.id, action_id);
  today_ = *core::Date::Parse("2027-07-01");  // past both targets
  EXPECT_TRUE(follow_ups_->Get(nullptr, commitment_id)->state.past_target);
  ASSERT_TRUE(
      follow_ups_->SetStatus(zw_, commitment_id, {"implemented", "all trained", "ZCDC"}).ok());
  EXPECT_FALSE(follow_ups_->Get(nullptr, commitment_id)->state.overdue);

  // Filters: the region's register holds its plan's actions (and what concerns its members).
  EXPECT_EQ(follow_ups_->List(nullptr, {.region = "MRU"})->size(), 1u);
  EXPECT_EQ(follow_ups_->List(nullptr, {.participant = "ZW"})->size(), 1u);
  EXPECT_EQ(follow_ups_->List(nullptr, {.type = "commitment"})->size(), 1u);
  EXPECT_EQ(follow_ups_->List(nullptr, {.status = "implemented"})->size(), 1u);
  EXPECT_EQ(follow_ups_->List(nullptr, {.region = "NOPE"}).status().code(), core::Code::kNotFound);
  auto plan_view = follow_ups_->GetPlan(nullptr, plan_id);
  ASSERT_TRUE(plan_view.ok());
  EXPECT_EQ(plan_view->actions.size(), 1u);
  EXPECT_EQ(plan_view->statuses.at("in-progress"), 1);
  EXPECT_EQ(plan_view->overdue, 1);
}

TEST_P(FollowUpService, ARegionalAdministratorGainsNoRightOverNationalData) {
  ASSERT_TRUE(regions_->Create(admin_, Mru()).ok());
  // NMJD administers the MRU: it may not write Guinea's own plan, nor Guinea's commitments...
  NewActionPlan gn_plan{"participant:GN", "Guinea's plan", {"controls"}, "2026-01-10", "",
                        "Decree"};
  EXPECT_EQ(follow_ups_->AddPlan(nmjd_, gn_plan).status().code(), core::Code::kPermissionDenied);
  auto plan = follow_ups_->AddPlan(gn_, gn_plan);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  auto action = follow_ups_->AddAction(
      gn_, plan->plan.id, {"controls", "Register buyers", "Ministry", "", "", "2027-01-10", ""});
  ASSERT_TRUE(action.ok()) << action.status().message();
  EXPECT_EQ(
      follow_ups_->SetStatus(nmjd_, action->item.id, {"implemented", "", "x"}).status().code(),
      core::Code::kPermissionDenied);
  EXPECT_FALSE(follow_ups_->Get(&nmjd_, action->item.id)->may_write);
  EXPECT_TRUE(follow_ups_->Get(&gn_, action->item.id)->may_write);
  // ... nor read Guinea's questionnaires (the review's own rules, by role).
  Review review(
      *db_, std::move(*NewReviewStore(*db_)), []() -> Result<Findings> { return Findings{}; },
      ReviewOptions{}, [this] { return today_; });
  EXPECT_EQ(review.Questionnaires(nmjd_, {.participant = "GN"}).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(review.ListFindings(nmjd_, {.participant = "GN"}).status().code(),
            core::Code::kPermissionDenied);
}

// Each step is public and any monitor may assess anything: one item keeps at most 200 steps.
TEST_P(FollowUpService, AnItemKeepsABoundedNumberOfSteps) {
  auto p = follow_ups_->AddPlan(admin_, {"kp", "KP plan", {"a"}, "2026-01-01", "", "Plenary"});
  ASSERT_TRUE(p.ok());
  auto a = follow_ups_->AddAction(admin_, p->plan.id, {"a", "x", "y", "", "", "2027-01-01", ""});
  ASSERT_TRUE(a.ok());
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(
        follow_ups_->Assess(zela_, a->item.id, {"in-progress", "", "s" + std::to_string(i)}).ok());
  }
  EXPECT_EQ(follow_ups_->Assess(zela_, a->item.id, {"in-progress", "", "one more"}).status().code(),
            core::Code::kFailedPrecondition);
  EXPECT_EQ(follow_ups_->Get(nullptr, a->item.id)->item.steps.size(), 200u);
}

TEST_P(FollowUpService, TheDatabaseRefusesToRewriteTheRecord) {
  ASSERT_TRUE(regions_->Create(admin_, Mru()).ok());
  auto p = follow_ups_->AddPlan(admin_,
                                {"kp", "KP plan", {"a"}, "2026-01-01", "", "Plenary communiqué"});
  ASSERT_TRUE(p.ok());
  auto a = follow_ups_->AddAction(admin_, p->plan.id, {"a", "x", "y", "", "", "2027-01-01", ""});
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(follow_ups_->SetStatus(admin_, a->item.id, {"in-progress", "", "s"}).ok());
  const std::vector<std::string> changes = {
      "UPDATE review_regions SET name = 'x'",
      "DELETE FROM review_regions",
      "UPDATE review_action_plans SET title = 'x'",
      "DELETE FROM review_action_plans",
      "UPDATE review_follow_ups SET text = 'x'",
      "DELETE FROM review_follow_ups",
      "UPDATE review_follow_up_steps SET value = 'implemented'",
      "DELETE FROM review_follow_up_steps"};
  testing::ExpectChangesRefused(GetParam(), (dir_ / "t.db").string(), url_, changes,
                                "review_follow_up_steps");
  EXPECT_EQ(follow_ups_->Get(nullptr, a->item.id)->state.status, "in-progress");
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, FollowUpService,
                         ::testing::ValuesIn(backends::SchemesFor(Schema())),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp::review
