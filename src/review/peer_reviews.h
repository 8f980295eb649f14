// Peer reviews of a participant (the KP Working Group on Monitoring's practice): review visits
// and missions with their team and stages, civil-society and community input with its
// visibility, and recommendations followed to the end. docs/REVIEW.md is the user's guide.
//
//   review::PeerReviews pr(db, std::move(*review::NewReviewStore(db)));
//   auto r = pr.Create(admin, {.participant = "SL", .type = "review-visit", ...});
//   pr.SubmitInput(monitor, r->id, {...});             // civil society, before the final report
//   pr.Advance(reviewer, r->id, "terms-agreed", "");   // one stage at a time
//   auto rec = pr.AddRecommendation(reviewer, r->id, {...});
//   pr.Respond(sl_officer, rec->id, "accepted", "");   // the participant's response
//   pr.SetStatus(sl_officer, rec->id, "in-progress", "...", "progress report 2027");
//
// Who may do what: admins create reviews and do what a team member does; the team's members
// with an account (role reviewer, named in the team) advance stages, read every input, record how
// each was used, and write recommendations; the reviewed participant's officers see the review,
// the inputs shared with them (without the source when it is hidden) and its recommendations,
// respond, report progress and record implementation; monitors (civil society) submit input,
// read what they submitted and how it was used, and record their own assessment of
// recommendations. Anyone sees the list of reviews (participant, type, dates, team, stage) and
// the public inputs; recommendations become public with the final report. Every step is
// appended; stages and recommendation steps are committed to the transparency log (hashes).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/date.h"
#include "review/records.h"
#include "review/review_store.h"

namespace openkp::review {

// The stages of a review, in order.
const std::vector<std::string>& ReviewStages();

struct NewPeerReview {
  std::string participant;
  std::string type;
  std::string title;
  std::string terms_of_reference;
  std::string starts_on, ends_on;
  std::vector<TeamMember> team;
};

struct NewInput {
  std::string text;
  std::string visibility = "team";
  bool hide_source = false;
  std::vector<int64_t> incidents;
  std::vector<std::string> sites;
};

struct NewRecommendation {
  std::string paragraph;
  std::string text;
  std::string addressee;
  std::string core_section;
  int64_t specificity = 3;
  int64_t repeats = 0;
  std::string follow_up_due_on;
};

// A recommendation with its current state, read from its steps.
struct RecommendationView {
  Recommendation recommendation;
  std::string response;  // "" until the participant responds
  std::string status;    // not-started until a status is recorded
  std::string status_source;
  std::string civil_society;    // civil society's latest assessment ("" for none)
  std::string next_report_due;  // the latest progress report's next due date, else the first
  bool overdue = false;         // a progress report is due and the status is not final
  bool public_view = false;     // read by someone outside the team, participant and admins
};

struct RecommendationQuery {
  int64_t review_id = 0;
  std::string participant = {};
  bool overdue_only = false;
};

class PeerReviews {
 public:
  PeerReviews(store::Database& db, std::unique_ptr<ReviewStore> store,
              std::function<core::Date()> today = &core::Date::TodayUtc);

  // Admins. The team needs a lead; members with accounts are named by user id (role reviewer).
  Result<PeerReview> Create(const accounts::Principal& who, const NewPeerReview& r);
  // Anyone (`who` may be null): reviews with team and stages (notes and the final report's text
  // only for the team, the participant and admins until the final stage, then for everyone).
  Result<std::vector<PeerReview>> List(const accounts::Principal* who,
                                       const std::string& participant);
  Result<PeerReview> Get(const accounts::Principal* who, int64_t id);
  // The next stage only (kFailedPrecondition otherwise); "final" needs the final report's text
  // as `note`. The team and admins.
  Result<PeerReview> Advance(const accounts::Principal& who, int64_t id, const std::string& stage,
                             const std::string& note);

  // Monitors (civil society), until the final report.
  Result<ReviewInput> SubmitInput(const accounts::Principal& who, int64_t review_id,
                                  const NewInput& input);
  // Its contributor, until the final report: a file for the input (the types and limits of
  // answer documents: PDF, PNG, JPEG, text, CSV, .xlsx, .docx; 10 MiB; 20 per input). Its
  // SHA-256 is logged (review.input.document). Returned without bytes.
  Result<Document> AddInputDocument(const accounts::Principal& who, int64_t input_id,
                                    const std::string& name, const std::string& content_type,
                                    const std::string& bytes);
  // With its bytes, to whoever may see the input's documents: the team, its contributor, and
  // those the input is shared with unless it hides its source (files can name a witness).
  Result<Document> GetInputDocument(const accounts::Principal* who, int64_t input_id,
                                    int64_t document_id);
  // What `who` may see of a review's inputs (see the header comment).
  Result<std::vector<ReviewInput>> Inputs(const accounts::Principal* who, int64_t review_id);
  // The team and admins: how an input was used (its contributor reads it).
  Result<ReviewInput> RecordUse(const accounts::Principal& who, int64_t input_id,
                                const std::string& text);

  // The team and admins, from the draft stage until the review is closed.
  Result<RecommendationView> AddRecommendation(const accounts::Principal& who, int64_t review_id,
                                               const NewRecommendation& r);
  Result<std::vector<RecommendationView>> Recommendations(const accounts::Principal* who,
                                                          const RecommendationQuery& q);
  Result<RecommendationView> GetRecommendation(const accounts::Principal* who, int64_t id);
  // The participant's officers: accepted | partly | noted.
  Result<RecommendationView> Respond(const accounts::Principal& who, int64_t id,
                                     const std::string& response, const std::string& comment);
  // The participant's officers, the team and admins; `source` is required (who says so).
  Result<RecommendationView> SetStatus(const accounts::Principal& who, int64_t id,
                                       const std::string& status, const std::string& comment,
                                       const std::string& source);
  // Monitors: civil society's own assessment, beside the participant's.
  Result<RecommendationView> Assess(const accounts::Principal& who, int64_t id,
                                    const std::string& status, const std::string& comment,
                                    const std::string& source);
  // The participant's officers: a progress report (text and source) and when the next is due.
  Result<RecommendationView> ReportProgress(const accounts::Principal& who, int64_t id,
                                            const std::string& text, const std::string& source,
                                            const std::string& next_due_on);

 private:
  enum class Access { kPublic, kContributor, kParticipant, kTeam };
  Access AccessTo(const accounts::Principal* who, const PeerReview& r) const;
  // Blanks what `who` may not read of `r` (stage notes outside the team and the participant).
  void HideFrom(const accounts::Principal* who, PeerReview& r) const;
  RecommendationView View(Recommendation r, Access access) const;
  Result<RecommendationView> AppendStep(
      const accounts::Principal& who, int64_t id, RecommendationStep step,
      const std::function<Status(const RecommendationView&, Access)>& may);

  store::Database& db_;
  std::unique_ptr<ReviewStore> store_;
  std::function<core::Date()> today_;
};

// The stage a review is at (its latest stage step).
std::string CurrentStage(const PeerReview& r);

}  // namespace openkp::review
