#include "review/json.h"

#include "core/csv.h"
#include "core/json_reader.h"

namespace openkp::review {

namespace {

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}
json::array Pairs(const std::vector<std::pair<std::string, std::string>>& v) {
  json::array a;
  for (const auto& [label, value] : v) {
    a.push_back(json::object{{"label", label}, {"value", value}});
  }
  return a;
}

}  // namespace

json::value TriageToJson(const TriageStep& s) {
  json::object o{{"action", s.action}, {"at", s.at}, {"fingerprint", s.fingerprint}};
  // Officers get decisions without the analysts' notes and names (the service blanks them).
  if (!s.note.empty()) o["note"] = s.note;
  if (!s.actor.empty()) o["by"] = s.actor;
  if (s.questionnaire_id != 0) o["questionnaire"] = s.questionnaire_id;
  return o;
}

json::object FindingFieldsToJson(const Finding& f) {
  return json::object{{"id", f.id},
                      {"rule", f.rule},
                      {"participants", Strings(f.participants)},
                      {"period", f.period},
                      {"figure", f.figure},
                      {"severity", f.severity},
                      {"message", f.message},
                      {"compared", Pairs(f.compared)},
                      {"threshold", f.threshold},
                      {"sources", Strings(f.sources)},
                      {"fingerprint", f.fingerprint},
                      {"group", f.group},
                      {"certificates", f.certificates}};
}

json::object FindingToJson(const TrackedFinding& t) {
  json::object o = FindingFieldsToJson(t.finding);
  o["state"] = t.state;
  o["numbers_changed"] = t.numbers_changed;
  o["decision"] = t.latest ? TriageToJson(*t.latest) : json::value(nullptr);
  return o;
}

json::object GroupToJson(const TrackedGroup& g) {
  json::object states;
  for (const auto& [s, n] : g.states) states[s] = n;
  json::object o{{"id", g.group.id},
                 {"rule", g.group.rule},
                 {"participants", Strings(g.group.participants)},
                 {"period", g.group.period},
                 {"severity", g.group.severity},
                 {"message", g.group.message},
                 {"count", static_cast<int64_t>(g.group.findings.size())},
                 {"state", g.state},
                 {"states", std::move(states)}};
  if (!g.findings.empty()) {
    json::array fs;
    for (const auto& f : g.findings) fs.push_back(FindingToJson(f));
    o["findings"] = std::move(fs);
  }
  return o;
}

std::string GroupsToCsv(const FindingPage& page) {
  std::string out = "id,severity,state,rule,participants,period,count,message\r\n";
  for (const auto& g : page.groups) {
    std::string who;
    for (const auto& p : g.group.participants) who += (who.empty() ? "" : "; ") + p;
    out += core::CsvField(g.group.id) + "," + std::to_string(g.group.severity) + "," +
           core::CsvField(g.state) + "," + core::CsvField(g.group.rule) + "," +
           core::CsvField(who) + "," + core::CsvField(g.group.period) + "," +
           std::to_string(g.group.findings.size()) + "," + core::CsvField(g.group.message) + "\r\n";
  }
  return out;
}

json::object DocumentToJson(const Document& d) {
  return {{"id", d.id},         {"name", d.name}, {"content_type", d.content_type},
          {"sha256", d.sha256}, {"size", d.size}, {"uploaded_by", d.uploaded_by},
          {"uploaded_at", d.at}};
}

json::object QuestionnaireToJson(const QuestionnaireView& v, bool full) {
  const auto& q = v.questionnaire;
  json::object o{{"id", q.id},
                 {"participant", q.participant},
                 {"title", q.title},
                 {"due_on", v.due_on},
                 {"first_due_on", q.due_on},
                 {"sent_at", q.created_at},
                 {"sent_by", q.created_by},
                 {"state", v.state},
                 {"clarification_requested", v.clarification},
                 {"overdue", v.overdue},
                 {"days_overdue", v.days_overdue},
                 {"listed_as_non_respondent", v.listed}};
  if (!q.steps.empty()) o["last_step_at"] = q.steps.back().at;
  if (!full) return o;
  o["message"] = q.message;
  json::array findings;
  for (const auto& f : q.findings) {
    findings.push_back(json::object{{"id", f.finding_id},
                                    {"fingerprint", f.fingerprint},
                                    {"rule", f.rule},
                                    {"period", f.period},
                                    {"message", f.message},
                                    {"compared", Pairs(f.compared)},
                                    {"threshold", f.threshold},
                                    {"sources", Strings(f.sources)}});
  }
  o["findings"] = std::move(findings);
  json::array steps;
  for (const auto& s : q.steps) {
    json::object step{{"id", s.id}, {"action", s.action},     {"text", s.text},    {"by", s.actor},
                      {"at", s.at}, {"document", s.document}, {"sha256", s.sha256}};
    if (!s.due_on.empty()) step["due_on"] = s.due_on;
    steps.push_back(std::move(step));
  }
  o["steps"] = std::move(steps);
  json::array docs;
  for (const auto& d : q.documents) docs.push_back(DocumentToJson(d));
  o["documents"] = std::move(docs);
  return o;
}

namespace {
json::value OrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}
}  // namespace

json::object PeerReviewToJson(const PeerReview& r) {
  json::array team;
  for (const auto& m : r.team) {
    json::object o{{"name", m.name}, {"constituency", m.constituency}, {"role", m.role}};
    if (m.user_id != 0) o["user"] = m.user_id;
    team.push_back(std::move(o));
  }
  json::array stages;
  for (const auto& s : r.stages) {
    json::object o{{"id", s.id}, {"stage", s.stage}, {"at", s.at}, {"sha256", s.sha256}};
    if (!s.note.empty()) o["note"] = s.note;
    if (!s.actor.empty()) o["by"] = s.actor;
    if (!s.document.empty()) o["document"] = s.document;
    stages.push_back(std::move(o));
  }
  return {{"id", r.id},
          {"participant", r.participant},
          {"type", r.type},
          {"title", r.title},
          {"terms_of_reference", r.terms_of_reference},
          {"starts_on", r.starts_on},
          {"ends_on", r.ends_on},
          {"stage", CurrentStage(r)},
          {"team", std::move(team)},
          {"stages", std::move(stages)}};
}

json::object InputToJson(const ReviewInput& x) {
  json::array uses;
  for (const auto& u : x.uses) {
    uses.push_back(json::object{{"text", u.text}, {"by", u.actor}, {"at", u.at}});
  }
  json::array documents;
  for (const auto& d : x.documents) {
    json::object o = DocumentToJson(d);
    o["uploaded_by"] = OrNull(d.uploaded_by);  // blank unless the caller may know who gave it
    // The salted record whose SHA-256 the log holds: for the team and the contributor (those
    // who see who gave it), to prove the file later.
    if (!d.uploaded_by.empty()) o["record"] = d.record;
    documents.push_back(std::move(o));
  }
  return {{"id", x.id},
          {"review", x.review_id},
          {"contributor", OrNull(x.contributor)},
          {"text", x.text},
          {"visibility", x.visibility},
          {"hide_source", x.hide_source},
          {"incidents", json::array(x.incidents.begin(), x.incidents.end())},
          {"sites", json::array(x.sites.begin(), x.sites.end())},
          {"at", x.at},
          {"document", OrNull(x.document)},
          {"documents", std::move(documents)},
          {"uses", std::move(uses)}};
}

json::object StepToJson(const FollowUpStep& s) {
  json::object o{{"id", s.id},
                 {"kind", s.kind},
                 {"value", OrNull(s.value)},
                 {"comment", s.comment},
                 {"source", OrNull(s.source)},
                 {"by", OrNull(s.actor)},
                 {"at", s.at}};
  if (!s.due_on.empty()) o["next_due_on"] = s.due_on;
  if (!s.evidence.empty()) o["evidence"] = json::value_from(s.evidence);
  o["document"] = OrNull(s.document);
  return o;
}

json::object RecommendationToJson(const RecommendationView& v) {
  const auto& r = v.recommendation;
  json::array steps;
  for (const auto& s : r.steps) steps.push_back(StepToJson(s));
  return {{"id", r.id},
          {"review", r.review_id},
          {"participant", r.participant},
          {"paragraph", r.paragraph},
          {"text", r.text},
          {"addressee", r.addressee},
          {"core_section", r.core_section},
          {"specificity", r.specificity},
          {"repeats", r.repeats == 0 ? json::value(nullptr) : json::value(r.repeats)},
          {"response", OrNull(v.response)},
          {"status", v.status},
          {"status_source", OrNull(v.status_source)},
          {"civil_society_assessment", OrNull(v.civil_society)},
          {"next_report_due", OrNull(v.next_report_due)},
          {"document", OrNull(r.document)},
          {"overdue", v.overdue},
          {"steps", std::move(steps)}};
}

json::object RegionToJson(const Region& r) {
  json::array members;
  for (const auto& m : r.members) {
    json::object o{{"name", m.name},
                   {"organisation", OrNull(m.organisation)},
                   {"constituency", m.constituency},
                   {"participant", OrNull(m.participant)},
                   {"admin", m.admin}};
    // Blank (0) unless the caller is an admin or one of the region's administrators.
    if (m.user_id != 0) o["user"] = m.user_id;
    members.push_back(std::move(o));
  }
  return {{"code", r.code},
          {"name", r.name},
          {"kind", r.kind},
          {"participants", json::value_from(r.participants)},
          {"members", std::move(members)},
          {"version", r.version},
          {"recorded_by", OrNull(r.recorded_by)},
          {"recorded_at", r.recorded_at},
          {"document", r.recorded_by.empty() ? json::value(nullptr) : json::value(r.document)}};
}

namespace {
json::object StateToJson(const TrackState& s) {
  return {{"status", s.status},
          {"status_source", OrNull(s.status_source)},
          {"civil_society_assessment", OrNull(s.civil_society)},
          {"civil_society_source", OrNull(s.civil_society_source)},
          {"next_report_due", OrNull(s.next_report_due)},
          {"last_progress_on", OrNull(s.last_progress_on)},
          {"overdue", s.overdue},
          {"past_target", s.past_target}};
}
}  // namespace

json::object FollowUpToJson(const FollowUpView& v) {
  const FollowUp& f = v.item;
  json::object o{{"id", f.id},
                 {"type", f.type},
                 {"scope", OrNull(v.scope)},
                 {"text", f.text},
                 {"owner", f.owner},
                 {"due_on", f.due_on},
                 {"first_report_due", f.first_report_due}};
  if (f.type == "action") {
    o["plan"] = f.plan_id;
    o["axis"] = f.axis;
    o["indicator"] = OrNull(f.indicator);
    o["starts_on"] = OrNull(f.starts_on);
  } else {
    o["promised_to"] = f.promised_to;
    o["made_on"] = f.made_on;
    o["place"] = OrNull(f.place);
    o["source"] = f.source;
    o["activity"] = OrNull(f.activity);
    o["region"] = OrNull(f.region);
    o["participant"] = OrNull(f.participant);
    o["incidents"] = json::array(f.incidents.begin(), f.incidents.end());
    o["sites"] = json::value_from(f.sites);
  }
  o["state"] = StateToJson(v.state);
  o["recorded_by"] = OrNull(f.created_by);
  o["recorded_at"] = f.created_at;
  o["document"] = f.document;  // salted: what the log holds the SHA-256 of
  o["may_write"] = v.may_write;
  json::array steps;
  for (const auto& s : f.steps) steps.push_back(StepToJson(s));
  o["steps"] = std::move(steps);
  return o;
}

json::object ActionPlanToJson(const ActionPlanView& v) {
  const ActionPlan& p = v.plan;
  json::array actions;
  for (const auto& a : v.actions) actions.push_back(FollowUpToJson(a));
  json::object statuses;
  for (const auto& [k, n] : v.statuses) statuses[k] = n;
  return {{"id", p.id},
          {"scope", p.scope},
          {"title", p.title},
          {"axes", json::value_from(p.axes)},
          {"adopted_on", p.adopted_on},
          {"adopted_at", OrNull(p.adopted_at)},
          {"source", p.source},
          {"recorded_by", OrNull(p.created_by)},
          {"recorded_at", p.created_at},
          {"document", p.document},
          {"statuses", std::move(statuses)},
          {"overdue", v.overdue},
          {"may_write", v.may_write},
          {"actions", std::move(actions)}};
}

std::vector<std::vector<std::string>> FollowUpRows(const std::vector<FollowUpView>& list) {
  std::vector<std::vector<std::string>> rows = {
      {"id", "type", "scope", "plan", "axis", "text", "owner", "promised_to", "made_on", "place",
       "source", "due_on", "status", "status_source", "civil_society_assessment", "next_report_due",
       "overdue"}};
  for (const auto& v : list) {
    const FollowUp& f = v.item;
    rows.push_back({std::to_string(f.id), f.type, v.scope,
                    f.plan_id == 0 ? "" : std::to_string(f.plan_id), f.axis, f.text, f.owner,
                    f.promised_to, f.made_on, f.place, f.source, f.due_on, v.state.status,
                    v.state.status_source, v.state.civil_society, v.state.next_report_due,
                    v.state.overdue ? "yes" : "no"});
  }
  return rows;
}

// --- Requests (the API's bodies, the CLI's files) ---

namespace {

std::vector<std::string> Strings(core::ObjectReader& r, const char* key, bool required) {
  std::vector<std::string> out;
  const json::value* v = required ? r.Value(key) : r.OptionalValue(key);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    r.Fail(key, "array", "must be an array of strings");
    return out;
  }
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) {
      r.Fail(key, "string", "must be an array of strings");
      return {};
    }
    out.emplace_back(e.as_string());
  }
  return out;
}

}  // namespace

core::Result<Region> RegionFromJson(const json::value& body, bool with_code) {
  core::ObjectReader r(body, "");
  Region g;
  if (with_code) g.code = r.String("code");
  g.name = r.String("name");
  g.kind = r.OptionalString("kind", with_code ? "region" : "");
  if (!with_code) {
    // A region as GET answers it may be sent back: what the server keeps is ignored.
    for (const char* kept : {"code", "version", "recorded_by", "recorded_at", "document"}) {
      (void)r.OptionalValue(kept);
    }
  }
  g.participants = Strings(r, "participants", true);
  if (const auto* members = r.OptionalValue("members")) {
    if (!members->is_array()) {
      r.Fail("members", "array", "must be an array of members");
    } else {
      for (size_t i = 0; i < members->as_array().size(); ++i) {
        core::ObjectReader m(members->as_array()[i], "members[" + std::to_string(i) + "]");
        RegionMember x;
        // null as GET writes an empty one: a region read may be sent back.
        auto text = [&m](const char* key) {
          const json::value* v = m.OptionalValue(key);
          return v == nullptr || v->is_null() ? std::string() : m.OptionalString(key);
        };
        x.name = m.String("name");
        x.organisation = text("organisation");
        x.constituency = m.String("constituency");
        x.participant = text("participant");
        if (m.OptionalValue("user") != nullptr) {
          x.user_id = m.Integer("user");
          if (m.ok() && x.user_id <= 0) m.Fail("user", "user", "must be the id of a user");
        }
        if (m.OptionalValue("admin") != nullptr) x.admin = m.Bool("admin");
        OPENKP_RETURN_IF_ERROR(m.Finish());
        g.members.push_back(std::move(x));
      }
    }
  }
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return g;
}

core::Result<NewActionPlan> ActionPlanFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  NewActionPlan n;
  n.scope = r.String("scope");
  n.title = r.String("title");
  n.axes = Strings(r, "axes", true);
  n.adopted_on = r.String("adopted_on");
  n.adopted_at = r.OptionalString("adopted_at");
  n.source = r.OptionalString("source");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return n;
}

core::Result<NewAction> ActionFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  NewAction n;
  n.axis = r.String("axis");
  n.text = r.String("text");
  n.owner = r.String("owner");
  n.indicator = r.OptionalString("indicator");
  n.starts_on = r.OptionalString("starts_on");
  n.due_on = r.String("due_on");
  n.first_report_due = r.OptionalString("first_report_due");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return n;
}

core::Result<NewCommitment> CommitmentFromJson(const json::value& body) {
  core::ObjectReader r(body, "");
  NewCommitment n;
  n.text = r.String("text");
  n.owner = r.String("owner");
  n.promised_to = r.String("promised_to");
  n.made_on = r.String("made_on");
  n.place = r.OptionalString("place");
  n.source = r.OptionalString("source");
  n.activity = r.OptionalString("activity");
  n.region = r.OptionalString("region");
  n.participant = r.OptionalString("participant");
  n.due_on = r.String("due_on");
  n.first_report_due = r.OptionalString("first_report_due");
  if (const auto* v = r.OptionalValue("incidents")) {
    if (!v->is_array()) {
      r.Fail("incidents", "array", "must be an array of incident report ids");
    } else {
      for (const auto& e : v->as_array()) {
        if (!e.is_int64()) {
          r.Fail("incidents", "integer", "must be an array of incident report ids");
          break;
        }
        n.incidents.push_back(e.as_int64());
      }
    }
  }
  n.sites = Strings(r, "sites", false);
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return n;
}

core::Result<NewStep> StepFromJson(const json::value& body, bool progress) {
  core::ObjectReader r(body, "");
  NewStep s;
  if (progress) {
    s.comment = r.String("text");
    s.next_due_on = r.OptionalString("next_due_on");
  } else {
    s.value = r.String("status");
    s.comment = r.OptionalString("comment");
  }
  s.source = r.OptionalString("source");
  s.evidence = Strings(r, "evidence", false);
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return s;
}

}  // namespace openkp::review
