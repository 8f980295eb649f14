#include "review/follow_ups.h"

#include <algorithm>
#include <set>

#include "crypto/crypto.h"
#include "review/review_internal.h"

namespace openkp::review {

using internal::CheckDate;
using internal::CheckText;
using internal::Denied;
using internal::ValidParticipantCode;

struct FollowUps::Context {
  std::vector<Region> regions;
  std::map<int64_t, ActionPlan> plans;

  const Region* RegionOf(const std::string& code) const {
    for (const auto& r : regions) {
      if (r.code == code) return &r;
    }
    return nullptr;
  }
  // Whether `who` writes in `scope` ("region:X", "participant:X", "kp").
  bool WritesIn(const accounts::Principal& who, const std::string& scope) const {
    if (who.is_admin()) return true;
    if (scope.rfind("region:", 0) == 0) {
      const Region* r = RegionOf(scope.substr(7));
      return r != nullptr && IsRegionAdmin(*r, who.user.id);
    }
    if (scope.rfind("participant:", 0) == 0) return who.is_officer_of(scope.substr(12));
    return false;
  }
  std::string ScopeOf(const FollowUp& f) const {
    if (f.type == "action") {
      auto it = plans.find(f.plan_id);
      return it == plans.end() ? "" : it->second.scope;
    }
    if (!f.region.empty()) return "region:" + f.region;
    if (!f.participant.empty()) return "participant:" + f.participant;
    return "";
  }
  bool MayWrite(const accounts::Principal& who, const FollowUp& f) const {
    if (WritesIn(who, ScopeOf(f))) return true;
    if (f.type != "commitment") return false;
    if (f.created_by_user != 0 && f.created_by_user == who.user.id) return true;
    if (!f.region.empty() && WritesIn(who, "region:" + f.region)) return true;
    return !f.participant.empty() && who.is_officer_of(f.participant);
  }
};

namespace {

// How many steps one action or commitment keeps at most: each is public, and a monitor (any of
// them may assess anything) could otherwise grow the register without bound.
constexpr size_t kMaxSteps = 200;

Status CheckEvidence(const std::vector<std::string>& evidence) {
  if (evidence.size() > 20) return Status::Invalid("evidence", "count", "at most 20 items");
  if (std::set<std::string>(evidence.begin(), evidence.end()).size() != evidence.size()) {
    return Status::Invalid("evidence", "unique", "each reference is named once");
  }
  for (size_t i = 0; i < evidence.size(); ++i) {
    const std::string& e = evidence[i];
    const std::string field = "evidence[" + std::to_string(i) + "]";
    if (e.rfind("incident:", 0) == 0) {
      const std::string id = e.substr(9);
      if (!id.empty() && id.size() <= 18 && id[0] != '0' &&
          std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        continue;
      }
    } else if (e.rfind("site:", 0) == 0) {
      const std::string code = e.substr(5);
      if (!code.empty() && code.size() <= 40 && std::all_of(code.begin(), code.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.';
          })) {
        continue;
      }
    }
    return Status::Invalid(field, "evidence",
                           "must be incident:ID (an incident report) or site:CODE (a mining site)");
  }
  return {};
}

boost::json::object StepDocument(int64_t id, const FollowUpStep& s) {
  return {{"follow_up", id},
          {"kind", s.kind},
          {"value", s.value},
          {"comment", s.comment},
          {"source", s.source},
          {"due_on", s.due_on},
          {"evidence", boost::json::value_from(s.evidence)},
          {"at", s.at}};
}

}  // namespace

FollowUps::FollowUps(store::Database& db, std::unique_ptr<ReviewStore> store,
                     std::function<core::Date()> today)
    : db_(db), store_(std::move(store)), today_(std::move(today)) {}

Result<FollowUps::Context> FollowUps::Load(store::Txn& t) {
  Context c;
  auto regions = store_->ListRegions(t);
  if (!regions.ok()) return regions.status();
  c.regions = std::move(*regions);
  auto plans = store_->ListActionPlans(t);
  if (!plans.ok()) return plans.status();
  for (auto& p : *plans) c.plans.emplace(p.id, std::move(p));
  return c;
}

FollowUpView FollowUps::View(const accounts::Principal* who, FollowUp f, const Context& c) const {
  FollowUpView v;
  v.state = Track(f.steps, f.first_report_due, f.due_on, today_());
  v.scope = c.ScopeOf(f);
  v.may_write = who != nullptr && c.MayWrite(*who, f);
  if (!v.may_write && (who == nullptr || !who->is_admin())) {
    // Who recorded what is for those who follow it up: a community monitor's name, say, is not
    // the public's to read.
    f.created_by.clear();
    f.created_by_user = 0;
    for (auto& s : f.steps) s.actor.clear();
  }
  v.item = std::move(f);
  return v;
}

ActionPlanView FollowUps::PlanView(const accounts::Principal* who, ActionPlan p,
                                   std::vector<FollowUp> actions, const Context& c) const {
  ActionPlanView v;
  v.may_write = who != nullptr && c.WritesIn(*who, p.scope);
  if (!v.may_write && (who == nullptr || !who->is_admin())) p.created_by.clear();
  for (auto& a : actions) {
    FollowUpView av = View(who, std::move(a), c);
    ++v.statuses[av.state.status];
    if (av.state.overdue) ++v.overdue;
    v.actions.push_back(std::move(av));
  }
  v.plan = std::move(p);
  return v;
}

Result<ActionPlanView> FollowUps::AddPlan(const accounts::Principal& who, const NewActionPlan& n) {
  const std::string& scope = n.scope;
  if (scope != "kp" &&
      !((scope.rfind("region:", 0) == 0 && scope.size() > 7) ||
        (scope.rfind("participant:", 0) == 0 && ValidParticipantCode(scope.substr(12))))) {
    return Status::Invalid("scope", "scope", "must be kp, region:CODE or participant:CODE");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("title", n.title, 200, true));
  if (n.axes.empty() || n.axes.size() > 12) {
    return Status::Invalid("axes", "count", "must name 1 to 12 axes");
  }
  std::set<std::string> axes;
  for (size_t i = 0; i < n.axes.size(); ++i) {
    const std::string field = "axes[" + std::to_string(i) + "]";
    OPENKP_RETURN_IF_ERROR(CheckText(field, n.axes[i], 100, true));
    if (n.axes[i].find('\n') != std::string::npos) {
      return Status::Invalid(field, "line", "must be one line");
    }
    if (!axes.insert(n.axes[i]).second) {
      return Status::Invalid(field, "unique", "'" + n.axes[i] + "' is named twice");
    }
  }
  OPENKP_RETURN_IF_ERROR(CheckDate("adopted_on", n.adopted_on, true));
  if (*core::Date::Parse(n.adopted_on) > today_()) {
    return Status::Invalid("adopted_on", "range", "must not be after today");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("adopted_at", n.adopted_at, 200, false));
  OPENKP_RETURN_IF_ERROR(CheckText("source", n.source, 500, true));
  ActionPlan p;
  p.scope = scope;
  p.title = n.title;
  p.axes = n.axes;
  p.adopted_on = n.adopted_on;
  p.adopted_at = n.adopted_at;
  p.source = n.source;
  p.created_by = who.user.name;
  p.created_at = core::TimestampOn(today_());
  int64_t id = 0;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    if (scope.rfind("region:", 0) == 0 && c->RegionOf(scope.substr(7)) == nullptr) {
      return Status::Invalid("scope", "region", "no region " + internal::Clip(scope.substr(7)));
    }
    if (scope.rfind("participant:", 0) == 0 &&
        !db_.registry().GetParticipant(t, scope.substr(12)).ok()) {
      return Status::Invalid("scope", "participant",
                             "'" + scope.substr(12) + "' is not a KP participant");
    }
    if (!c->WritesIn(who, scope)) {
      return Denied(
          "an action plan is recorded by admins, a region's administrators (its plans) or a "
          "participant's officers (its plans)");
    }
    auto doc = internal::SaltedDocument({{"scope", p.scope},
                                         {"title", p.title},
                                         {"axes", boost::json::value_from(p.axes)},
                                         {"adopted_on", p.adopted_on},
                                         {"adopted_at", p.adopted_at},
                                         {"source", p.source},
                                         {"at", p.created_at}});
    if (!doc.ok()) return doc.status();
    p.document = *doc;
    auto added = store_->AddActionPlan(t, p);
    if (!added.ok()) return added.status();
    id = *added;
    return internal::AppendPublished(
        db_, t, "review.plan.added", "plan:" + std::to_string(id), who.user.name,
        {{"plan", id}, {"scope", p.scope}, {"sha256", crypto::Sha256Hex(p.document)}});
  });
  if (!st.ok()) return st;
  return GetPlan(&who, id);
}

Result<std::vector<ActionPlanView>> FollowUps::Plans(const accounts::Principal* who,
                                                     const std::string& scope) {
  std::vector<ActionPlanView> out;
  Status st = db_.Read([&](store::Txn& t) -> Status {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    auto actions = store_->ListFollowUps(t, "action", 0);
    if (!actions.ok()) return actions.status();
    for (auto& [id, p] : c->plans) {
      if (!scope.empty() && p.scope != scope) continue;
      std::vector<FollowUp> mine;
      for (const auto& a : *actions) {
        if (a.plan_id == id) mine.push_back(a);
      }
      out.push_back(PlanView(who, p, std::move(mine), *c));
    }
    return {};
  });
  if (!st.ok()) return st;
  for (auto& p : out) {
    for (auto& a : p.actions) HideLapsed(who, a);
  }
  return out;
}

Result<ActionPlanView> FollowUps::GetPlan(const accounts::Principal* who, int64_t id) {
  auto plan = store::ReadValue(db_, [&](store::Txn& t) -> Result<ActionPlanView> {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    auto it = c->plans.find(id);
    if (it == c->plans.end()) return Status::NotFound("no action plan " + std::to_string(id));
    auto actions = store_->ListFollowUps(t, "action", id);
    if (!actions.ok()) return actions.status();
    return PlanView(who, it->second, std::move(*actions), *c);
  });
  if (plan.ok()) {
    for (auto& a : plan->actions) HideLapsed(who, a);
  }
  return plan;
}

Status FollowUps::CheckPublic(const std::vector<std::pair<std::string, std::string>>& refs) const {
  if (!public_) return {};
  for (const auto& [field, ref] : refs) {
    if (public_(ref)) continue;
    // "No such one" and "not public" read the same, whoever asks: nobody probes with them.
    if (ref.rfind("activity:", 0) == 0) {
      return Status::Invalid(field, "activity",
                             "no public coalition activity " + internal::Clip(ref.substr(9)));
    }
    if (ref.rfind("incident:", 0) == 0) {
      return Status::Invalid(field, "incident",
                             "no public incident report " + ref.substr(9) +
                                 " (the register is public: link reviewed, unrestricted reports "
                                 "only)");
    }
    return Status::Invalid(field, "site", "no mining site " + internal::Clip(ref.substr(5)));
  }
  return {};
}

void FollowUps::HideLapsed(const accounts::Principal* who, FollowUpView& v) const {
  if (!public_ || v.may_write || (who != nullptr && who->is_admin())) return;
  FollowUp& f = v.item;
  std::erase_if(f.incidents,
                [&](int64_t id) { return !public_("incident:" + std::to_string(id)); });
  std::erase_if(f.sites, [&](const std::string& s) { return !public_("site:" + s); });
  if (!f.activity.empty() && !public_("activity:" + f.activity)) f.activity.clear();
  for (auto& s : f.steps) std::erase_if(s.evidence, [&](const auto& e) { return !public_(e); });
}

Result<FollowUpView> FollowUps::AddAction(const accounts::Principal& who, int64_t plan_id,
                                          const NewAction& n) {
  OPENKP_RETURN_IF_ERROR(CheckText("text", n.text, 4000, true));
  OPENKP_RETURN_IF_ERROR(CheckText("owner", n.owner, 200, true));
  OPENKP_RETURN_IF_ERROR(CheckText("indicator", n.indicator, 1000, false));
  OPENKP_RETURN_IF_ERROR(CheckDate("starts_on", n.starts_on, false));
  OPENKP_RETURN_IF_ERROR(CheckDate("due_on", n.due_on, true));
  OPENKP_RETURN_IF_ERROR(CheckDate("first_report_due", n.first_report_due, false));
  if (!n.starts_on.empty() && !(n.starts_on < n.due_on)) {
    return Status::Invalid("due_on", "order", "must be after starts_on");
  }
  const std::string first = n.first_report_due.empty() ? n.due_on : n.first_report_due;
  if (first > n.due_on) {
    return Status::Invalid("first_report_due", "order", "must not be after due_on");
  }
  FollowUp f;
  f.type = "action";
  f.plan_id = plan_id;
  f.axis = n.axis;
  f.text = n.text;
  f.owner = n.owner;
  f.indicator = n.indicator;
  f.starts_on = n.starts_on;
  f.due_on = n.due_on;
  f.first_report_due = first;
  f.created_by = who.user.name;
  f.created_by_user = who.user.id;
  f.created_at = core::TimestampOn(today_());
  int64_t id = 0;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    auto it = c->plans.find(plan_id);
    if (it == c->plans.end()) return Status::NotFound("no action plan " + std::to_string(plan_id));
    const ActionPlan& plan = it->second;
    if (!c->WritesIn(who, plan.scope)) {
      return Denied("actions are added by those who may write the plan (" + plan.scope + ")");
    }
    if (std::find(plan.axes.begin(), plan.axes.end(), n.axis) == plan.axes.end()) {
      std::string axes;
      for (const auto& a : plan.axes) axes += (axes.empty() ? "" : ", ") + a;
      return Status::Invalid("axis", "axis", "must be one of the plan's axes: " + axes);
    }
    if (!n.starts_on.empty() && n.starts_on < plan.adopted_on) {
      return Status::Invalid("starts_on", "order",
                             "must not be before the plan's adoption (" + plan.adopted_on + ")");
    }
    if (core::Date::Parse(n.due_on)->days() - core::Date::Parse(plan.adopted_on)->days() >
        20 * 366) {
      return Status::Invalid("due_on", "range", "must be within 20 years of the plan's adoption");
    }
    if (!(n.due_on > plan.adopted_on) || !(first > plan.adopted_on)) {
      return Status::Invalid(n.due_on > plan.adopted_on ? "first_report_due" : "due_on", "order",
                             "must be after the plan's adoption (" + plan.adopted_on + ")");
    }
    return Insert(t, who, f, &id);
  });
  if (!st.ok()) return st;
  return Get(&who, id);
}

Status FollowUps::Insert(store::Txn& t, const accounts::Principal& who, FollowUp& f, int64_t* id) {
  auto doc = internal::SaltedDocument({{"type", f.type},
                                       {"plan", f.plan_id},
                                       {"axis", f.axis},
                                       {"text", f.text},
                                       {"owner", f.owner},
                                       {"indicator", f.indicator},
                                       {"starts_on", f.starts_on},
                                       {"due_on", f.due_on},
                                       {"first_report_due", f.first_report_due},
                                       {"promised_to", f.promised_to},
                                       {"made_on", f.made_on},
                                       {"place", f.place},
                                       {"source", f.source},
                                       {"activity", f.activity},
                                       {"region", f.region},
                                       {"participant", f.participant},
                                       {"incidents", boost::json::value_from(f.incidents)},
                                       {"sites", boost::json::value_from(f.sites)},
                                       {"at", f.created_at}});
  if (!doc.ok()) return doc.status();
  f.document = *doc;
  auto added = store_->AddFollowUp(t, f);
  if (!added.ok()) return added.status();
  *id = *added;
  return internal::AppendPublished(
      db_, t, "review.follow-up.added", "follow-up:" + std::to_string(*id), who.user.name,
      {{"follow_up", *id}, {"type", f.type}, {"sha256", crypto::Sha256Hex(f.document)}});
}

Result<FollowUpView> FollowUps::AddCommitment(const accounts::Principal& who,
                                              const NewCommitment& n) {
  OPENKP_RETURN_IF_ERROR(CheckText("text", n.text, 4000, true));
  OPENKP_RETURN_IF_ERROR(CheckText("owner", n.owner, 200, true));
  OPENKP_RETURN_IF_ERROR(CheckText("promised_to", n.promised_to, 200, true));
  OPENKP_RETURN_IF_ERROR(CheckDate("made_on", n.made_on, true));
  if (*core::Date::Parse(n.made_on) > today_()) {
    return Status::Invalid("made_on", "range", "must not be after today");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("place", n.place, 200, false));
  OPENKP_RETURN_IF_ERROR(CheckText("source", n.source, 500, true));
  OPENKP_RETURN_IF_ERROR(CheckText("activity", n.activity, 40, false));
  if (!n.participant.empty() && !ValidParticipantCode(n.participant)) {
    return Status::Invalid("participant", "code", "must be a participant code such as ZW");
  }
  OPENKP_RETURN_IF_ERROR(CheckDate("due_on", n.due_on, true));
  OPENKP_RETURN_IF_ERROR(CheckDate("first_report_due", n.first_report_due, false));
  if (!(n.due_on > n.made_on)) {
    return Status::Invalid("due_on", "order", "must be after made_on");
  }
  if (core::Date::Parse(n.due_on)->days() - core::Date::Parse(n.made_on)->days() > 10 * 366) {
    return Status::Invalid("due_on", "range", "must be within 10 years of made_on");
  }
  const std::string first = n.first_report_due.empty() ? n.due_on : n.first_report_due;
  if (!(first > n.made_on) || first > n.due_on) {
    return Status::Invalid("first_report_due", "order",
                           "must be after made_on and not after due_on");
  }
  if (n.incidents.size() > 50 || n.sites.size() > 50) {
    return Status::Invalid(n.sites.size() > 50 ? "sites" : "incidents", "count",
                           "at most 50 of each");
  }
  {
    // The same rules as evidence (incident:ID, site:CODE), each named once.
    std::vector<std::string> refs;
    for (int64_t i : n.incidents) refs.push_back("incident:" + std::to_string(i));
    for (const auto& s : n.sites) refs.push_back("site:" + s);
    if (std::set<int64_t>(n.incidents.begin(), n.incidents.end()).size() != n.incidents.size()) {
      return Status::Invalid("incidents", "unique", "each incident report is named once");
    }
    if (std::set<std::string>(n.sites.begin(), n.sites.end()).size() != n.sites.size()) {
      return Status::Invalid("sites", "unique", "each site is named once");
    }
    for (size_t i = 0; i < refs.size(); ++i) {
      if (CheckEvidence({refs[i]}).ok()) continue;
      const bool incident = i < n.incidents.size();
      return Status::Invalid(incident ? "incidents[" + std::to_string(i) + "]"
                                      : "sites[" + std::to_string(i - n.incidents.size()) + "]",
                             incident ? "id" : "code",
                             incident ? "must be an incident report id" : "must be a site code");
    }
  }
  FollowUp f;
  f.type = "commitment";
  f.text = n.text;
  f.owner = n.owner;
  f.promised_to = n.promised_to;
  f.made_on = n.made_on;
  f.place = n.place;
  f.source = n.source;
  f.activity = n.activity;
  f.region = n.region;
  f.participant = n.participant;
  f.due_on = n.due_on;
  f.first_report_due = first;
  f.incidents = n.incidents;
  f.sites = n.sites;
  f.created_by = who.user.name;
  f.created_by_user = who.user.id;
  f.created_at = core::TimestampOn(today_());
  {
    std::vector<std::pair<std::string, std::string>> refs;
    if (!f.activity.empty()) refs.emplace_back("activity", "activity:" + f.activity);
    for (int64_t i : f.incidents) refs.emplace_back("incidents", "incident:" + std::to_string(i));
    for (const auto& s : f.sites) refs.emplace_back("sites", "site:" + s);
    OPENKP_RETURN_IF_ERROR(CheckPublic(refs));
  }
  int64_t id = 0;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    if (!f.region.empty() && c->RegionOf(f.region) == nullptr) {
      return Status::Invalid("region", "region", "no region " + internal::Clip(f.region));
    }
    if (!f.participant.empty() && !db_.registry().GetParticipant(t, f.participant).ok()) {
      return Status::Invalid("participant", "participant",
                             "'" + f.participant + "' is not a KP participant");
    }
    if (const Region* r = f.region.empty() ? nullptr : c->RegionOf(f.region);
        r != nullptr && !f.participant.empty() &&
        !std::count(r->participants.begin(), r->participants.end(), f.participant)) {
      return Status::Invalid("participant", "region",
                             f.participant + " is not a participant of region " + f.region);
    }
    const bool may = who.is_admin() || who.user.role == store::Role::kMonitor ||
                     (!f.region.empty() && c->WritesIn(who, "region:" + f.region)) ||
                     (!f.participant.empty() && who.is_officer_of(f.participant));
    if (!may) {
      return Denied(
          "commitments are recorded by admins, monitors (civil society), a region's "
          "administrators and a participant's officers (about their participant)");
    }
    return Insert(t, who, f, &id);
  });
  if (!st.ok()) return st;
  return Get(&who, id);
}

Result<std::vector<FollowUpView>> FollowUps::List(const accounts::Principal* who,
                                                  const FollowUpQuery& q) {
  if (!q.type.empty() && q.type != "action" && q.type != "commitment") {
    return Status::Invalid("type", "enum", "must be action or commitment");
  }
  if (!q.status.empty() && q.status != "not-started" && q.status != "in-progress" &&
      !IsFinalStatus(q.status)) {
    return Status::Invalid("status", "enum",
                           "must be not-started, in-progress, implemented or not-implemented");
  }
  std::vector<FollowUpView> out;
  Status st = db_.Read([&](store::Txn& t) -> Status {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    const Region* region = nullptr;
    if (!q.region.empty()) {
      region = c->RegionOf(q.region);
      if (region == nullptr) return Status::NotFound("no region " + internal::Clip(q.region));
    }
    auto items = store_->ListFollowUps(t, q.type, q.plan_id);
    if (!items.ok()) return items.status();
    for (auto& f : *items) {
      const std::string scope = c->ScopeOf(f);
      const std::string participant = !f.participant.empty()                ? f.participant
                                      : scope.rfind("participant:", 0) == 0 ? scope.substr(12)
                                                                            : "";
      if (!q.participant.empty() && participant != q.participant) continue;
      if (region != nullptr) {
        const bool in_region =
            scope == "region:" + region->code || f.region == region->code ||
            (!participant.empty() &&
             std::count(region->participants.begin(), region->participants.end(), participant));
        if (!in_region) continue;
      }
      FollowUpView v = View(who, std::move(f), *c);
      if (!q.status.empty() && v.state.status != q.status) continue;
      if (q.overdue_only && !v.state.overdue) continue;
      out.push_back(std::move(v));
    }
    return {};
  });
  if (!st.ok()) return st;
  for (auto& v : out) HideLapsed(who, v);
  return out;
}

Result<FollowUpView> FollowUps::Get(const accounts::Principal* who, int64_t id) {
  auto v = store::ReadValue(db_, [&](store::Txn& t) -> Result<FollowUpView> {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    auto f = store_->GetFollowUp(t, id);
    if (!f.ok()) return f.status();
    return View(who, std::move(*f), *c);
  });
  if (v.ok()) HideLapsed(who, *v);
  return v;
}

Result<FollowUpView> FollowUps::Append(const accounts::Principal& who, int64_t id,
                                       FollowUpStep step,
                                       const std::function<Status(const FollowUpView&)>& may) {
  OPENKP_RETURN_IF_ERROR(CheckEvidence(step.evidence));
  {
    // Checked before the transaction (and shown later only while they stay public: HideLapsed).
    std::vector<std::pair<std::string, std::string>> refs;
    for (size_t i = 0; i < step.evidence.size(); ++i) {
      refs.emplace_back("evidence[" + std::to_string(i) + "]", step.evidence[i]);
    }
    OPENKP_RETURN_IF_ERROR(CheckPublic(refs));
  }
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto c = Load(t);
    if (!c.ok()) return c.status();
    auto f = store_->GetFollowUp(t, id);
    if (!f.ok()) return f.status();
    OPENKP_RETURN_IF_ERROR(may(View(&who, *f, *c)));
    if (f->steps.size() >= kMaxSteps) {
      return internal::Conflict("follow-up " + std::to_string(id) + " has " +
                                std::to_string(kMaxSteps) +
                                " steps already, the most one keeps: record a new one");
    }
    step.recommendation_id = id;
    step.actor = who.user.name;
    step.at = core::TimestampOn(today_());
    auto doc = internal::SaltedDocument(StepDocument(id, step));
    if (!doc.ok()) return doc.status();
    step.document = *doc;
    auto sid = store_->AddFollowUpStep(t, step);
    if (!sid.ok()) return sid.status();
    return internal::AppendPublished(
        db_, t, "review.follow-up." + step.kind, "follow-up:" + std::to_string(id), who.user.name,
        {{"follow_up", id}, {"step", *sid}, {"sha256", crypto::Sha256Hex(step.document)}});
  });
  if (!st.ok()) return st;
  return Get(&who, id);
}

namespace {
// The step of `kind` that `s` asks for (its actor, time and document are Append's).
FollowUpStep StepOf(const char* kind, const NewStep& s) {
  FollowUpStep step;
  step.kind = kind;
  step.value = s.value;
  step.comment = s.comment;
  step.source = s.source;
  step.due_on = s.next_due_on;
  step.evidence = s.evidence;
  return step;
}
}  // namespace

Result<FollowUpView> FollowUps::SetStatus(const accounts::Principal& who, int64_t id,
                                          const NewStep& s) {
  OPENKP_RETURN_IF_ERROR(CheckStatus(s.value, s.comment, s.source));
  return Append(who, id, StepOf("status", s), [](const FollowUpView& v) -> Status {
    if (!v.may_write) {
      return Denied(v.item.type == "action"
                        ? "an action's status is recorded by those who may write its plan"
                        : "a commitment's status is recorded by admins, whoever recorded it, "
                          "its region's administrators and its participant's officers");
    }
    return {};
  });
}

Result<FollowUpView> FollowUps::Assess(const accounts::Principal& who, int64_t id,
                                       const NewStep& s) {
  if (who.user.role != store::Role::kMonitor) {
    return Denied("civil society's assessment comes from its members (role monitor)");
  }
  OPENKP_RETURN_IF_ERROR(CheckStatus(s.value, s.comment, s.source));
  return Append(who, id, StepOf("civil-society", s), [](const FollowUpView&) { return Status(); });
}

Result<FollowUpView> FollowUps::ReportProgress(const accounts::Principal& who, int64_t id,
                                               const NewStep& s) {
  OPENKP_RETURN_IF_ERROR(CheckText("text", s.comment, 20000, true));
  OPENKP_RETURN_IF_ERROR(CheckText("source", s.source, 500, true));
  FollowUpStep step = StepOf("progress", s);
  step.value.clear();  // a report has no status of its own
  const core::Date today = today_();
  return Append(who, id, std::move(step), [&](const FollowUpView& v) -> Status {
    if (!v.may_write) {
      return Denied("progress is reported by those who may record the status");
    }
    return CheckProgress(v.state, s.comment, s.source, s.next_due_on, today);
  });
}

}  // namespace openkp::review
