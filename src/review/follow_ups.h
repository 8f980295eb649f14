// Action plans and commitments, followed to the end with the same model as a review's
// recommendations (review/tracking.h): an action plan adopted by a region, a participant or the
// KP as a whole (Kinshasa, April 2019: internal controls, law enforcement, benefits for
// communities), its actions with owners, indicators, target dates and progress reports; and the
// commitments made by a company or an authority at a multi-stakeholder meeting (who promised
// what, to whom, when, where it is recorded), with monitoring's evidence of progress or breach.
// docs/REGIONS.md is the user's guide.
//
//   review::FollowUps fu(db, std::move(*review::NewReviewStore(db)));
//   auto plan = fu.AddPlan(admin, {.scope = "region:CA", .title = "Regional Action Plan",
//                                  .axes = {"internal-controls", ...}, ...});
//   auto action = fu.AddAction(admin, plan->id, {.axis = "internal-controls", ...});
//   auto c = fu.AddCommitment(zela_monitor, {.text = "train its security staff on human
//                                            rights", .owner = "ZCDC", .source = "...", ...});
//   fu.SetStatus(zw_officer, c->item.id, {"in-progress", "first session held", "ZCDC letter"});
//   fu.Assess(zela_monitor, c->item.id, {"not-implemented", "...", "field visit", {"incident:4"}});
//
// Who may do what: everything here is public to read (the public register), except who recorded
// each step, which is for admins and those who may write it. A plan's writers are admins, and
// for a region's plan its administrators, for a participant's plan its officers; they add
// actions and record their status and progress. Commitments are recorded by admins, monitors
// (civil society, who are in the meeting), a region's administrators and a participant's
// officers; their status and progress by admins, whoever recorded them, the administrators of
// their region and the officers of their participant. Civil society's own assessment, beside the
// owner's, comes from monitors. Every record and step is appended, never changed, and its
// SHA-256 is committed to the log.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/date.h"
#include "review/records.h"
#include "review/regions.h"
#include "review/review_store.h"
#include "review/tracking.h"

namespace openkp::review {

struct NewActionPlan {
  std::string scope;  // "region:CODE" | "participant:CODE" | "kp"
  std::string title;
  std::vector<std::string> axes;  // 1..12 short names
  std::string adopted_on;         // YYYY-MM-DD, not after today
  std::string adopted_at;         // where
  std::string source;             // where it is recorded (required)
};

struct NewAction {
  std::string axis;  // one of the plan's axes
  std::string text;
  std::string owner;
  std::string indicator;
  std::string starts_on;         // optional; not before the plan's adoption
  std::string due_on;            // the target date: after the adoption and `starts_on`
  std::string first_report_due;  // optional (default: due_on); not after due_on
};

struct NewCommitment {
  std::string text;
  std::string owner;             // who promised: a company or an authority
  std::string promised_to;       // to whom: "communities of Marange"
  std::string made_on;           // YYYY-MM-DD, not after today
  std::string place;             // "Mutare, All-Stakeholders Diamond Conference"
  std::string source;            // where it is recorded (required)
  std::string activity;          // the coalition activity where it was made (its ref; "" for none)
  std::string region;            // optional
  std::string participant;       // optional
  std::string due_on;            // when it should be done: after made_on
  std::string first_report_due;  // optional (default: due_on); not after due_on
  std::vector<int64_t> incidents;
  std::vector<std::string> sites;
};

// A step to append: a status or civil society's assessment (value, comment, source), or a
// progress report (comment is its text; next_due_on), with evidence from monitoring.
struct NewStep {
  std::string value;
  std::string comment;
  std::string source;
  std::vector<std::string> evidence = {};  // "incident:ID" | "site:CODE"
  std::string next_due_on = {};
};

struct FollowUpView {
  FollowUp item;
  TrackState state;
  std::string scope;  // an action's plan's scope; a commitment's "region:X", "participant:X" or ""
  bool may_write = false;  // `who` may record its status and progress
};

struct ActionPlanView {
  ActionPlan plan;
  std::vector<FollowUpView> actions;
  std::map<std::string, int64_t> statuses;  // actions per status
  int64_t overdue = 0;
  bool may_write = false;
};

struct FollowUpQuery {
  std::string type = {};         // "" | action | commitment
  std::string region = {};       // in this region's scope (its plans, its members' items)
  std::string participant = {};  // concerning this participant
  int64_t plan_id = 0;
  std::string status = {};  // current status
  bool overdue_only = false;
};

// Whether a reference a follow-up holds in another service ("incident:ID", "site:CODE",
// "activity:REF") exists and is public now: apps and http answer it (services do not use each
// other). The register is public, so a reference must be public when it is linked (else
// kInvalidArgument naming the field: a restricted report's id beside a company's name would tell
// what monitoring keeps from the public); and as a report can be disputed or restricted, an
// activity made private, after it was linked, readers who may not write the follow-up see its
// references only while they are public. Unset: references are neither checked nor hidden.
using ReferencePublic = std::function<bool(const std::string& reference)>;

class FollowUps {
 public:
  FollowUps(store::Database& db, std::unique_ptr<ReviewStore> store,
            std::function<core::Date()> today = &core::Date::TodayUtc);
  void SetReferencePublic(ReferencePublic is_public) { public_ = std::move(is_public); }

  Result<ActionPlanView> AddPlan(const accounts::Principal& who, const NewActionPlan& p);
  // Anyone; `scope` "" for all, "region:X" includes nothing but X's own plans.
  Result<std::vector<ActionPlanView>> Plans(const accounts::Principal* who,
                                            const std::string& scope);
  Result<ActionPlanView> GetPlan(const accounts::Principal* who, int64_t id);
  Result<FollowUpView> AddAction(const accounts::Principal& who, int64_t plan_id,
                                 const NewAction& a);
  Result<FollowUpView> AddCommitment(const accounts::Principal& who, const NewCommitment& c);

  Result<std::vector<FollowUpView>> List(const accounts::Principal* who, const FollowUpQuery& q);
  Result<FollowUpView> Get(const accounts::Principal* who, int64_t id);
  // See the header comment for who may append each kind; kInvalidArgument for a bad step.
  Result<FollowUpView> SetStatus(const accounts::Principal& who, int64_t id, const NewStep& s);
  Result<FollowUpView> Assess(const accounts::Principal& who, int64_t id, const NewStep& s);
  Result<FollowUpView> ReportProgress(const accounts::Principal& who, int64_t id, const NewStep& s);

 private:
  struct Context;  // the regions and plans, read once per request
  Result<Context> Load(store::Txn& t);
  FollowUpView View(const accounts::Principal* who, FollowUp f, const Context& c) const;
  ActionPlanView PlanView(const accounts::Principal* who, ActionPlan p,
                          std::vector<FollowUp> actions, const Context& c) const;
  Status Insert(store::Txn& t, const accounts::Principal& who, FollowUp& f, int64_t* id);
  // kInvalidArgument naming the field of the first (field, reference) that is not public.
  Status CheckPublic(const std::vector<std::pair<std::string, std::string>>& refs) const;
  // Leaves out of `v` the references that are no longer public, for a reader who may not write
  // it (after the read transaction: `public_` reads other services).
  void HideLapsed(const accounts::Principal* who, FollowUpView& v) const;
  Result<FollowUpView> Append(const accounts::Principal& who, int64_t id, FollowUpStep step,
                              const std::function<Status(const FollowUpView&)>& may);

  store::Database& db_;
  std::unique_ptr<ReviewStore> store_;
  std::function<core::Date()> today_;
  ReferencePublic public_;
};

}  // namespace openkp::review
