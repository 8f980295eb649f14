// Peer review, the statistics part (the KP Working Group on Statistics' practice): anomaly
// findings that a working group can work through, and Data Anomaly Questionnaires to the
// participants. docs/REVIEW.md is the user's guide.
//
//   review::Review rv(db, std::move(*review::NewReviewStore(db)), source, today);
//   auto page = rv.ListFindings(analyst, {.participant = "BW"});       // ranked groups
//   rv.Triage(analyst, finding_id, "explain", "mine closed in 2020");  // a note that stays
//   auto q = rv.Raise(analyst, {.participant = "BW", .findings = {id}, .due_on = "2027-01-31"});
//   rv.Answer(bw_officer, q->questionnaire.id, "Figures revised: see the attached note");
//   rv.Decide(analyst, q->questionnaire.id, "accept", "");
//
// Findings come from the statistics service through a FindingSource (services do not use each
// other; apps/review_source.cpp adapts it). The service keeps what people decided: every triage
// and every questionnaire step is appended with who, when and why, never changed; a finding's
// state is its latest decision while its numbers are unchanged, and "reopened" once a revision
// changes them. Questionnaire steps are committed to the transparency log (their SHA-256), so
// that anyone holding a questionnaire and its answer can prove they are the ones exchanged.
//
// Who may do what: analysts (role analyst) and admins see every finding and questionnaire,
// triage, raise and decide; a participant's officers see the findings that involve their
// participant (not the analysts' notes) and its questionnaires, answer them and attach
// documents; only admins publish a participant among the non-respondents, which anyone reads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/date.h"
#include "review/records.h"
#include "review/review_store.h"

namespace openkp::review {

// The anomaly findings as they are now (most severe first), with their groups.
using FindingSource = std::function<Result<Findings>()>;
// The certificates' own findings of a roll-up (stats::CertificateFindings), most severe first.
using CertificateLister = std::function<Result<std::vector<Finding>>(const Finding& rollup)>;
// A text that changes whenever the findings may change (stats::Statistics::InputsVersion).
using FindingVersion = std::function<Result<std::string>()>;

struct ReviewOptions {
  int64_t max_document_bytes = 10 << 20;  // 10 MiB per document
  int max_documents = 20;                 // per questionnaire
  int max_due_days = 366;                 // a due date at most this far ahead
};

// A finding with what was decided about it.
struct TrackedFinding {
  Finding finding;
  // open | dismissed | explained | questioned | escalated | reopened
  std::string state = "open";
  std::optional<TriageStep> latest;  // the latest decision, if any
  bool numbers_changed = false;      // reopened because its numbers changed since `latest`
};

struct TrackedGroup {
  FindingGroup group;
  std::map<std::string, int64_t> states;  // findings per state
  // "open" while any finding is open or reopened; else the state all share, else "mixed".
  std::string state;
  std::vector<TrackedFinding> findings;  // only when the query names the group
};

struct FindingQuery {
  std::optional<std::string> participant = {};  // groups involving it
  std::optional<std::string> rule = {};
  std::optional<std::string> state = {};  // groups with a finding in this state
  std::optional<std::string> group = {};  // one group, with its findings
  int64_t limit = 50;                     // 1..1000
  int64_t offset = 0;
};

struct FindingPage {
  std::vector<TrackedGroup> groups;  // most severe first
  int64_t total_groups = 0;          // matching the query, before limit and offset
  int64_t total_findings = 0;
  std::map<std::string, int64_t> states;  // findings per state, over the matching groups
};

// A questionnaire with its state, derived from its steps.
struct QuestionnaireView {
  Questionnaire questionnaire;
  // awaiting-answer | answered | closed (accepted) | escalated
  std::string state;
  bool clarification = false;  // awaiting an answer again after a request for clarification
  std::string due_on;          // when the (next) answer is due: the latest clarification's date
  bool overdue = false;        // awaiting an answer after its due date
  int64_t days_overdue = 0;
  bool listed = false;  // published among the non-respondents
};

struct NewQuestionnaire {
  std::string participant;
  std::vector<std::string> findings;  // finding ids or group ids (a group brings its findings)
  std::string due_on;                 // YYYY-MM-DD, after today
  std::string title;
  std::string message;
};

struct QuestionnaireQuery {
  std::optional<std::string> participant = {};
  std::optional<std::string> state = {};
  bool overdue_only = false;
};

// A participant published as not having answered a questionnaire in time.
struct NonRespondent {
  std::string participant;
  int64_t questionnaire_id = 0;
  std::string sent_on, due_on, listed_on;
  std::string answered_on;  // "" until it answers after being listed
};

class Review {
 public:
  Review(store::Database& db, std::unique_ptr<ReviewStore> store, FindingSource source,
         ReviewOptions options = {}, std::function<core::Date()> today = &core::Date::TodayUtc);

  // Ranked groups of findings with their states. kPermissionDenied for roles other than
  // analyst, admin and officer; an officer sees only its participant's (naming another is
  // refused). kNotFound for an unknown group.
  Result<FindingPage> ListFindings(const accounts::Principal& who, const FindingQuery& q);
  // One finding and every decision about it (oldest first).
  Result<std::pair<TrackedFinding, std::vector<TriageStep>>> GetFinding(
      const accounts::Principal& who, const std::string& id);
  // The certificates of a roll-up (a finding with `certificates` > 0), each with its own
  // finding, most severe first: `limit` (1-1000) of them from `offset`, and how many in all.
  // Whoever may read the roll-up may read them (each names its participant). kNotFound as
  // GetFinding; kInvalidArgument for a finding that is not a roll-up.
  struct CertificatePage {
    std::vector<Finding> findings;
    int64_t total = 0;
  };
  Result<CertificatePage> RollUpCertificates(const accounts::Principal& who, const std::string& id,
                                             int64_t limit, int64_t offset);
  // Records a decision about a finding, or about every finding of a group: `action` is
  // "dismiss" or "explain" (both need a note) or "reopen". Analysts and admins. Returns the
  // findings it decided. kFailedPrecondition when the finding is in a questionnaire awaiting
  // its answer, or already in that state.
  Result<std::vector<TrackedFinding>> Triage(const accounts::Principal& who, const std::string& id,
                                             const std::string& action, const std::string& note);

  // Sends a questionnaire: every finding named must involve the participant and be open or
  // reopened. Analysts and admins.
  Result<QuestionnaireView> Raise(const accounts::Principal& who, const NewQuestionnaire& q);
  Result<std::vector<QuestionnaireView>> Questionnaires(const accounts::Principal& who,
                                                        const QuestionnaireQuery& q);
  Result<QuestionnaireView> GetQuestionnaire(const accounts::Principal& who, int64_t id);
  // The rules an answer's text must follow (plain text, 1 to 20000 bytes), for checking first.
  static Status CheckAnswerText(const std::string& text);
  // The participant's answer (its officers only), while the questionnaire awaits one.
  Result<QuestionnaireView> Answer(const accounts::Principal& who, int64_t id,
                                   const std::string& text);
  // A document for the answer (its officers only, while the questionnaire awaits an answer):
  // PDF, PNG, JPEG, plain text, CSV, .xlsx or .docx, checked by content, at most
  // max_document_bytes.
  Result<Document> AddDocument(const accounts::Principal& who, int64_t id, const std::string& name,
                               const std::string& content_type, const std::string& bytes);
  Result<Document> GetDocument(const accounts::Principal& who, int64_t id, int64_t document_id);
  // The analyst's decision on an answer: "accept" (the findings become explained), "clarify"
  // (asks again; needs a note and a new due date `due_on`) or "escalate" (to monitoring; needs
  // a note; also allowed on an overdue questionnaire). Analysts and admins.
  Result<QuestionnaireView> Decide(const accounts::Principal& who, int64_t id,
                                   const std::string& action, const std::string& note,
                                   const std::string& due_on = "");
  // Publishes the participant among the non-respondents: admins, on an overdue questionnaire.
  Result<QuestionnaireView> ListAsNonRespondent(const accounts::Principal& who, int64_t id);
  // Public.
  Result<std::vector<NonRespondent>> NonRespondents();

  // The current findings: cached while `version` stays the same (set it: without one, every
  // commit to the database, the review's own included, runs the rules again).
  Result<std::shared_ptr<const Findings>> CurrentFindings();
  void SetFindingVersion(FindingVersion version) { version_ = std::move(version); }
  void SetCertificateLister(CertificateLister lister) { lister_ = std::move(lister); }

 private:
  Result<QuestionnaireView> View(Questionnaire q) const;
  Status MayRead(const accounts::Principal& who, const std::string& participant) const;
  // The ids of `participant`'s questionnaires.
  Result<std::set<int64_t>> OwnQuestionnaires(const std::string& participant);
  Result<QuestionnaireView> AppendStep(const accounts::Principal& who, int64_t id,
                                       const std::string& action, const std::string& text,
                                       const std::string& due_on,
                                       const std::function<Status(const QuestionnaireView&)>& may);
  // `text` as a due date after today, at most max_due_days ahead.
  Result<std::string> CheckDueDate(const std::string& text) const;

  store::Database& db_;
  std::unique_ptr<ReviewStore> store_;
  FindingSource source_;
  ReviewOptions options_;
  std::function<core::Date()> today_;
  std::mutex cache_mu_;
  FindingVersion version_;
  CertificateLister lister_;
  std::string cached_version_;              // GUARDED_BY(cache_mu_)
  std::shared_ptr<const Findings> cached_;  // GUARDED_BY(cache_mu_)
};

// The subject of a step's log event ("questionnaire:3:step:7"), for its receipt.
std::string StepSubject(const QuestionnaireStep& step);

// Whether `who` may triage, raise and decide (an analyst or an admin).
bool IsAnalyst(const accounts::Principal& who);

}  // namespace openkp::review
