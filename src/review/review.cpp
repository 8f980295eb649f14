#include "review/review.h"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "core/jcs.h"
#include "core/text.h"
#include "crypto/crypto.h"
#include "review/review_internal.h"

namespace openkp::review {

namespace json = boost::json;

namespace internal {

Status Denied(const std::string& why) { return Status(core::Code::kPermissionDenied, why); }

Status CheckDate(const std::string& field, const std::string& v, bool required) {
  if (v.empty() && !required) return {};
  if (!core::Date::Parse(v).ok())
    return Status::Invalid(field, "date", "must be a date YYYY-MM-DD");
  return {};
}

bool ValidParticipantCode(const std::string& c) {
  return c.size() >= 2 && c.size() <= 3 &&
         std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}
Status Conflict(const std::string& why) { return Status(core::Code::kFailedPrecondition, why); }

Status CheckText(const std::string& field, const std::string& v, size_t max, bool required) {
  return core::CheckPlainText(field, v, max, required);
}

core::Result<std::string> SaltedDocument(json::object o) {
  o["salt"] = crypto::HexEncode(crypto::RandomBytes(16));
  return core::Canonicalize(o);
}

Status AppendPublished(store::Database& db, store::Txn& t, const std::string& kind,
                       const std::string& subject, const std::string& actor,
                       json::object published) {
  json::object payload{{"public", std::move(published)}};
  return db.events().Append(t, {0, kind, subject, "", "", actor, json::serialize(payload)});
}

}  // namespace internal

namespace {

using internal::CheckText;
using internal::Conflict;
using internal::Denied;

bool Involves(const std::vector<std::string>& participants, const std::string& p) {
  return std::find(participants.begin(), participants.end(), p) != participants.end();
}

bool IsOfficer(const accounts::Principal& who) { return who.user.role == store::Role::kOfficer; }

// A finding's state from its latest decision and its numbers now.
TrackedFinding Track(const Finding& f, const std::map<std::string, TriageStep>& latest) {
  TrackedFinding t;
  t.finding = f;
  auto it = latest.find(f.id);
  if (it == latest.end()) return t;
  t.latest = it->second;
  if (it->second.action == "reopened") {
    t.state = "open";
  } else if (it->second.action == "questioned") {
    t.state = "questioned";  // until its questionnaire is decided, whatever the numbers do
  } else if (it->second.fingerprint != f.fingerprint) {
    t.state = "reopened";
    t.numbers_changed = true;
  } else {
    t.state = it->second.action;
  }
  return t;
}

// The findings `id` names: a group's findings, or the one finding with that id (none: empty).
std::vector<const Finding*> FindingsNamed(const Findings& all, const std::string& id) {
  std::vector<const Finding*> out;
  for (const auto& g : all.groups) {
    if (g.id == id) {
      for (size_t i : g.findings) out.push_back(&all.findings[i]);
    }
  }
  if (out.empty()) {
    for (const auto& f : all.findings) {
      if (f.id == id) out.push_back(&f);
    }
  }
  return out;
}

// What a participant's officer sees of a decision: the state, not the analysts' notes.
void HideNotes(TrackedFinding& t) {
  if (!t.latest) return;
  t.latest->note.clear();
  t.latest->actor.clear();
}

// A finding that involves two participants may be in a questionnaire to the other one: its
// officers must not learn of it. Decisions tied to a questionnaire not in `own` are hidden, and
// the finding shows the state it had before them (open: only open findings are questioned).
void HideForeign(TrackedFinding& t, const std::set<int64_t>& own) {
  if (!t.latest || t.latest->questionnaire_id == 0 || own.count(t.latest->questionnaire_id)) {
    return;
  }
  t.latest.reset();
  t.state = "open";
  t.numbers_changed = false;
}

std::string Sha256Hex(const std::string& s) { return crypto::Sha256Hex(s); }

json::array PairsJson(const std::vector<std::pair<std::string, std::string>>& pairs) {
  json::array a;
  for (const auto& [k, v] : pairs) a.push_back(json::array{json::string(k), json::string(v)});
  return a;
}

// The canonical document of a step: what the log commits to (its SHA-256). A random salt makes
// the hash impossible to test against guesses (who was asked what, and when): only those who
// hold the document can match it to the log.
Result<std::string> StepDocument(const Questionnaire& q, const std::string& action,
                                 const std::string& text, const std::string& at,
                                 const std::vector<Document>& documents,
                                 const std::string& due_on) {
  json::object o{{"questionnaire", q.id},
                 {"participant", q.participant},
                 {"action", action},
                 {"at", at},
                 {"text", text}};
  if (action == "sent") {
    o["title"] = q.title;
    o["due_on"] = q.due_on;
    json::array findings;
    for (const auto& f : q.findings) {
      findings.push_back(json::object{{"id", f.finding_id},
                                      {"fingerprint", f.fingerprint},
                                      {"rule", f.rule},
                                      {"period", f.period},
                                      {"message", f.message},
                                      {"compared", PairsJson(f.compared)}});
    }
    o["findings"] = std::move(findings);
  }
  if (action == "clarification") o["due_on"] = due_on;
  if (action == "answered") {
    json::array docs;
    for (const auto& d : documents) {
      docs.push_back(json::object{{"id", d.id}, {"name", d.name}, {"sha256", d.sha256}});
    }
    o["documents"] = std::move(docs);
  }
  return internal::SaltedDocument(std::move(o));
}

// A questionnaire step enters the log as its SHA-256 and ids (never its text, nor, unless it
// is the public listing, the participant).
Status AppendEvent(store::Database& db, store::Txn& t, const QuestionnaireStep& step,
                   const std::string& participant) {
  json::object pub{
      {"questionnaire", step.questionnaire_id}, {"step", step.id}, {"sha256", step.sha256}};
  if (step.action == "listed") pub["participant"] = participant;
  json::object payload{{"public", std::move(pub)}};
  return db.events().Append(t, {0, "review.questionnaire." + step.action, StepSubject(step), "", "",
                                step.actor, json::serialize(payload)});
}

}  // namespace

std::string StepSubject(const QuestionnaireStep& step) {
  return "questionnaire:" + std::to_string(step.questionnaire_id) +
         ":step:" + std::to_string(step.id);
}

bool IsAnalyst(const accounts::Principal& who) {
  return who.is_admin() || who.user.role == store::Role::kAnalyst;
}

Review::Review(store::Database& db, std::unique_ptr<ReviewStore> store, FindingSource source,
               ReviewOptions options, std::function<core::Date()> today)
    : db_(db),
      store_(std::move(store)),
      source_(std::move(source)),
      options_(options),
      today_(std::move(today)) {}

Result<std::shared_ptr<const Findings>> Review::CurrentFindings() {
  std::lock_guard lock(cache_mu_);
  // Read before running the rules, so that a change during the run makes the next call run
  // them again (never the other way round).
  std::string version;
  if (version_) {
    auto v = version_();
    if (!v.ok()) return v.status();
    version = std::move(*v);
  } else {
    auto stamp = db_.CurrentChangeStamp();
    if (!stamp.ok()) return stamp.status();
    version = std::to_string(stamp->external) + "." + std::to_string(stamp->local);
  }
  if (cached_ && cached_version_ == version) return cached_;
  auto found = source_();
  if (!found.ok()) return found.status();
  cached_ = std::make_shared<const Findings>(std::move(*found));
  cached_version_ = std::move(version);
  return cached_;
}

Result<std::string> Review::CheckDueDate(const std::string& text) const {
  auto due = core::Date::Parse(text);
  if (!due.ok()) return Status::Invalid("due_on", "date", "must be a date YYYY-MM-DD");
  const core::Date today = today_();
  if (!(*due > today) || due->days() - today.days() > options_.max_due_days) {
    return Status::Invalid(
        "due_on", "range",
        "must be after today and at most " + std::to_string(options_.max_due_days) + " days ahead");
  }
  return due->ToString();
}

Result<std::set<int64_t>> Review::OwnQuestionnaires(const std::string& participant) {
  auto list =
      ReadValue(db_, [&](store::Txn& t) { return store_->ListQuestionnaires(t, participant); });
  if (!list.ok()) return list.status();
  std::set<int64_t> ids;
  for (const auto& q : *list) ids.insert(q.id);
  return ids;
}

Status Review::MayRead(const accounts::Principal& who, const std::string& participant) const {
  if (IsAnalyst(who)) return {};
  if (IsOfficer(who) && (participant.empty() || participant == who.user.participant)) return {};
  if (IsOfficer(who)) {
    return Denied("an officer of " + who.user.participant + " sees only its own participant's");
  }
  return Denied("findings and questionnaires are for analysts, admins and participants' officers");
}

namespace {

// A group's severity, rules and message from the findings it lists (a part of the group's).
void Summarise(const Findings& all, FindingGroup& g) {
  const Finding& first = all.findings[g.findings.front()];
  g.severity = first.severity;
  g.rule.clear();
  for (size_t i : g.findings) {
    const std::string& rule = all.findings[i].rule;
    if ((", " + g.rule + ", ").find(", " + rule + ", ") == std::string::npos) {
      g.rule += (g.rule.empty() ? "" : ", ") + rule;
    }
  }
  const std::string who = g.participants.empty() ? "" : g.participants[0];
  g.message = g.findings.size() == 1
                  ? first.message
                  : who + " " + (g.period.empty() ? "(any year)" : g.period) + ": " +
                        std::to_string(g.findings.size()) + " findings (" + g.rule +
                        "); the most severe: " + first.message;
}

}  // namespace

Result<FindingPage> Review::ListFindings(const accounts::Principal& who, const FindingQuery& q) {
  OPENKP_RETURN_IF_ERROR(MayRead(who, q.participant.value_or("")));
  if (q.limit < 1 || q.limit > 1000) {
    return Status::Invalid("limit", "range", "must be from 1 to 1000");
  }
  if (q.offset < 0) return Status::Invalid("offset", "range", "must not be negative");
  static const std::set<std::string> kStates = {"open",       "dismissed", "explained",
                                                "questioned", "escalated", "reopened"};
  if (q.state && !kStates.count(*q.state)) {
    return Status::Invalid("state", "enum",
                           "must be open, dismissed, explained, questioned, escalated or reopened");
  }
  const std::string scope = IsAnalyst(who) ? q.participant.value_or("") : who.user.participant;
  auto current = CurrentFindings();
  if (!current.ok()) return current.status();
  const Findings& all = **current;
  auto latest = ReadValue(db_, [&](store::Txn& t) { return store_->LatestTriage(t); });
  if (!latest.ok()) return latest.status();
  std::set<int64_t> own;
  if (!IsAnalyst(who)) {
    auto mine = OwnQuestionnaires(who.user.participant);
    if (!mine.ok()) return mine.status();
    own = std::move(*mine);
  }
  FindingPage page;
  bool group_found = false;
  for (const FindingGroup& g : all.groups) {
    if (q.group && g.id != *q.group) continue;
    group_found = true;
    // A group lists the findings that match the query (and that the caller may see): a group
    // of one participant and year holds findings of several rules, and some name others too.
    TrackedGroup tg;
    tg.group = g;
    tg.group.findings.clear();
    std::vector<TrackedFinding> matching;
    for (size_t i : g.findings) {
      const Finding& f = all.findings[i];
      if (!scope.empty() && !Involves(f.participants, scope)) continue;
      if (q.rule && f.rule != *q.rule) continue;
      TrackedFinding tf = Track(f, *latest);
      if (!IsAnalyst(who)) HideForeign(tf, own);
      if (q.state && tf.state != *q.state) continue;
      tg.group.findings.push_back(i);
      ++tg.states[tf.state];
      if (q.group) {
        if (!IsAnalyst(who)) HideNotes(tf);
        tg.findings.push_back(std::move(tf));
      }
    }
    if (tg.group.findings.empty()) continue;
    if (tg.group.findings.size() != g.findings.size()) Summarise(all, tg.group);
    if (tg.states.count("open") || tg.states.count("reopened")) {
      tg.state = "open";
    } else {
      tg.state = tg.states.size() == 1 ? tg.states.begin()->first : "mixed";
    }
    ++page.total_groups;
    page.total_findings += static_cast<int64_t>(tg.group.findings.size());
    for (const auto& [s, n] : tg.states) page.states[s] += n;
    if (page.total_groups > q.offset && static_cast<int64_t>(page.groups.size()) < q.limit) {
      page.groups.push_back(std::move(tg));
    }
  }
  if (q.group && (!group_found || page.groups.empty())) {
    return Status::NotFound("no group of findings " + *q.group);
  }
  return page;
}

Result<Review::CertificatePage> Review::RollUpCertificates(const accounts::Principal& who,
                                                           const std::string& id, int64_t limit,
                                                           int64_t offset) {
  if (limit < 1 || limit > 1000) return Status::Invalid("limit", "range", "must be from 1 to 1000");
  if (offset < 0) return Status::Invalid("offset", "range", "must not be negative");
  auto found = GetFinding(who, id);  // the roll-up, as this caller may see it
  if (!found.ok()) return found.status();
  const Finding& rollup = found->first.finding;
  if (!lister_) return Status::Internal("no lister of a roll-up's certificates");
  if (rollup.certificates == 0) {
    return Status::Invalid("id", "roll-up",
                           "finding " + id +
                               " is not a roll-up of certificates; its sources "
                               "name what it read");
  }
  auto all = lister_(rollup);
  if (!all.ok()) return all.status();
  CertificatePage page;
  page.total = static_cast<int64_t>(all->size());
  for (int64_t i = offset; i < page.total && i < offset + limit; ++i) {
    page.findings.push_back(std::move((*all)[static_cast<size_t>(i)]));
  }
  return page;
}

Result<std::pair<TrackedFinding, std::vector<TriageStep>>> Review::GetFinding(
    const accounts::Principal& who, const std::string& id) {
  OPENKP_RETURN_IF_ERROR(MayRead(who, ""));
  auto current = CurrentFindings();
  if (!current.ok()) return current.status();
  const Finding* found = nullptr;
  for (const auto& f : (*current)->findings) {
    if (f.id == id) found = &f;
  }
  auto visible = [&](const Finding& f) {
    return IsAnalyst(who) || Involves(f.participants, who.user.participant);
  };
  if (found == nullptr || !visible(*found)) {
    // Triage and questionnaires take a group's id too: say where a visible group's findings are
    // (with no finding of that id, FindingsNamed names the group's findings only).
    const std::vector<const Finding*> named =
        found == nullptr ? FindingsNamed(**current, id) : std::vector<const Finding*>();
    const auto in_group =
        std::count_if(named.begin(), named.end(), [&](const Finding* f) { return visible(*f); });
    if (in_group > 0) {
      return Status::NotFound(id + " is a group of " + std::to_string(in_group) +
                              (in_group == 1 ? " finding" : " findings") +
                              ", not a finding: GET /v1/findings?group=" + id + " lists them");
    }
    return Status::NotFound("no finding " + id + " (findings change as the data do)");
  }
  auto history = ReadValue(db_, [&](store::Txn& t) { return store_->TriageHistory(t, id); });
  if (!history.ok()) return history.status();
  if (!IsAnalyst(who)) {
    auto own = OwnQuestionnaires(who.user.participant);
    if (!own.ok()) return own.status();
    std::erase_if(*history, [&](const TriageStep& s) {
      return s.questionnaire_id != 0 && !own->count(s.questionnaire_id);
    });
  }
  std::map<std::string, TriageStep> latest;
  if (!history->empty()) latest.emplace(id, history->back());
  TrackedFinding tf = Track(*found, latest);
  if (!IsAnalyst(who)) {
    HideNotes(tf);
    for (auto& s : *history) s.note.clear(), s.actor.clear();
  }
  return std::make_pair(std::move(tf), std::move(*history));
}

Result<std::vector<TrackedFinding>> Review::Triage(const accounts::Principal& who,
                                                   const std::string& id, const std::string& action,
                                                   const std::string& note) {
  if (!IsAnalyst(who)) return Denied("triage is for statistics analysts and admins");
  std::string step_action;
  if (action == "dismiss") {
    step_action = "dismissed";
  } else if (action == "explain") {
    step_action = "explained";
  } else if (action == "reopen") {
    step_action = "reopened";
  } else {
    return Status::Invalid("action", "enum", "must be dismiss, explain or reopen");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("note", note, 4000, step_action != "reopened"));
  auto current = CurrentFindings();
  if (!current.ok()) return current.status();
  const Findings& all = **current;
  const std::vector<const Finding*> targets = FindingsNamed(all, id);
  if (targets.empty()) return Status::NotFound("no finding or group " + id);
  std::vector<TrackedFinding> done;
  const std::string at = core::TimestampOn(today_());
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto latest = store_->LatestTriage(t);
    if (!latest.ok()) return latest.status();
    for (const Finding* f : targets) {
      TrackedFinding tf = Track(*f, *latest);
      if (tf.state == "questioned") {
        return Conflict("finding " + f->id + " is in questionnaire " +
                        std::to_string(tf.latest->questionnaire_id) +
                        ", which awaits its answer or a decision");
      }
      const bool is_open = tf.state == "open" || tf.state == "reopened";
      if (step_action == "reopened" ? is_open : tf.state == step_action) {
        if (targets.size() == 1)
          return Conflict("finding " + f->id + " is " + tf.state + " already");
        continue;  // a group: decide the others
      }
      TriageStep step{0, f->id, f->fingerprint, step_action, note, 0, who.user.name, at};
      auto added = store_->AddTriage(t, step);
      if (!added.ok()) return added.status();
      step.id = *added;
      // Triage is the working group's own deliberation: recorded here, appended, and never
      // published (not even as a hash in the log: a finding's id and numbers can be guessed).
      tf.latest = step;
      tf.state = step_action == "reopened" ? "open" : step_action;
      tf.numbers_changed = false;
      done.push_back(std::move(tf));
    }
    if (done.empty()) return Conflict("every finding of group " + id + " is in that state already");
    return {};
  });
  if (!st.ok()) return st;
  return done;
}

Result<QuestionnaireView> Review::View(Questionnaire q) const {
  QuestionnaireView v;
  v.state = "awaiting-answer";
  for (const auto& s : q.steps) {
    if (s.action == "answered") {
      v.state = "answered";
      v.clarification = false;
    } else if (s.action == "accepted") {
      v.state = "closed";
    } else if (s.action == "clarification") {
      v.state = "awaiting-answer";
      v.clarification = true;
    } else if (s.action == "escalated") {
      v.state = "escalated";
    } else if (s.action == "listed") {
      v.listed = true;
    }
  }
  // A request for clarification sets when the next answer is due.
  v.due_on = q.due_on;
  for (const auto& s : q.steps) {
    if (s.action == "clarification" && !s.due_on.empty()) v.due_on = s.due_on;
  }
  auto due = core::Date::Parse(v.due_on);
  if (v.state == "awaiting-answer" && due.ok() && today_() > *due) {
    v.overdue = true;
    v.days_overdue = today_().days() - due->days();
  }
  v.questionnaire = std::move(q);
  return v;
}

Result<QuestionnaireView> Review::Raise(const accounts::Principal& who, const NewQuestionnaire& n) {
  if (!IsAnalyst(who)) return Denied("questionnaires are raised by statistics analysts and admins");
  if (n.participant.empty()) return Status::Invalid("participant", "required", "is required");
  OPENKP_RETURN_IF_ERROR(CheckText("title", n.title, 200, false));
  OPENKP_RETURN_IF_ERROR(CheckText("message", n.message, 8000, false));
  auto due = CheckDueDate(n.due_on);
  if (!due.ok()) return due.status();
  if (n.findings.empty() || n.findings.size() > 200) {
    return Status::Invalid("findings", "count", "must name 1 to 200 findings or groups");
  }
  auto current = CurrentFindings();
  if (!current.ok()) return current.status();
  const Findings& all = **current;
  std::vector<const Finding*> chosen;
  std::set<std::string> seen;
  for (size_t k = 0; k < n.findings.size(); ++k) {
    const std::string& id = n.findings[k];
    const std::vector<const Finding*> these = FindingsNamed(all, id);
    const std::string field = "findings[" + std::to_string(k) + "]";
    if (these.empty()) return Status::Invalid(field, "finding", "no finding or group " + id);
    for (const Finding* f : these) {
      if (!Involves(f->participants, n.participant)) {
        return Status::Invalid(field, "participant",
                               "finding " + f->id + " does not involve " + n.participant);
      }
      if (seen.insert(f->id).second) chosen.push_back(f);
    }
  }
  Questionnaire q;
  q.participant = n.participant;
  q.title = n.title.empty() ? "Data anomaly questionnaire" : n.title;
  q.message = n.message;
  q.due_on = *due;
  q.created_by = who.user.name;
  q.created_at = core::TimestampOn(today_());
  for (const Finding* f : chosen) {
    q.findings.push_back({f->id, f->fingerprint, f->rule, f->period, f->message, f->compared,
                          f->threshold, f->sources});
  }
  int64_t id = 0;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto latest = store_->LatestTriage(t);
    if (!latest.ok()) return latest.status();
    for (const Finding* f : chosen) {
      TrackedFinding tf = Track(*f, *latest);
      if (tf.state != "open" && tf.state != "reopened") {
        return Conflict("finding " + f->id + " is " + tf.state + "; reopen it first");
      }
    }
    auto added = store_->AddQuestionnaire(t, q);
    if (!added.ok()) return added.status();
    id = *added;
    q.id = id;
    auto doc = StepDocument(q, "sent", q.message, q.created_at, {}, q.due_on);
    if (!doc.ok()) return doc.status();
    QuestionnaireStep step{
        0, id, "sent", q.message, who.user.name, q.created_at, *doc, Sha256Hex(*doc), q.due_on};
    auto sid = store_->AddStep(t, step);
    if (!sid.ok()) return sid.status();
    step.id = *sid;
    OPENKP_RETURN_IF_ERROR(AppendEvent(db_, t, step, q.participant));
    for (const Finding* f : chosen) {
      auto tr = store_->AddTriage(
          t, {0, f->id, f->fingerprint, "questioned", "questionnaire " + std::to_string(id), id,
              who.user.name, q.created_at});
      if (!tr.ok()) return tr.status();
    }
    return {};
  });
  if (!st.ok()) return st;
  return GetQuestionnaire(who, id);
}

Result<std::vector<QuestionnaireView>> Review::Questionnaires(const accounts::Principal& who,
                                                              const QuestionnaireQuery& q) {
  OPENKP_RETURN_IF_ERROR(MayRead(who, q.participant.value_or("")));
  static const std::set<std::string> kStates = {"awaiting-answer", "answered", "closed",
                                                "escalated"};
  if (q.state && !kStates.count(*q.state)) {
    return Status::Invalid("state", "enum",
                           "must be awaiting-answer, answered, closed or escalated");
  }
  const std::string scope = IsAnalyst(who) ? q.participant.value_or("") : who.user.participant;
  auto list = ReadValue(db_, [&](store::Txn& t) { return store_->ListQuestionnaires(t, scope); });
  if (!list.ok()) return list.status();
  std::vector<QuestionnaireView> out;
  for (auto& item : *list) {
    auto v = View(std::move(item));
    if (!v.ok()) return v.status();
    if (q.state && v->state != *q.state) continue;
    if (q.overdue_only && !v->overdue) continue;
    out.push_back(std::move(*v));
  }
  return out;
}

Result<QuestionnaireView> Review::GetQuestionnaire(const accounts::Principal& who, int64_t id) {
  OPENKP_RETURN_IF_ERROR(MayRead(who, ""));
  auto q = ReadValue(db_, [&](store::Txn& t) { return store_->GetQuestionnaire(t, id); });
  if (!q.ok()) return q.status();
  if (!IsAnalyst(who) && q->participant != who.user.participant) {
    return Status::NotFound("no questionnaire " + std::to_string(id));
  }
  return View(std::move(*q));
}

Result<QuestionnaireView> Review::AppendStep(
    const accounts::Principal& who, int64_t id, const std::string& action, const std::string& text,
    const std::string& due_on, const std::function<Status(const QuestionnaireView&)>& may) {
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto q = store_->GetQuestionnaire(t, id);
    if (!q.ok()) return q.status();
    if (!IsAnalyst(who) && q->participant != who.user.participant) {
      return Status::NotFound("no questionnaire " + std::to_string(id));
    }
    auto v = View(*q);
    if (!v.ok()) return v.status();
    OPENKP_RETURN_IF_ERROR(may(*v));
    const std::string at = core::TimestampOn(today_());
    auto doc = StepDocument(*q, action, text, at, q->documents, due_on);
    if (!doc.ok()) return doc.status();
    QuestionnaireStep step{0, id, action, text, who.user.name, at, *doc, Sha256Hex(*doc), due_on};
    auto sid = store_->AddStep(t, step);
    if (!sid.ok()) return sid.status();
    step.id = *sid;
    OPENKP_RETURN_IF_ERROR(AppendEvent(db_, t, step, q->participant));
    // The findings follow the questionnaire's outcome.
    if (action == "accepted" || action == "escalated") {
      for (const auto& f : q->findings) {
        auto tr = store_->AddTriage(
            t, {0, f.finding_id, f.fingerprint, action == "accepted" ? "explained" : "escalated",
                (action == "accepted" ? "answer accepted in questionnaire "
                                      : "escalated to monitoring from questionnaire ") +
                    std::to_string(id) + (text.empty() ? "" : ": " + text),
                id, who.user.name, at});
        if (!tr.ok()) return tr.status();
      }
    }
    return {};
  });
  if (!st.ok()) return st;
  return GetQuestionnaire(who, id);
}

Result<QuestionnaireView> Review::Answer(const accounts::Principal& who, int64_t id,
                                         const std::string& text) {
  if (!IsOfficer(who)) return Denied("answers come from the participant's officers");
  OPENKP_RETURN_IF_ERROR(CheckAnswerText(text));
  return AppendStep(who, id, "answered", text, "", [](const QuestionnaireView& v) -> Status {
    if (v.state != "awaiting-answer") {
      return Conflict("questionnaire " + std::to_string(v.questionnaire.id) + " is " + v.state +
                      ": it takes no answer");
    }
    return {};
  });
}

Status Review::CheckAnswerText(const std::string& text) {
  return CheckText("text", text, 20000, true);
}

Result<Document> Review::AddDocument(const accounts::Principal& who, int64_t id,
                                     const std::string& name, const std::string& content_type,
                                     const std::string& bytes) {
  if (!IsOfficer(who)) return Denied("documents come with the participant's answer");
  auto made = internal::NewDocument(name, content_type, bytes, options_.max_document_bytes,
                                    who.user.name, core::TimestampOn(today_()));
  if (!made.ok()) return made.status();
  Document& d = *made;
  d.questionnaire_id = id;
  Status st = db_.Write([&](store::Txn& t) -> Status {
    auto q = store_->GetQuestionnaire(t, id);
    if (!q.ok()) return q.status();
    if (q->participant != who.user.participant) {
      return Status::NotFound("no questionnaire " + std::to_string(id));
    }
    auto v = View(*q);
    if (!v.ok()) return v.status();
    if (v->state != "awaiting-answer") {
      return Conflict("questionnaire " + std::to_string(id) + " is " + v->state +
                      ": it takes no documents");
    }
    if (static_cast<int>(q->documents.size()) >= options_.max_documents) {
      return Conflict("a questionnaire holds at most " + std::to_string(options_.max_documents) +
                      " documents");
    }
    auto added = store_->AddDocument(t, d);
    if (!added.ok()) {
      if (added.status().code() == core::Code::kAlreadyExists) {
        return Status(core::Code::kAlreadyExists,
                      "questionnaire " + std::to_string(id) + " has a document named " + name);
      }
      return added.status();
    }
    d.id = *added;
    return {};
  });
  if (!st.ok()) return st;
  d.bytes.clear();
  return d;
}

Result<Document> Review::GetDocument(const accounts::Principal& who, int64_t id,
                                     int64_t document_id) {
  auto q = GetQuestionnaire(who, id);
  if (!q.ok()) return q.status();
  return ReadValue(db_, [&](store::Txn& t) { return store_->GetDocument(t, id, document_id); });
}

Result<QuestionnaireView> Review::Decide(const accounts::Principal& who, int64_t id,
                                         const std::string& action, const std::string& note,
                                         const std::string& due_on) {
  if (!IsAnalyst(who)) return Denied("decisions on answers are for statistics analysts and admins");
  std::string step;
  if (action == "accept") {
    step = "accepted";
  } else if (action == "clarify") {
    step = "clarification";
  } else if (action == "escalate") {
    step = "escalated";
  } else {
    return Status::Invalid("action", "enum", "must be accept, clarify or escalate");
  }
  OPENKP_RETURN_IF_ERROR(CheckText("note", note, 8000, step != "accepted"));
  std::string due;
  if (step == "clarification") {
    auto d = CheckDueDate(due_on);
    if (!d.ok()) return d.status();
    due = *d;
  } else if (!due_on.empty()) {
    return Status::Invalid("due_on", "unexpected",
                           "only a request for clarification sets a due date");
  }
  return AppendStep(who, id, step, note, due, [&](const QuestionnaireView& v) -> Status {
    if (v.state == "answered" || (step == "escalated" && v.overdue)) return {};
    const std::string verb = action == "accept"    ? "accepted"
                             : action == "clarify" ? "sent back for clarification"
                                                   : "escalated";
    std::string why = "questionnaire " + std::to_string(id) + " is " + v.state;
    if (v.state == "awaiting-answer") {
      why += step == "escalated" ? " and not overdue" : " (no answer to decide on)";
    }
    return Conflict(why + ": it cannot be " + verb + " now");
  });
}

Result<QuestionnaireView> Review::ListAsNonRespondent(const accounts::Principal& who, int64_t id) {
  if (!who.is_admin()) return Denied("only an admin publishes the non-respondents");
  return AppendStep(who, id, "listed", "", "", [&](const QuestionnaireView& v) -> Status {
    if (v.listed) return Conflict("questionnaire " + std::to_string(id) + " is listed already");
    if (!v.overdue) {
      return Conflict("questionnaire " + std::to_string(id) + " is " + v.state +
                      " and not overdue: only an overdue, unanswered questionnaire is listed");
    }
    return {};
  });
}

Result<std::vector<NonRespondent>> Review::NonRespondents() {
  auto list = ReadValue(db_, [&](store::Txn& t) { return store_->ListQuestionnaires(t, ""); });
  if (!list.ok()) return list.status();
  std::vector<NonRespondent> out;
  for (auto& q : *list) {
    std::string listed_on, answered_on;
    for (const auto& s : q.steps) {
      if (s.action == "listed") listed_on = s.at.substr(0, 10);
      if (s.action == "answered" && !listed_on.empty() && answered_on.empty()) {
        answered_on = s.at.substr(0, 10);
      }
    }
    if (listed_on.empty()) continue;
    auto v = View(q);
    if (!v.ok()) return v.status();
    out.push_back(
        {q.participant, q.id, q.created_at.substr(0, 10), v->due_on, listed_on, answered_on});
  }
  return out;
}

}  // namespace openkp::review
