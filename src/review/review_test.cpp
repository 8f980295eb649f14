#include "review/review.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <filesystem>

#include "append_only.h"
#include "backends/backends.h"
#include "crypto/crypto.h"
#include "pg_database.h"
#include "review/log_entries.h"
#include "review/peer_reviews.h"

namespace openkp::review {
namespace {

Finding MakeFinding(const std::string& id, const std::string& who, const std::string& numbers,
                    int64_t severity, const std::string& group = "") {
  Finding f;
  f.id = id;
  f.rule = "change";
  f.participants = {who};
  f.period = "2020-H2";
  f.figure = "production";
  f.message = who + " production changed";
  f.compared = {{"carats 2020-H2", numbers}};
  f.threshold = "50 %";
  f.sources = {"source #1 rows 2"};
  f.fingerprint = "fp-" + numbers;
  f.severity = severity;
  f.group = group.empty() ? id : group;
  return f;
}

// The service and its domain store on every storage backend this build has. The findings come
// from a source the test controls (in the product, the statistics service's rules).
class ReviewService : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("openkp-review-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "sqlite") url_ = backends::SqliteUrl((dir_ / "t.db").string());
    if (GetParam() == "postgresql") url_ = testing::FreshPostgresDatabase();
    ASSERT_FALSE(url_.empty()) << "no test URL for backend " << GetParam();
    auto db = backends::OpenDatabase(url_, {Schema()});
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    findings_.findings = {
        MakeFinding("f-bw", "BW", "100", 900), MakeFinding("f-za1", "ZA", "50", 500, "g-za"),
        MakeFinding("f-za2", "ZA", "40", 400, "g-za"), MakeFinding("f-cd", "CD", "10", 100)};
    Regroup();
    auto st = NewReviewStore(*db_);
    ASSERT_TRUE(st.ok());
    review_ = std::make_unique<Review>(
        *db_, std::move(*st), [this]() -> Result<Findings> { return findings_; }, ReviewOptions{},
        [this] { return today_; });
    analyst_.user = {1, "analyst", store::Role::kAnalyst, "", "", 0};
    admin_.user = {2, "admin", store::Role::kAdmin, "", "", 0};
    bw_.user = {3, "bw officer", store::Role::kOfficer, "BW", "", 0};
    za_.user = {4, "za officer", store::Role::kOfficer, "ZA", "", 0};
    monitor_.user = {5, "monitor", store::Role::kMonitor, "", "", 0};
  }
  void TearDown() override {
    review_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Groups as stats::GroupFindings makes them: in order of first appearance.
  void Regroup() {
    findings_.groups.clear();
    for (size_t i = 0; i < findings_.findings.size(); ++i) {
      const Finding& f = findings_.findings[i];
      auto it = std::find_if(findings_.groups.begin(), findings_.groups.end(),
                             [&](const FindingGroup& g) { return g.id == f.group; });
      if (it == findings_.groups.end()) {
        findings_.groups.push_back(
            {f.group, f.rule, f.participants, f.period, f.message, f.severity, {i}});
      } else {
        it->findings.push_back(i);
      }
    }
  }
  // Something else changes in the database, so that the review reads the findings again.
  void Touch() {
    ASSERT_TRUE(db_->Write([&](store::Txn& t) {
                     return db_->events().Append(t, {0, "test.touch", "", "", "", "", "{}"});
                   })
                    .ok());
  }
  std::string StateOf(const std::string& id) {
    auto f = review_->GetFinding(analyst_, id);
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? f->first.state : "";
  }
  int64_t Raise(const std::string& who, std::vector<std::string> ids, int due_in = 30) {
    auto q = review_->Raise(analyst_, {who, ids, today_.AddDays(due_in).ToString(), "", "Why?"});
    EXPECT_TRUE(q.ok()) << q.status().message();
    return q.ok() ? q->questionnaire.id : 0;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<store::Database> db_;
  Findings findings_;
  core::Date today_ = *core::Date::Parse("2026-11-28");
  std::unique_ptr<Review> review_;
  accounts::Principal analyst_, admin_, bw_, za_, monitor_;
};

TEST_P(ReviewService, FindingsAreRankedGroupedAndScopedPerRole) {
  auto all = review_->ListFindings(analyst_, {});
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->groups.size(), 3u);
  EXPECT_EQ(all->groups[0].group.id, "f-bw");
  EXPECT_EQ(all->groups[1].group.id, "g-za");
  EXPECT_EQ(all->groups[1].states.at("open"), 2);
  EXPECT_TRUE(all->groups[1].findings.empty());  // expanded only when asked
  EXPECT_EQ(all->total_findings, 4);
  auto one = review_->ListFindings(analyst_, {.group = std::string("g-za")});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->groups.at(0).findings.size(), 2u);
  EXPECT_EQ(review_->ListFindings(analyst_, {.group = std::string("nope")}).status().code(),
            core::Code::kNotFound);
  // An officer sees its own participant's, and is refused another's.
  auto own = review_->ListFindings(za_, {});
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->groups.size(), 1u);
  EXPECT_EQ(own->groups[0].group.id, "g-za");
  EXPECT_EQ(review_->ListFindings(za_, {.participant = std::string("BW")}).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(review_->GetFinding(za_, "f-bw").status().code(), core::Code::kNotFound);
  // A group's id is not a finding's: the answer says where its findings are, to whoever may see
  // them, and is the plain "no finding" to others.
  auto group = review_->GetFinding(za_, "g-za");
  EXPECT_EQ(group.status().code(), core::Code::kNotFound);
  EXPECT_EQ(group.status().message(),
            "g-za is a group of 2 findings, not a finding: GET /v1/findings?group=g-za lists them");
  EXPECT_EQ(review_->GetFinding(bw_, "g-za").status().message(),
            "no finding g-za (findings change as the data do)");
  EXPECT_EQ(review_->ListFindings(monitor_, {}).status().code(), core::Code::kPermissionDenied);
  // Paging and bad queries.
  auto page = review_->ListFindings(analyst_, {.limit = 1, .offset = 1});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->groups.size(), 1u);
  EXPECT_EQ(page->groups[0].group.id, "g-za");
  EXPECT_EQ(page->total_groups, 3);
  EXPECT_EQ(review_->ListFindings(analyst_, {.limit = 0}).status().field(), "limit");
  EXPECT_EQ(review_->ListFindings(analyst_, {.state = std::string("x")}).status().field(), "state");
}

// A group (a participant and a year) may hold a finding that names another participant too (a
// reported mirror): that participant's officer sees that finding only, and a summary of it alone.
TEST_P(ReviewService, GroupsShowEachCallerOnlyItsFindings) {
  Finding mirror = MakeFinding("f-bw-za", "BW", "7", 800, "f-bw");
  mirror.participants = {"BW", "ZA"};
  mirror.rule = "mirror-reported";
  mirror.message = "BW exports to ZA differ from ZA's imports";
  findings_.findings.insert(findings_.findings.begin() + 1, mirror);
  Regroup();
  auto za = review_->ListFindings(za_, {});
  ASSERT_TRUE(za.ok()) << za.status().message();
  ASSERT_EQ(za->groups.size(), 2u);
  const TrackedGroup& shared = za->groups[0];
  EXPECT_EQ(shared.group.id, "f-bw");
  EXPECT_EQ(shared.group.findings.size(), 1u);
  EXPECT_EQ(shared.group.message, mirror.message);
  EXPECT_EQ(shared.group.rule, "mirror-reported");
  EXPECT_EQ(shared.group.severity, 800);
  EXPECT_EQ(za->total_findings, 3);
  auto opened = review_->ListFindings(za_, {.group = std::string("f-bw")});
  ASSERT_TRUE(opened.ok());
  ASSERT_EQ(opened->groups[0].findings.size(), 1u);
  EXPECT_EQ(opened->groups[0].findings[0].finding.id, "f-bw-za");
  // BW's officer and the analyst see the whole group; a rule filter narrows it.
  auto bw = review_->ListFindings(bw_, {});
  ASSERT_TRUE(bw.ok());
  EXPECT_EQ(bw->groups.at(0).group.findings.size(), 2u);
  auto mirrors = review_->ListFindings(analyst_, {.rule = std::string("mirror-reported")});
  ASSERT_TRUE(mirrors.ok());
  ASSERT_EQ(mirrors->groups.size(), 1u);
  EXPECT_EQ(mirrors->total_findings, 1);
}

TEST_P(ReviewService, RollUpsListTheirCertificates) {
  Finding rollup = MakeFinding("f-roll", "ZA", "3", 300, "g-za");
  rollup.rule = "confirmation-overdue";
  rollup.period = "2026";
  rollup.certificates = 2;
  findings_.findings.push_back(rollup);
  Regroup();
  EXPECT_EQ(review_->RollUpCertificates(za_, "f-roll", 10, 0).status().code(),
            core::Code::kInternal);  // composed without a lister
  std::string asked;
  review_->SetCertificateLister([&asked](const Finding& f) -> Result<std::vector<Finding>> {
    asked = f.id;
    return std::vector<Finding>{MakeFinding("c1", "ZA", "1", 20, f.group),
                                MakeFinding("c2", "ZA", "2", 10, f.group)};
  });
  auto page = review_->RollUpCertificates(za_, "f-roll", 1, 1);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(asked, "f-roll");
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->findings.size(), 1u);
  EXPECT_EQ(page->findings[0].id, "c2");
  EXPECT_EQ(review_->RollUpCertificates(bw_, "f-roll", 10, 0).status().code(),
            core::Code::kNotFound);
  EXPECT_EQ(review_->RollUpCertificates(analyst_, "f-za1", 10, 0).status().code(),
            core::Code::kInvalidArgument);  // not a roll-up
  EXPECT_EQ(review_->RollUpCertificates(analyst_, "f-roll", 0, 0).status().field(), "limit");
  EXPECT_EQ(review_->RollUpCertificates(monitor_, "f-roll", 10, 0).status().code(),
            core::Code::kPermissionDenied);
}

TEST_P(ReviewService, TriageKeepsItsStateUntilTheNumbersChange) {
  EXPECT_EQ(review_->Triage(analyst_, "f-bw", "dismiss", "").status().field(), "note");
  EXPECT_EQ(review_->Triage(analyst_, "f-bw", "ignore", "x").status().field(), "action");
  EXPECT_EQ(review_->Triage(bw_, "f-bw", "explain", "x").status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(review_->Triage(analyst_, "nope", "explain", "x").status().code(),
            core::Code::kNotFound);
  auto r = review_->Triage(analyst_, "f-bw", "explain", "mine closed in 2020");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(StateOf("f-bw"), "explained");
  EXPECT_EQ(review_->Triage(analyst_, "f-bw", "explain", "again").status().code(),
            core::Code::kFailedPrecondition);
  // The officer sees the state, not the analysts' note.
  auto seen = review_->GetFinding(bw_, "f-bw");
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->first.state, "explained");
  EXPECT_TRUE(seen->first.latest->note.empty());
  EXPECT_TRUE(seen->second.at(0).note.empty());
  // Re-running the rules with the same numbers keeps it; a revision reopens it.
  Touch();
  EXPECT_EQ(StateOf("f-bw"), "explained");
  findings_.findings[0] = MakeFinding("f-bw", "BW", "120", 900);
  Touch();
  auto reopened = review_->GetFinding(analyst_, "f-bw");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->first.state, "reopened");
  EXPECT_TRUE(reopened->first.numbers_changed);
  EXPECT_EQ(reopened->first.latest->note, "mine closed in 2020");  // the note stays
  // A group is triaged as a whole; reopening brings it back.
  auto g = review_->Triage(analyst_, "g-za", "dismiss", "small volumes");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->size(), 2u);
  EXPECT_EQ(StateOf("f-za2"), "dismissed");
  ASSERT_TRUE(review_->Triage(analyst_, "f-za2", "reopen", "").ok());
  EXPECT_EQ(StateOf("f-za2"), "open");
  auto hist = review_->GetFinding(analyst_, "f-za2");
  ASSERT_TRUE(hist.ok());
  EXPECT_EQ(hist->second.size(), 2u);
  auto open = review_->ListFindings(analyst_, {.state = std::string("open")});
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->total_groups, 2);  // f-cd, and g-za (mixed: one open)
}

TEST_P(ReviewService, QuestionnaireWorkflow) {
  // Raising checks its findings and dates.
  EXPECT_EQ(review_->Raise(bw_, {"BW", {"f-bw"}, "2026-12-30", "", ""}).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(review_->Raise(analyst_, {"BW", {"f-za1"}, "2026-12-30", "", ""}).status().rule(),
            "participant");
  EXPECT_EQ(review_->Raise(analyst_, {"BW", {"f-bw"}, "2026-11-28", "", ""}).status().field(),
            "due_on");
  EXPECT_EQ(review_->Raise(analyst_, {"BW", {}, "2026-12-30", "", ""}).status().field(),
            "findings");
  EXPECT_EQ(review_->Raise(analyst_, {"BW", {"zz"}, "2026-12-30", "", ""}).status().field(),
            "findings[0]");
  const int64_t q = Raise("ZA", {"g-za"});
  ASSERT_NE(q, 0);
  EXPECT_EQ(StateOf("f-za1"), "questioned");
  EXPECT_EQ(review_->Triage(analyst_, "f-za1", "dismiss", "x").status().code(),
            core::Code::kFailedPrecondition);
  EXPECT_EQ(review_->Raise(analyst_, {"ZA", {"f-za1"}, "2026-12-30", "", ""}).status().code(),
            core::Code::kFailedPrecondition);  // already questioned
  auto view = review_->GetQuestionnaire(za_, q);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->state, "awaiting-answer");
  EXPECT_EQ(view->questionnaire.findings.size(), 2u);
  EXPECT_EQ(view->questionnaire.findings[0].compared[0].second, "50");
  EXPECT_EQ(review_->GetQuestionnaire(bw_, q).status().code(), core::Code::kNotFound);
  EXPECT_EQ(review_->Answer(bw_, q, "not ours").status().code(), core::Code::kNotFound);
  EXPECT_EQ(review_->Answer(analyst_, q, "x").status().code(), core::Code::kPermissionDenied);
  EXPECT_EQ(review_->Answer(za_, q, " \n").status().field(), "text");
  EXPECT_EQ(review_->Decide(analyst_, q, "accept", "").status().code(),
            core::Code::kFailedPrecondition);  // no answer yet
  // Answer, clarification, answer again, accept.
  auto a = review_->Answer(za_, q, "A new pit opened.\nSee the note.");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->state, "answered");
  EXPECT_EQ(review_->Answer(za_, q, "more").status().code(), core::Code::kFailedPrecondition);
  EXPECT_EQ(review_->Decide(analyst_, q, "clarify", "").status().field(), "note");
  EXPECT_EQ(review_->Decide(analyst_, q, "clarify", "Which pit?").status().field(), "due_on");
  EXPECT_EQ(review_->Decide(analyst_, q, "accept", "", "2026-12-30").status().field(), "due_on");
  auto c = review_->Decide(analyst_, q, "clarify", "Which pit?", "2026-12-10");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->state, "awaiting-answer");
  EXPECT_TRUE(c->clarification);
  EXPECT_EQ(c->due_on, "2026-12-10");
  EXPECT_EQ(c->questionnaire.due_on, "2026-12-28");  // the first due date stays on record
  EXPECT_NE(c->questionnaire.steps.back().document.find("\"due_on\":\"2026-12-10\""),
            std::string::npos);
  ASSERT_TRUE(review_->Answer(za_, q, "Pit 4.").ok());
  auto done = review_->Decide(analyst_, q, "accept", "");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, "closed");
  EXPECT_EQ(done->questionnaire.steps.size(), 5u);
  EXPECT_EQ(StateOf("f-za1"), "explained");
  EXPECT_EQ(review_->Answer(za_, q, "late").status().code(), core::Code::kFailedPrecondition);
  // Lists per role.
  auto mine = review_->Questionnaires(za_, {});
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 1u);
  auto theirs = review_->Questionnaires(bw_, {});
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  EXPECT_EQ(review_->Questionnaires(monitor_, {}).status().code(), core::Code::kPermissionDenied);
  // Every step is a logged event whose public part holds no text.
  auto events = ReadValue(*db_, [&](store::Txn& t) { return db_->events().List(t, 0, 100); });
  ASSERT_TRUE(events.ok());
  int steps = 0;
  for (const auto& e : *events) {
    if (e.kind.rfind("review.questionnaire.", 0) != 0) continue;
    ++steps;
    EXPECT_EQ(e.payload.find("pit"), std::string::npos) << e.payload;
    EXPECT_EQ(e.payload.find("ZA"), std::string::npos) << e.payload;
  }
  EXPECT_EQ(steps, 5);
  auto kinds = LogEntryKinds();
  for (const auto& e : *events) {
    if (e.kind.rfind("review.", 0) == 0) {
      EXPECT_NE(kinds.Find(e.kind), nullptr) << e.kind;
    }
  }
}

TEST_P(ReviewService, OverdueQuestionnairesAreEscalatedOrListed) {
  const int64_t q = Raise("BW", {"f-bw"}, 10);
  EXPECT_EQ(review_->ListAsNonRespondent(admin_, q).status().code(),
            core::Code::kFailedPrecondition);  // not overdue yet
  EXPECT_EQ(review_->Decide(analyst_, q, "escalate", "no answer").status().code(),
            core::Code::kFailedPrecondition);
  today_ = today_.AddDays(11);
  auto overdue = review_->Questionnaires(analyst_, {.overdue_only = true});
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ(overdue->at(0).days_overdue, 1);
  EXPECT_EQ(review_->ListAsNonRespondent(analyst_, q).status().code(),
            core::Code::kPermissionDenied);
  auto listed = review_->ListAsNonRespondent(admin_, q);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  EXPECT_TRUE(listed->listed);
  EXPECT_EQ(review_->ListAsNonRespondent(admin_, q).status().code(),
            core::Code::kFailedPrecondition);
  auto public_list = review_->NonRespondents();
  ASSERT_TRUE(public_list.ok());
  ASSERT_EQ(public_list->size(), 1u);
  EXPECT_EQ(public_list->at(0).participant, "BW");
  EXPECT_EQ(public_list->at(0).listed_on, today_.ToString());
  auto esc = review_->Decide(analyst_, q, "escalate", "refer to the monitoring working group");
  ASSERT_TRUE(esc.ok());
  EXPECT_EQ(esc->state, "escalated");
  EXPECT_EQ(StateOf("f-bw"), "escalated");
}

TEST_P(ReviewService, AnotherParticipantsQuestionnaireStaysHidden) {
  // A finding about certificates between BW and ZA, questioned with ZA only.
  Finding pair = MakeFinding("f-pair", "BW", "7", 50);
  pair.participants = {"BW", "ZA"};
  findings_.findings.push_back(pair);
  Regroup();
  Touch();
  const int64_t q = Raise("ZA", {"f-pair"});
  ASSERT_NE(q, 0);
  auto za = review_->GetFinding(za_, "f-pair");
  ASSERT_TRUE(za.ok());
  EXPECT_EQ(za->first.state, "questioned");
  EXPECT_EQ(za->first.latest->questionnaire_id, q);
  auto bw = review_->GetFinding(bw_, "f-pair");
  ASSERT_TRUE(bw.ok());
  EXPECT_EQ(bw->first.state, "open");
  EXPECT_FALSE(bw->first.latest.has_value());
  EXPECT_TRUE(bw->second.empty());
  auto listed = review_->ListFindings(bw_, {.state = std::string("questioned")});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->total_groups, 0);
  // Its outcome too: accepted, the finding is explained for ZA and still open for BW.
  ASSERT_TRUE(review_->Answer(za_, q, "ours").ok());
  ASSERT_TRUE(review_->Decide(analyst_, q, "accept", "").ok());
  EXPECT_EQ(review_->GetFinding(bw_, "f-pair")->first.state, "open");
  EXPECT_EQ(review_->GetFinding(za_, "f-pair")->first.state, "explained");
}

TEST_P(ReviewService, ClarificationSetsANewDueDateAndTheListShowsLateAnswers) {
  const int64_t q = Raise("BW", {"f-bw"}, 10);
  ASSERT_TRUE(review_->Answer(bw_, q, "first answer").ok());
  today_ = today_.AddDays(15);  // past the first due date, answered in time
  auto c = review_->Decide(analyst_, q, "clarify", "Which mine?", today_.AddDays(10).ToString());
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_FALSE(c->overdue);
  EXPECT_EQ(review_->ListAsNonRespondent(admin_, q).status().code(),
            core::Code::kFailedPrecondition);
  today_ = today_.AddDays(11);
  ASSERT_TRUE(review_->ListAsNonRespondent(admin_, q).ok());
  auto before = review_->NonRespondents();
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ(before->at(0).due_on, today_.AddDays(-1).ToString());
  EXPECT_TRUE(before->at(0).answered_on.empty());
  ASSERT_TRUE(review_->Answer(bw_, q, "late answer").ok());
  EXPECT_EQ(review_->NonRespondents()->at(0).answered_on, today_.ToString());
}

TEST_P(ReviewService, AQuestionedFindingStaysQuestionedWhenItsNumbersChange) {
  const int64_t q = Raise("BW", {"f-bw"});
  findings_.findings[0] = MakeFinding("f-bw", "BW", "999", 900);  // revised meanwhile
  Touch();
  EXPECT_EQ(StateOf("f-bw"), "questioned");
  EXPECT_EQ(review_->Triage(analyst_, "f-bw", "dismiss", "x").status().code(),
            core::Code::kFailedPrecondition);
  ASSERT_TRUE(review_->Answer(bw_, q, "revised").ok());
  ASSERT_TRUE(review_->Decide(analyst_, q, "accept", "").ok());
  // Accepted for the numbers asked about; the numbers have changed since: open again.
  EXPECT_EQ(StateOf("f-bw"), "reopened");
}

TEST_P(ReviewService, DocumentsAreCheckedAndKept) {
  const int64_t q = Raise("ZA", {"f-za1"});
  const std::string pdf = "%PDF-1.4\n...";
  EXPECT_EQ(
      review_->AddDocument(za_, q, "note.pdf", "application/x-msdownload", "MZ").status().rule(),
      "media-type");
  EXPECT_EQ(review_->AddDocument(za_, q, "note.pdf", "application/pdf", "<html>").status().rule(),
            "content");
  EXPECT_EQ(review_->AddDocument(za_, q, "../x.pdf", "application/pdf", pdf).status().rule(),
            "file-name");
  EXPECT_EQ(
      review_->AddDocument(za_, q, "t.txt", "text/plain", std::string("a\0b", 3)).status().rule(),
      "content");
  EXPECT_EQ(review_->AddDocument(za_, q, "big.txt", "text/plain", std::string(10 << 20 | 1, 'a'))
                .status()
                .code(),
            core::Code::kPayloadTooLarge);
  EXPECT_EQ(review_->AddDocument(bw_, q, "n.pdf", "application/pdf", pdf).status().code(),
            core::Code::kNotFound);
  auto d = review_->AddDocument(za_, q, "note.pdf", "application/pdf", pdf);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(review_->AddDocument(za_, q, "note.pdf", "application/pdf", pdf).status().code(),
            core::Code::kAlreadyExists);
  ASSERT_TRUE(review_->AddDocument(za_, q, "figures.csv", "text/csv", "a,b\r\n1,2\r\n").ok());
  auto got = review_->GetDocument(analyst_, q, d->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->bytes, pdf);
  EXPECT_EQ(review_->GetDocument(bw_, q, d->id).status().code(), core::Code::kNotFound);
  auto a = review_->Answer(za_, q, "see the note");
  ASSERT_TRUE(a.ok());
  // The answer's document names the files by hash; no more files after it.
  EXPECT_NE(a->questionnaire.steps.back().document.find(d->sha256), std::string::npos);
  EXPECT_EQ(review_->AddDocument(za_, q, "late.pdf", "application/pdf", pdf).status().code(),
            core::Code::kFailedPrecondition);
}

TEST_P(ReviewService, TheDatabaseRefusesToRewriteTheRecord) {
  const int64_t q = Raise("ZA", {"f-za1"});
  ASSERT_TRUE(review_->AddDocument(za_, q, "n.txt", "text/plain", "x").ok());
  ASSERT_TRUE(review_->Answer(za_, q, "x").ok());
  const std::vector<std::string> changes = {
      "UPDATE review_triage SET note = 'x'",
      "DELETE FROM review_triage",
      "UPDATE review_questionnaires SET due_on = '2030-01-01'",
      "DELETE FROM review_questionnaires",
      "UPDATE review_questionnaire_findings SET message = ''",
      "DELETE FROM review_questionnaire_findings",
      "UPDATE review_steps SET text = 'x'",
      "DELETE FROM review_steps",
      "UPDATE review_documents SET bytes = 'x'",
      "DELETE FROM review_documents"};
  testing::ExpectChangesRefused(GetParam(), (dir_ / "t.db").string(), url_, changes,
                                "review_questionnaires");
  auto kept = review_->GetQuestionnaire(analyst_, q);
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_EQ(kept->questionnaire.steps.size(), 2u);
  EXPECT_EQ(kept->questionnaire.documents.size(), 1u);
}

// Peer reviews: visits and missions, civil-society input, recommendations followed to the end.
TEST_P(ReviewService, PeerReviewFromPlanToFollowUp) {
  for (const auto& [code, name] :
       std::vector<std::pair<std::string, std::string>>{{"SL", "Sierra Leone"}, {"GN", "Guinea"}}) {
    ASSERT_TRUE(db_->Write([&](store::Txn& t) {
                     return db_->registry().UpsertParticipant(t, {code, name, "Ministry"});
                   })
                    .ok());
  }
  accounts::Accounts accounts(*db_);
  accounts::Principal lead{accounts.AddUser("Lead reviewer", store::Role::kReviewer, "")->user};
  accounts::Principal outsider{
      accounts.AddUser("Other reviewer", store::Role::kReviewer, "")->user};
  accounts::Principal cso{accounts.AddUser("NMJD monitor", store::Role::kMonitor, "")->user};
  accounts::Principal cso2{accounts.AddUser("Other monitor", store::Role::kMonitor, "")->user};
  accounts::Principal sl{accounts.AddUser("SL officer", store::Role::kOfficer, "SL")->user};
  admin_.user = accounts.AddUser("Admin", store::Role::kAdmin, "")->user;
  PeerReviews pr(*db_, std::move(*NewReviewStore(*db_)), [this] { return today_; });
  NewPeerReview n{"SL",
                  "review-visit",
                  "Review visit to Sierra Leone",
                  "Terms: Kono and Tongo",
                  "2026-12-01",
                  "2026-12-10",
                  {{"Lead reviewer", "government", "lead", lead.user.id},
                   {"NMJD observer", "civil-society", "observer", 0},
                   {"Other reviewer", "industry", "observer", outsider.user.id}}};
  EXPECT_EQ(pr.Create(lead, n).status().code(), core::Code::kPermissionDenied);
  auto bad = n;
  bad.type = "holiday";
  EXPECT_EQ(pr.Create(admin_, bad).status().field(), "type");
  bad = n;
  bad.team[0].role = "member";
  EXPECT_EQ(pr.Create(admin_, bad).status().rule(), "lead");
  bad = n;
  bad.team[0].user_id = cso.user.id;
  EXPECT_EQ(pr.Create(admin_, bad).status().rule(), "reviewer");
  bad = n;
  bad.participant = "XX";
  EXPECT_EQ(pr.Create(admin_, bad).status().rule(), "participant");
  auto r = pr.Create(admin_, n);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(CurrentStage(*r), "planned");
  const int64_t id = r->id;

  // Input: hidden sources stay hidden from the participant and the public.
  auto in1 = pr.SubmitInput(
      cso, id,
      {"Security guards beat diggers at Kono", "team-and-participant", true, {17}, {"SL-KON-001"}});
  ASSERT_TRUE(in1.ok()) << in1.status().message();
  ASSERT_TRUE(pr.SubmitInput(cso, id, {"Community meeting minutes", "public", false, {}, {}}).ok());
  ASSERT_TRUE(pr.SubmitInput(cso, id, {"Names of witnesses", "team", false, {}, {}}).ok());
  EXPECT_EQ(pr.SubmitInput(sl, id, {"x", "public", false, {}, {}}).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(pr.SubmitInput(cso, id, {"x", "everyone", false, {}, {}}).status().field(),
            "visibility");
  EXPECT_EQ(pr.SubmitInput(cso, id, {"x", "public", false, {}, {"../etc"}}).status().field(),
            "sites");
  EXPECT_EQ(pr.Inputs(&lead, id)->size(), 3u);
  auto for_sl = pr.Inputs(&sl, id);
  ASSERT_EQ(for_sl->size(), 2u);
  EXPECT_TRUE(for_sl->at(0).contributor.empty());  // hidden source
  EXPECT_TRUE(for_sl->at(0).incidents.empty());    // its links could name its organisation
  EXPECT_TRUE(for_sl->at(0).sites.empty());
  EXPECT_EQ(pr.Inputs(&cso, id)->at(0).incidents, std::vector<int64_t>{17});
  EXPECT_EQ(for_sl->at(1).contributor, "NMJD monitor");
  auto for_public = pr.Inputs(nullptr, id);
  ASSERT_EQ(for_public->size(), 1u);
  EXPECT_EQ(for_public->at(0).text, "Community meeting minutes");
  EXPECT_EQ(pr.Inputs(&cso2, id)->size(), 1u);
  EXPECT_EQ(pr.Inputs(&cso, id)->size(), 3u);  // its own
  // Documents with an input: by its contributor, checked by content, hidden with a hidden source.
  const std::string pdf = "%PDF-1.4 minutes of the Kono meeting";
  auto doc = pr.AddInputDocument(cso, in1->id, "kono.pdf", "application/pdf", pdf);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(doc->bytes.empty());
  EXPECT_EQ(doc->sha256, crypto::Sha256Hex(pdf));
  EXPECT_EQ(pr.AddInputDocument(cso2, in1->id, "x.pdf", "application/pdf", pdf).status().code(),
            core::Code::kPermissionDenied);  // another monitor's input
  EXPECT_EQ(pr.AddInputDocument(sl, in1->id, "x.pdf", "application/pdf", pdf).status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(pr.AddInputDocument(cso, in1->id, "kono.pdf", "application/pdf", pdf).status().code(),
            core::Code::kAlreadyExists);
  EXPECT_EQ(pr.AddInputDocument(cso, in1->id, "a.png", "image/png", pdf).status().field(), "body");
  EXPECT_EQ(pr.AddInputDocument(cso, in1->id, "a.bat", "text/plain", "x").status().rule(),
            "extension");
  for (const char* look_alike :
       {"kono.pdf ", "kono\xC2\xA0.pdf", "ko\xE3\x85\xA4no.pdf", "cafe\xCC\x81.pdf",
        "a\xE2\x80\xA8"
        "b.pdf"}) {
    EXPECT_EQ(pr.AddInputDocument(cso, in1->id, look_alike, "application/pdf", pdf).status().rule(),
              "file-name")
        << look_alike;
  }
  EXPECT_EQ(
      pr.AddInputDocument(cso, in1->id, "a.exe", "application/x-msdownload", "MZ").status().field(),
      "content_type");
  EXPECT_EQ(pr.AddInputDocument(cso, in1->id, "../a.pdf", "application/pdf", pdf).status().field(),
            "name");
  EXPECT_EQ(
      pr.AddInputDocument(cso, in1->id, "big.txt", "text/plain", std::string((10 << 20) + 1, 'a'))
          .status()
          .code(),
      core::Code::kPayloadTooLarge);
  ASSERT_EQ(pr.Inputs(&lead, id)->at(0).documents.size(), 1u);
  EXPECT_EQ(pr.Inputs(&lead, id)->at(0).documents[0].uploaded_by, "NMJD monitor");
  EXPECT_TRUE(pr.Inputs(&sl, id)->at(0).documents.empty());  // the source is hidden from SL
  auto got = pr.GetInputDocument(&lead, in1->id, doc->id);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->bytes, pdf);
  EXPECT_EQ(pr.GetInputDocument(&sl, in1->id, doc->id).status().code(), core::Code::kNotFound);
  EXPECT_EQ(pr.GetInputDocument(nullptr, in1->id, doc->id).status().code(), core::Code::kNotFound);
  EXPECT_EQ(pr.GetInputDocument(&cso, in1->id, doc->id + 1).status().code(), core::Code::kNotFound);
  // A public input's document is public, without its uploader's name... which the input names.
  const int64_t minutes = pr.Inputs(&lead, id)->at(1).id;
  auto shared = pr.AddInputDocument(cso, minutes, "minutes.txt", "text/plain", "Minutes\n");
  ASSERT_TRUE(shared.ok()) << shared.status().message();
  auto anyone = pr.GetInputDocument(nullptr, minutes, shared->id);
  ASSERT_TRUE(anyone.ok()) << anyone.status().message();
  EXPECT_EQ(anyone->bytes, "Minutes\n");
  EXPECT_TRUE(anyone->uploaded_by.empty());

  // The team says how it used an input; its contributor reads it, the participant does not.
  EXPECT_EQ(pr.RecordUse(outsider, in1->id, "x").status().code(), core::Code::kPermissionDenied);
  ASSERT_TRUE(
      pr.RecordUse(lead, in1->id, "Raised with the police in Koidu; see recommendation 1").ok());
  EXPECT_EQ(pr.Inputs(&cso, id)->at(0).uses.size(), 1u);
  EXPECT_TRUE(pr.Inputs(&sl, id)->at(0).uses.empty());

  // Stages one at a time, by the team; recommendations from the draft.
  EXPECT_EQ(pr.Advance(lead, id, "draft", "").status().code(), core::Code::kFailedPrecondition);
  EXPECT_EQ(pr.Advance(outsider, id, "terms-agreed", "").status().code(),
            core::Code::kPermissionDenied);
  EXPECT_EQ(pr.Advance(lead, id, "holiday", "").status().field(), "stage");
  ASSERT_TRUE(pr.Advance(lead, id, "terms-agreed", "Agreed with the ministry").ok());
  ASSERT_TRUE(pr.Advance(lead, id, "fieldwork", "").ok());
  NewRecommendation rn{
      "3.1",       "Train security staff on human rights", "Ministry of Mines", "VI(1)", 4, 0,
      "2027-06-30"};
  EXPECT_EQ(pr.AddRecommendation(lead, id, rn).status().code(), core::Code::kFailedPrecondition);
  ASSERT_TRUE(pr.Advance(lead, id, "draft", "").ok());
  EXPECT_EQ(pr.AddRecommendation(sl, id, rn).status().code(), core::Code::kPermissionDenied);
  auto bad_rec = rn;
  bad_rec.specificity = 9;
  EXPECT_EQ(pr.AddRecommendation(lead, id, bad_rec).status().field(), "specificity");
  auto rec = pr.AddRecommendation(lead, id, rn);
  ASSERT_TRUE(rec.ok()) << rec.status().message();
  const int64_t rid = rec->recommendation.id;
  EXPECT_EQ(pr.AddRecommendation(lead, id, rn).status().code(), core::Code::kAlreadyExists);
  EXPECT_FALSE(rec->recommendation.document.empty());
  EXPECT_EQ(rec->status, "not-started");
  // Not public before the final report; the participant sees it and responds.
  EXPECT_TRUE(pr.Recommendations(nullptr, {})->empty());
  EXPECT_EQ(pr.Recommendations(&sl, {})->size(), 1u);
  EXPECT_EQ(pr.Respond(lead, rid, "accepted", "").status().code(), core::Code::kPermissionDenied);
  EXPECT_EQ(pr.Respond(sl, rid, "maybe", "").status().field(), "response");
  ASSERT_TRUE(pr.Respond(sl, rid, "accepted", "Training planned for 2027").ok());
  EXPECT_EQ(pr.SetStatus(sl, rid, "in-progress", "", "").status().field(), "source");
  auto st = pr.SetStatus(sl, rid, "in-progress", "First course held", "Ministry letter 2027-01");
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->response, "accepted");
  EXPECT_EQ(st->status, "in-progress");
  EXPECT_EQ(pr.Assess(cso2, rid, "not-started", "", "visit").status().code(),
            core::Code::kNotFound);  // not public yet
  ASSERT_TRUE(pr.Advance(lead, id, "participant-comments", "").ok());
  EXPECT_EQ(pr.Advance(lead, id, "final", "").status().field(), "note");
  ASSERT_TRUE(pr.Advance(lead, id, "final", "Final report: ...").ok());
  EXPECT_EQ(pr.AddInputDocument(cso, minutes, "late.txt", "text/plain", "late\n").status().code(),
            core::Code::kFailedPrecondition);  // no more input after the final report
  EXPECT_EQ(pr.SubmitInput(cso, id, {"late", "public", false, {}, {}}).status().code(),
            core::Code::kFailedPrecondition);
  // Public now; civil society records its own assessment beside the participant's.
  ASSERT_EQ(pr.Recommendations(nullptr, {})->size(), 1u);
  auto cs = pr.Assess(cso2, rid, "not-started", "No course seen in Kono", "Field visit 2027-02");
  ASSERT_TRUE(cs.ok()) << cs.status().message();
  EXPECT_EQ(cs->civil_society, "not-started");
  // The participant reads the assessment, not which monitor made it.
  for (const auto& step : pr.GetRecommendation(&sl, rid)->recommendation.steps) {
    if (step.kind == "civil-society") {
      EXPECT_TRUE(step.actor.empty());
    }
  }
  EXPECT_EQ(cs->status, "in-progress");
  auto pub = pr.Get(nullptr, id);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->stages.back().note, "Final report: ...");
  EXPECT_TRUE(pub->stages[1].note.empty());  // other notes stay with the team and participant
  // Follow-up: overdue after its due date until a progress report sets the next one.
  today_ = *core::Date::Parse("2027-07-01");
  auto overdue = pr.Recommendations(&lead, {.overdue_only = true});
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ(
      pr.ReportProgress(sl, rid, "Two courses held", "Progress report 2027", "").status().field(),
      "next_due_on");  // no dodging the follow-up
  ASSERT_TRUE(
      pr.ReportProgress(sl, rid, "Two courses held", "Progress report 2027", "2028-06-30").ok());
  EXPECT_TRUE(pr.Recommendations(&lead, {.overdue_only = true})->empty());
  // A later review repeats it; a recommendation of another participant cannot be repeated.
  ASSERT_TRUE(pr.Advance(lead, id, "decided", "").ok());
  ASSERT_TRUE(pr.Advance(lead, id, "closed", "").ok());
  EXPECT_EQ(pr.Advance(lead, id, "closed", "").status().code(), core::Code::kFailedPrecondition);
  auto later = n;
  later.starts_on = "2028-01-01";
  later.ends_on = "2028-01-05";
  auto r2 = pr.Create(admin_, later);
  ASSERT_TRUE(r2.ok());
  for (const char* s : {"terms-agreed", "fieldwork", "draft"}) {
    ASSERT_TRUE(pr.Advance(lead, r2->id, s, "").ok());
  }
  auto again = rn;
  again.repeats = rid;
  again.follow_up_due_on = "2028-06-30";
  auto rep = pr.AddRecommendation(lead, r2->id, again);
  ASSERT_TRUE(rep.ok()) << rep.status().message();
  EXPECT_EQ(rep->recommendation.repeats, rid);
  auto gn = n;
  gn.participant = "GN";
  auto r3 = pr.Create(admin_, gn);
  for (const char* s : {"terms-agreed", "fieldwork", "draft"}) {
    ASSERT_TRUE(pr.Advance(lead, r3->id, s, "").ok());
  }
  EXPECT_EQ(pr.AddRecommendation(lead, r3->id, again).status().field(), "repeats");
  // Every step is a logged kind; the log holds no text and no contributor.
  auto events = ReadValue(*db_, [&](store::Txn& t) { return db_->events().List(t, 0, 1000); });
  auto kinds = LogEntryKinds();
  int inputs = 0;
  for (const auto& e : *events) {
    if (e.kind.rfind("review.", 0) != 0) continue;
    EXPECT_NE(kinds.Find(e.kind), nullptr) << e.kind;
    EXPECT_EQ(e.payload.find("Kono"), std::string::npos) << e.payload;
    EXPECT_EQ(e.payload.find("NMJD"), std::string::npos) << e.payload;
    inputs += e.kind == "review.input.received";
    // The logged hash is the stored document's.
    if (e.kind == "review.recommendation.added" &&
        e.payload.find("\"recommendation\":" + std::to_string(rid) + ",") != std::string::npos) {
      EXPECT_NE(e.payload.find(crypto::Sha256Hex(rec->recommendation.document)), std::string::npos);
    }
  }
  EXPECT_EQ(inputs, 3);
  std::vector<std::string> changes = {"UPDATE review_stages SET note = 'x'",
                                      "UPDATE review_input_documents SET bytes = 'x'"};
  for (const char* table :
       {"review_peer_reviews", "review_team", "review_stages", "review_inputs", "review_input_uses",
        "review_input_documents", "review_recommendations", "review_recommendation_steps"}) {
    changes.push_back(std::string("DELETE FROM ") + table);
  }
  if (GetParam() == "sqlite") {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "t.db").string().c_str(), &raw), SQLITE_OK);
    for (const std::string& sql : changes) {
      EXPECT_NE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    }
    sqlite3_close(raw);
  }
  if (GetParam() == "postgresql") {
    for (const std::string& sql : changes)
      EXPECT_EQ(testing::PostgresSqlState(url_, sql), "23000") << sql;
    EXPECT_EQ(testing::PostgresSqlState(url_, "TRUNCATE review_peer_reviews CASCADE"), "23000");
  }
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, ReviewService,
                         ::testing::ValuesIn(backends::SchemesFor(Schema())),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp::review
