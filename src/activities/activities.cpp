#include "activities/activities.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "activities/report.h"
#include "activities/values.h"
#include "activities/vocabulary.h"
#include "core/document.h"
#include "core/iso3166.h"
#include "core/text.h"
#include "crypto/crypto.h"

namespace openkp::activities {

using core::Status;

namespace {

bool IsCodeText(const std::string& s, size_t min, size_t max, bool lower_ok) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    (lower_ok && ((c >= 'a' && c <= 'z') || c == '-'));
    if (!ok) return false;
  }
  return true;
}

// An http(s) address in printable ASCII (a host in another script is written in punycode, a path
// percent-encoded: so no character can make it read as another), without user-info ("name@"
// before the host reads as a host of its own).
bool IsLink(const std::string& s) {
  if (s.rfind("https://", 0) != 0 && s.rfind("http://", 0) != 0) return false;
  if (s.size() > 2000 || s.size() < 10) return false;
  for (unsigned char c : s) {
    if (c <= ' ' || c >= 0x7f || std::string_view("\"<>\\^`{|}").find(c) != std::string::npos) {
      return false;
    }
  }
  const size_t host = s.find("//") + 2;
  const size_t end = s.find_first_of("/?#", host);
  const std::string authority = s.substr(host, end == std::string::npos ? end : end - host);
  return !authority.empty() && authority.find('@') == std::string::npos;
}

// A ref: capital letters, digits and hyphens (so that no two differ only by case).
bool IsRef(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// One line of text (a title, a name): as core::CheckPlainText, and no line break or tab.
Status CheckLine(const std::string& field, const std::string& text, size_t max) {
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText(field, text, max));
  if (text.find_first_of("\n\r\t") != std::string::npos) {
    return Status::Invalid(field, "one-line", "must be one line");
  }
  return {};
}

// "review:3", "recommendation:12", "incident:41", "site:ZW-MAR-001".
bool IsRelated(const std::string& r) {
  const size_t colon = r.find(':');
  if (colon == std::string::npos) return false;
  const std::string kind = r.substr(0, colon), id = r.substr(colon + 1);
  if (kind == "site") return IsCodeText(id, 1, 40, true);
  if (kind != "review" && kind != "recommendation" && kind != "incident") return false;
  return !id.empty() && id.size() <= 15 &&
         id.find_first_not_of("0123456789") == std::string::npos && id[0] != '0';
}

}  // namespace

int YearOf(const Activity& a) {
  if (a.start_on.size() < 4) return 0;
  int y = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (a.start_on[i] < '0' || a.start_on[i] > '9') return 0;
    y = y * 10 + (a.start_on[i] - '0');
  }
  return y;
}

Activities::Activities(store::Database& db, std::unique_ptr<ActivitiesStore> store,
                       std::function<core::Date()> today)
    : db_(db), store_(std::move(store)), today_(std::move(today)) {}

std::string Activities::Now() const { return core::TimestampOn(today_()); }

Result<Person> Activities::PartOf(const accounts::Principal* who) {
  Person none;
  if (who == nullptr) return none;
  none.user_id = who->user.id;
  if (who->is_admin()) {
    none.role = "coordinator";
    return none;
  }
  if (who->user.role != store::Role::kCoalition) return none;
  auto people = store::ReadValue(db_, [&](store::Txn& t) { return store_->People(t); });
  if (!people.ok()) return people.status();
  for (const auto& p : *people) {
    if (p.user_id == who->user.id) {
      if (p.role == "none") return none;
      return p;
    }
  }
  return none;
}

namespace {
Status RequireCoordinator(const Person& part) {
  if (part.role != "coordinator") {
    return Status::PermissionDenied("only the coalition's coordinator (or an admin) may do this");
  }
  return {};
}
Status RequirePart(const Person& part) {
  if (part.role.empty()) {
    return Status::PermissionDenied(
        "only the coalition's people (coordinator, editors, viewers) "
        "may read this");
  }
  return {};
}
}  // namespace

Result<std::vector<Member>> Activities::Members() {
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->Members(t); });
}

Result<Member> Activities::SaveMember(const accounts::Principal& who, Member m) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequireCoordinator(*part));
  if (!IsCodeText(m.code, 2, 12, false)) {
    return Status::Invalid("code", "member-code", "2 to 12 capital letters or digits");
  }
  if (m.name.empty()) return Status::Invalid("name", "required", "a member needs a name");
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("name", m.name, 200));
  // The coalition itself (kCoalitionCode) may have no country.
  if (!(m.code == kCoalitionCode && m.country.empty()) && !core::IsIsoCountry(m.country)) {
    return Status::Invalid("country", "iso3166", "an ISO 3166-1 alpha-2 code");
  }
  static const std::set<std::string> kOrgTypes = {"10", "11", "15", "21", "22", "23", "24", "30",
                                                  "40", "60", "70", "71", "72", "73", "80", "90"};
  if (kOrgTypes.count(m.type) == 0) {
    return Status::Invalid("type", "iati-organisation-type",
                           "an IATI OrganisationType code (21 international NGO, 22 national NGO, "
                           "23 regional NGO, ...)");
  }
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("iati_id", m.iati_id, 100));
  for (char c : m.iati_id) {
    if (c == ' ' || c == '/' || c == '&' || c == '?' || c == '|' || c == '<' || c == '>') {
      return Status::Invalid("iati_id", "iati-identifier",
                             "an IATI organisation identifier has no spaces or / & ? | < >");
    }
  }
  if (!m.website.empty() && !IsLink(m.website)) {
    return Status::Invalid("website", "url", "an http:// or https:// address");
  }
  auto joined = core::Date::Parse(m.joined_on);
  if (!joined.ok()) return Status::Invalid("joined_on", "date", "a date YYYY-MM-DD");
  if (today_() < *joined) return Status::Invalid("joined_on", "not-future", "is in the future");
  m.recorded_by = who.user.name;
  m.recorded_at = Now();
  Status s = db_.Write([&](store::Txn& t) -> Status {
    auto members = store_->Members(t);
    if (!members.ok()) return members.status();
    m.version = 1;
    for (const auto& x : *members) {
      if (x.code == m.code) m.version = x.version + 1;
      // One organisation identifier, one organisation: IATI data names its publisher by it.
      if (x.code != m.code && !m.iati_id.empty() && x.iati_id == m.iati_id) {
        return Status(core::Code::kAlreadyExists,
                      "member " + x.code + " has the IATI identifier " + m.iati_id);
      }
    }
    return store_->AddMember(t, m);
  });
  if (!s.ok()) return s;
  return m;
}

Result<Person> Activities::SetPerson(const accounts::Principal& who, int64_t user_id,
                                     const std::string& member, const std::string& role) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequireCoordinator(*part));
  if (role != "coordinator" && role != "editor" && role != "viewer" && role != "none") {
    return Status::Invalid("role", "coalition-role", "coordinator, editor, viewer or none");
  }
  auto user =
      store::ReadValue(db_, [&](store::Txn& t) { return db_.accounts().GetUser(t, user_id); });
  if (!user.ok()) return user.status();
  if (user->role != store::Role::kCoalition) {
    return Status::Invalid("user_id", "coalition-user",
                           "the user must have the role \"coalition\" (it has \"" +
                               std::string(store::RoleName(user->role)) + "\")");
  }
  if (role == "editor" && member.empty()) {
    return Status::Invalid("member", "required", "an editor records for a member: name it");
  }
  if (!member.empty()) {
    auto members = Members();
    if (!members.ok()) return members.status();
    if (std::none_of(members->begin(), members->end(),
                     [&](const Member& m) { return m.code == member; })) {
      return Status::Invalid("member", "member", "no member '" + member + "'");
    }
  }
  Person p{user_id, member, role, who.user.name, Now()};
  OPENKP_RETURN_IF_ERROR(db_.Write([&](store::Txn& t) { return store_->AddPerson(t, p); }));
  return p;
}

Result<std::vector<Person>> Activities::People(const accounts::Principal& who) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequireCoordinator(*part));
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->People(t); });
}

Result<std::vector<Application>> Activities::Applications(const accounts::Principal& who) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequirePart(*part));
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->Applications(t); });
}

Result<Application> Activities::Apply(const accounts::Principal& who, Application a) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequireCoordinator(*part));
  if (a.organisation.empty()) return Status::Invalid("organisation", "required", "name it");
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("organisation", a.organisation, 200));
  if (!IsCodeText(a.code, 2, 12, false)) {
    return Status::Invalid("code", "member-code", "2 to 12 capital letters or digits");
  }
  if (!core::IsIsoCountry(a.country)) {
    return Status::Invalid("country", "iso3166", "an ISO 3166-1 alpha-2 code");
  }
  a.recorded_by = who.user.name;
  a.recorded_at = Now();
  a.steps.clear();
  auto id = store::WriteValue(db_, [&](store::Txn& t) -> Result<int64_t> {
    auto members = store_->Members(t);
    if (!members.ok()) return members.status();
    for (const auto& m : *members) {
      if (m.code == a.code) {
        return Status(core::Code::kAlreadyExists, "member " + m.code + " has that code");
      }
    }
    auto apps = store_->Applications(t);
    if (!apps.ok()) return apps.status();
    for (const auto& other : *apps) {
      const bool decided = !other.steps.empty() && (other.steps.back().step == "admitted" ||
                                                    other.steps.back().step == "declined");
      if (other.code == a.code && !decided) {
        return Status(core::Code::kAlreadyExists,
                      "application " + std::to_string(other.id) + " is open under that code");
      }
    }
    return store_->AddApplication(t, a);
  });
  if (!id.ok()) return id.status();
  a.id = *id;
  return a;
}

Result<Application> Activities::AddApplicationStep(const accounts::Principal& who, int64_t id,
                                                   const std::string& step, const std::string& on,
                                                   const std::string& note) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequireCoordinator(*part));
  if (Find(ApplicationSteps(), step) == nullptr) {
    return Status::Invalid("step", "application-step", "received, reviewed, admitted or declined");
  }
  auto on_date = core::Date::Parse(on);
  if (!on_date.ok()) return Status::Invalid("on", "date", "a date YYYY-MM-DD");
  if (today_() < *on_date) return Status::Invalid("on", "not-future", "is in the future");
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("note", note, 4000));
  Application out;
  Status s = db_.Write([&](store::Txn& t) -> Status {
    auto apps = store_->Applications(t);
    if (!apps.ok()) return apps.status();
    auto it =
        std::find_if(apps->begin(), apps->end(), [&](const Application& a) { return a.id == id; });
    if (it == apps->end()) return Status::NotFound("no application " + std::to_string(id));
    for (const auto& x : it->steps) {
      if (x.step == "admitted" || x.step == "declined") {
        return Status(core::Code::kFailedPrecondition,
                      "the application was " + x.step + " on " + x.on + "; record a new one");
      }
    }
    // The procedure's order: received first, then reviewed and a decision, each dated no
    // earlier than the step before.
    if (it->steps.empty() != (step == "received")) {
      return Status(core::Code::kFailedPrecondition, it->steps.empty()
                                                         ? "an application is received first"
                                                         : "the application was received already");
    }
    if (!it->steps.empty() && on < it->steps.back().on) {
      return Status::Invalid("on", "in-order",
                             "is before the previous step (" + it->steps.back().on + ")");
    }
    ApplicationStep x{0, id, step, on, note, who.user.name, Now()};
    auto sid = store_->AddApplicationStep(t, x);
    if (!sid.ok()) return sid.status();
    x.id = *sid;
    it->steps.push_back(x);
    if (step == "admitted") {
      auto members = store_->Members(t);
      if (!members.ok()) return members.status();
      for (const auto& m : *members) {
        if (m.code == it->code) {
          return Status(core::Code::kAlreadyExists, "a member has the code " + it->code);
        }
      }
      Member m{it->code, it->organisation, it->country, "22", "", "", on, 1, who.user.name, Now()};
      OPENKP_RETURN_IF_ERROR(store_->AddMember(t, m));
    }
    out = *it;
    return {};
  });
  if (!s.ok()) return s;
  return out;
}

Status Activities::Check(const Activity& a, const std::vector<Member>& members) {
  if (!a.ref.empty() && !IsRef(a.ref)) {
    return Status::Invalid("ref", "activity-ref", "1 to 40 capital letters, digits or hyphens");
  }
  if (Find(ActivityTypes(), a.type) == nullptr) {
    return Status::Invalid("type", "activity-type",
                           "not an activity type (see GET /v1/coalition/vocabulary)");
  }
  for (size_t i = 0; i < a.kp_bodies.size(); ++i) {
    const std::string field = "kp_bodies[" + std::to_string(i) + "]";
    if (Find(KpBodies(), a.kp_bodies[i]) == nullptr) {
      return Status::Invalid(field, "kp-body",
                             "'" + a.kp_bodies[i] + "' is not a KP body openkp knows");
    }
    if (std::find(a.kp_bodies.begin(), a.kp_bodies.begin() + static_cast<ptrdiff_t>(i),
                  a.kp_bodies[i]) != a.kp_bodies.begin() + static_cast<ptrdiff_t>(i)) {
      return Status::Invalid(field, "unique", "'" + a.kp_bodies[i] + "' is named twice");
    }
  }
  if (a.title.empty()) return Status::Invalid("title", "required", "a title in English or French");
  OPENKP_RETURN_IF_ERROR(CheckLine("title.en", a.title.en, 300));
  OPENKP_RETURN_IF_ERROR(CheckLine("title.fr", a.title.fr, 300));
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("description.en", a.description.en, 20000));
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("description.fr", a.description.fr, 20000));
  if (!IsPartialDate(a.start_on)) {
    return Status::Invalid("start_on", "partial-date",
                           "YYYY, YYYY-MM or YYYY-MM-DD: a real date between 1990 and 2100");
  }
  if (!a.end_on.empty()) {
    if (!IsPartialDate(a.end_on)) {
      return Status::Invalid("end_on", "partial-date", "YYYY, YYYY-MM or YYYY-MM-DD");
    }
    if (LastDay(a.end_on) < FirstDay(a.start_on)) {
      return Status::Invalid("end_on", "after-start", "ends before it starts");
    }
  }
  if (!a.country.empty() && !core::IsIsoCountry(a.country)) {
    return Status::Invalid("place.country", "iso3166", "an ISO 3166-1 alpha-2 code");
  }
  OPENKP_RETURN_IF_ERROR(CheckLine("place.town", a.town, 100));
  if (a.latitude_e6.has_value() != a.longitude_e6.has_value()) {
    return Status::Invalid("place.latitude", "coordinates", "latitude and longitude go together");
  }
  if (a.members.empty()) {
    return Status::Invalid("members", "required", "name the member that did it (its code)");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < a.members.size(); ++i) {
    const std::string field = "members[" + std::to_string(i) + "]";
    if (std::none_of(members.begin(), members.end(),
                     [&](const Member& m) { return m.code == a.members[i]; })) {
      return Status::Invalid(field, "member", "no member '" + a.members[i] + "'");
    }
    if (!seen.insert(a.members[i]).second) {
      return Status::Invalid(field, "unique", "'" + a.members[i] + "' is named twice");
    }
    if (i > 0 && a.members[i] == kCoalitionCode) {
      return Status::Invalid(field, "coalition-leads",
                             "the coalition as a whole leads (first) or is not named");
    }
  }
  if (!a.ref.empty() && a.ref.rfind(a.members[0] + "-", 0) != 0) {
    return Status::Invalid(
        "ref", "lead-prefix",
        "a ref begins with the lead member's code and '-' (" + a.members[0] + "-...)");
  }
  if (a.organisations.size() > 50) {
    return Status::Invalid("organisations", "max-items", "at most 50");
  }
  for (size_t i = 0; i < a.organisations.size(); ++i) {
    const std::string field = "organisations[" + std::to_string(i) + "]";
    if (a.organisations[i].name.empty()) {
      return Status::Invalid(field + ".name", "required", "name it");
    }
    OPENKP_RETURN_IF_ERROR(CheckLine(field + ".name", a.organisations[i].name, 200));
    if (a.organisations[i].name.find(';') != std::string::npos) {
      return Status::Invalid(field + ".name", "no-semicolon",
                             "';' separates organisations in spreadsheets: write it otherwise");
    }
    if (Find(OrganisationRoles(), a.organisations[i].role) == nullptr) {
      return Status::Invalid(field + ".role", "organisation-role",
                             "organiser, host, partner, funder, participant or target");
    }
  }
  if ((a.women || a.community) && !a.participants) {
    return Status::Invalid("participants.total", "required", "give the total with its parts");
  }
  if (a.women && *a.women > *a.participants) {
    return Status::Invalid("participants.women", "at-most-total", "more women than participants");
  }
  if (a.community && *a.community > *a.participants) {
    return Status::Invalid("participants.community", "at-most-total",
                           "more community members than participants");
  }
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("outputs", a.outputs, 4000));
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("outcomes", a.outcomes, 4000));
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("note_on_source", a.note_on_source, 1000));
  if (a.links.size() > 20) return Status::Invalid("links", "max-items", "at most 20 links");
  for (size_t i = 0; i < a.links.size(); ++i) {
    if (!IsLink(a.links[i])) {
      return Status::Invalid("links[" + std::to_string(i) + "]", "url",
                             "an http:// or https:// address without spaces");
    }
  }
  if (a.related.size() > 20) return Status::Invalid("related", "max-items", "at most 20");
  for (size_t i = 0; i < a.related.size(); ++i) {
    if (!IsRelated(a.related[i])) {
      return Status::Invalid("related[" + std::to_string(i) + "]", "related",
                             "review:ID, recommendation:ID, incident:ID or site:CODE");
    }
  }
  if (!a.section.empty() &&
      (a.section == "introduction" || Find(ReportSections(), a.section) == nullptr)) {
    return Status::Invalid("section", "report-section",
                           "general, kp-meetings, internal, national or research");
  }
  return {};
}

Result<Activity> Activities::Save(const accounts::Principal& who, Activity a,
                                  const std::string& ref) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  if (part->role != "coordinator" && part->role != "editor") {
    return Status::PermissionDenied("only the coordinator and members' editors record activities");
  }
  auto members = Members();
  if (!members.ok()) return members.status();
  OPENKP_RETURN_IF_ERROR(Check(a, *members));
  if (part->role == "editor" && a.members[0] != part->member) {
    return Status::PermissionDenied("an editor of " + part->member + " records the activities " +
                                    part->member + " leads (name it first in members)");
  }
  a.recorded_by = who.user.name;
  a.recorded_at = Now();
  OPENKP_RETURN_IF_ERROR(db_.Write([&](store::Txn& t) { return SaveIn(t, *part, a, ref); }));
  return a;
}

Status Activities::SaveIn(store::Txn& t, const Person& part, Activity& a, const std::string& ref) {
  if (ref.empty()) {
    a.version = 1;
    if (a.ref.empty()) {
      // A random suffix, not a counter: numbers in order would show the public, by their gaps,
      // how many activities a member keeps private.
      const std::string prefix = a.members[0] + "-" + a.start_on.substr(0, 4) + "-";
      static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
      for (int attempt = 0;; ++attempt) {
        if (attempt == 20) return Status::Internal("no free activity ref");
        std::string suffix;
        for (unsigned char b : crypto::RandomBytes(5)) suffix += kAlphabet[b % kAlphabet.size()];
        auto taken = store_->ActivityHistory(t, prefix + suffix);
        if (!taken.ok()) return taken.status();
        if (taken->empty()) {
          a.ref = prefix + suffix;
          break;
        }
      }
    }
    Status added = store_->AddActivity(t, a);
    if (added.code() == core::Code::kAlreadyExists) {
      return Status(core::Code::kAlreadyExists,
                    "activity '" + a.ref + "' exists: correct it with a new version");
    }
    return added;
  }
  auto latest = store_->LatestActivity(t, ref);
  if (!latest.ok()) return latest.status();
  if (part.role == "editor" && latest->members[0] != part.member) {
    return Status::PermissionDenied("an editor corrects the activities its member leads");
  }
  if (!a.ref.empty() && a.ref != ref) {
    return Status::Invalid("ref", "same-ref", "a correction keeps the activity's ref");
  }
  a.ref = ref;
  a.version = latest->version + 1;
  return store_->AddActivity(t, a);
}

Result<Activity> Activities::Record(const accounts::Principal& who, Activity a) {
  return Save(who, std::move(a), "");
}

Result<Activity> Activities::Correct(const accounts::Principal& who, const std::string& ref,
                                     Activity a) {
  return Save(who, std::move(a), ref);
}

Result<Activity> Activities::Get(const accounts::Principal* who, const std::string& ref) {
  auto part = PartOf(who);
  if (!part.ok()) return part.status();
  auto a = store::ReadValue(db_, [&](store::Txn& t) { return store_->LatestActivity(t, ref); });
  if (!a.ok()) return a.status();
  if (part->role.empty() && (!a->is_public || a->withdrawn)) {
    return Status::NotFound("no activity '" + ref + "'");
  }
  return a;
}

Result<std::vector<Activity>> Activities::History(const accounts::Principal* who,
                                                  const std::string& ref) {
  auto part = PartOf(who);
  if (!part.ok()) return part.status();
  auto h = store::ReadValue(db_, [&](store::Txn& t) { return store_->ActivityHistory(t, ref); });
  if (!h.ok()) return h.status();
  if (h->empty() || (part->role.empty() && (!h->back().is_public || h->back().withdrawn))) {
    return Status::NotFound("no activity '" + ref + "'");
  }
  if (part->role.empty()) {
    // Versions from before it was public stay with the coalition.
    std::vector<Activity> shown;
    for (auto& a : *h) {
      if (a.is_public && !a.withdrawn) shown.push_back(std::move(a));
    }
    return shown;
  }
  return h;
}

Result<std::vector<Activity>> Activities::List(const accounts::Principal* who,
                                               const ActivityQuery& q) {
  auto part = PartOf(who);
  if (!part.ok()) return part.status();
  if (!q.type.empty() && Find(ActivityTypes(), q.type) == nullptr) {
    return Status::Invalid("type", "activity-type", "not an activity type");
  }
  auto all = store::ReadValue(db_, [&](store::Txn& t) { return store_->Activities(t, q.year); });
  if (!all.ok()) return all.status();
  std::vector<Activity> out;
  for (auto& a : *all) {
    if (a.withdrawn || (part->role.empty() && !a.is_public)) continue;
    if (!q.type.empty() && a.type != q.type) continue;
    if (!q.member.empty() &&
        std::find(a.members.begin(), a.members.end(), q.member) == a.members.end()) {
      continue;
    }
    out.push_back(std::move(a));
  }
  return out;
}

Result<ActivityDocument> Activities::AddDocument(const accounts::Principal& who,
                                                 const std::string& ref, const std::string& name,
                                                 const std::string& content_type,
                                                 const std::string& bytes) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  if (part->role != "coordinator" && part->role != "editor") {
    return Status::PermissionDenied("only the coordinator and members' editors add documents");
  }
  OPENKP_RETURN_IF_ERROR(core::CheckDocument(name, content_type, bytes, kMaxDocumentBytes));
  ActivityDocument d{0,
                     ref,
                     name,
                     content_type,
                     crypto::Sha256Hex(bytes),
                     static_cast<int64_t>(bytes.size()),
                     bytes,
                     who.user.name,
                     Now()};
  Status s = db_.Write([&](store::Txn& t) -> Status {
    auto a = store_->LatestActivity(t, ref);
    if (!a.ok()) return a.status();
    if (part->role == "editor" && a->members[0] != part->member) {
      return Status::PermissionDenied(
          "an editor adds documents to the activities its member leads");
    }
    auto docs = store_->Documents(t, ref);
    if (!docs.ok()) return docs.status();
    if (docs->size() >= kMaxDocuments) {
      return Status(core::Code::kFailedPrecondition,
                    "an activity holds at most " + std::to_string(kMaxDocuments) + " documents");
    }
    auto id = store_->AddDocument(t, d);
    if (!id.ok() && id.status().code() == core::Code::kAlreadyExists) {
      return Status(core::Code::kAlreadyExists,
                    "the activity has a document named '" + name + "': give this one another name");
    }
    if (!id.ok()) return id.status();
    d.id = *id;
    return {};
  });
  if (!s.ok()) return s;
  d.bytes.clear();
  return d;
}

Result<std::vector<ActivityDocument>> Activities::Documents(const accounts::Principal* who,
                                                            const std::string& ref) {
  OPENKP_RETURN_IF_ERROR(Get(who, ref).status());  // 404 for what the caller may not see
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->Documents(t, ref); });
}

Result<ActivityDocument> Activities::GetDocument(const accounts::Principal* who,
                                                 const std::string& ref, int64_t id) {
  OPENKP_RETURN_IF_ERROR(Get(who, ref).status());
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->GetDocument(t, ref, id); });
}

Status Activities::SetReportText(const accounts::Principal& who, int year, const std::string& lang,
                                 const std::string& section, const std::string& text) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequireCoordinator(*part));
  if (year < 1990 || year > 2100) return Status::Invalid("year", "range", "1990 to 2100");
  if (lang != "en" && lang != "fr") return Status::Invalid("lang", "lang", "en or fr");
  if (Find(ReportSections(), section) == nullptr) {
    return Status::Invalid("section", "report-section",
                           "introduction, general, kp-meetings, internal, national or research");
  }
  OPENKP_RETURN_IF_ERROR(core::CheckPlainText("text", text, 50000));
  return db_.Write([&](store::Txn& t) -> Status {
    auto texts = store_->ReportTexts(t, year, lang);
    if (!texts.ok()) return texts.status();
    ReportText x{year, lang, section, text, 1, who.user.name, Now()};
    for (const auto& old : *texts) {
      if (old.section == section) x.version = old.version + 1;
    }
    return store_->AddReportText(t, x);
  });
}

Result<FinalReport> Activities::Finalise(const accounts::Principal& who, int year,
                                         const std::string& lang) {
  auto part = PartOf(&who);
  if (!part.ok()) return part.status();
  OPENKP_RETURN_IF_ERROR(RequireCoordinator(*part));
  auto model = BuildReport(year, lang);
  if (!model.ok()) return model.status();
  bool any_text = false;
  for (const auto& section : model->sections) any_text = any_text || !section.text.empty();
  if (model->activities == 0 && !any_text) {
    return Status(core::Code::kFailedPrecondition,
                  "the " + std::to_string(year) + " report has no public activity and no text");
  }
  model->draft = false;
  FinalReport r{0, year, lang, "", ReportHtml(*model), who.user.name, Now()};
  r.sha256 = crypto::Sha256Hex(r.html);
  Status s = db_.Write([&](store::Txn& t) -> Status {
    auto finals = store_->FinalReports(t, year);
    if (!finals.ok()) return finals.status();
    for (auto f = finals->rbegin(); f != finals->rend(); ++f) {
      if (f->lang != lang) continue;
      if (f->sha256 == r.sha256) {
        return Status(core::Code::kAlreadyExists,
                      "nothing changed since final report " + std::to_string(f->id));
      }
      break;
    }
    auto id = store_->AddFinalReport(t, r);
    if (!id.ok()) return id.status();
    r.id = *id;
    boost::json::object published{
        {"report", r.id}, {"year", year}, {"lang", lang}, {"sha256", r.sha256}};
    boost::json::object payload{{"public", std::move(published)}};
    return db_.events().Append(t, {0, "coalition.report.final", "report/" + std::to_string(r.id),
                                   "", "", who.user.name, boost::json::serialize(payload)});
  });
  if (!s.ok()) return s;
  return r;
}

Result<std::vector<FinalReport>> Activities::FinalReports(int year) {
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->FinalReports(t, year); });
}

Result<FinalReport> Activities::GetFinalReport(int64_t id) {
  return store::ReadValue(db_, [&](store::Txn& t) { return store_->GetFinalReport(t, id); });
}

}  // namespace openkp::activities
