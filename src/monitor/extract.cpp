// What openkp reads from the instances of its own forms (incident report, site visit), checked
// field by field.
#include "core/iso3166.h"
#include "core/text.h"
#include "monitor/geo.h"
#include "monitor/monitor_internal.h"

namespace openkp::monitor::internal {

namespace {

// Free text may span lines: newlines and tabs are fine, other controls are not.
Status CheckLongText(const std::string& field, const std::string& v, size_t max) {
  std::string flat = v;
  for (auto& c : flat) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return CheckText(field, flat, max, false);
}

std::string Field(const Instance& in, const std::string& name) {
  auto it = in.fields.find(name);
  if (it == in.fields.end()) return "";
  std::string v = it->second;
  while (!v.empty() && (v.back() == ' ' || v.back() == '\n' || v.back() == '\r')) v.pop_back();
  size_t i = 0;
  while (i < v.size() && (v[i] == ' ' || v[i] == '\n' || v[i] == '\r')) ++i;
  return v.substr(i);
}

Result<std::optional<int64_t>> OptionalCount(const std::string& field, const std::string& v) {
  if (v.empty()) return std::optional<int64_t>();
  if (v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid(field, "integer", "must be a whole number 0 to 999999999");
  }
  return std::optional<int64_t>(std::stoll(v));
}

std::vector<std::string> Words(const std::string& v) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < v.size()) {
    const size_t j = v.find(' ', i);
    std::string w = v.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (!w.empty()) out.push_back(w);
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return out;
}

}  // namespace

Result<Extracted> Extract(const Instance& in, const Form& form, MonitorStore& store, store::Txn& t,
                          const core::Date& today) {
  Extracted x;
  Report& r = x.report;
  if (in.encrypted) {
    r.media = in.media;
    return x;
  }
  for (const auto& b : form.binary_fields) {
    if (std::string v = Field(in, b); !v.empty()) r.media.push_back(v);
  }
  if (form.id == "openkp_site_visit") {
    Visit v;
    v.site_code = Field(in, "site_code");
    v.visited_on = Field(in, "visited_on");
    auto workers = OptionalCount("workers", Field(in, "workers"));
    if (!workers.ok()) return workers.status();
    v.workers = *workers;
    v.minerals = Words(Field(in, "minerals"));
    v.armed_presence = Field(in, "armed_presence");
    if (v.armed_presence.empty()) v.armed_presence = "unknown";
    v.armed_roles = Words(Field(in, "armed_role"));
    v.child_labour = Field(in, "child_labour");
    if (v.child_labour.empty()) v.child_labour = "unknown";
    v.mercury = Field(in, "mercury");
    if (v.mercury.empty()) v.mercury = "unknown";
    v.notes = Field(in, "notes");
    OPENKP_RETURN_IF_ERROR(internal::CheckVisit(v));
    auto site = store.SiteByCode(t, v.site_code);
    if (!site.ok()) {
      return Status::Invalid("site_code", "site",
                             "no site '" + v.site_code + "': it must be registered first");
    }
    r.site_code = v.site_code;
    r.participant = site->participant;
    r.area = site->area;
    r.occurred_on = v.visited_on;
    r.category = "site_visit";
    r.description = v.notes;
    if (std::string loc = Field(in, "location"); !loc.empty()) {
      auto p = ParseGeopoint(loc);
      if (!p.ok()) return p.status();
      r.location = *p;
    } else {
      r.location = site->location;
    }
    x.visit = std::move(v);
    return x;
  }
  // The incident report.
  r.category = Field(in, "category");
  if (!OneOf(r.category, IncidentCategories())) {
    return Status::Invalid("category", "enum", "'" + r.category + "' is not an incident category");
  }
  r.occurred_on = Field(in, "occurred_on");
  auto date = core::Date::Parse(r.occurred_on);
  if (!date.ok()) return Status::Invalid("occurred_on", "date", "must be a date YYYY-MM-DD");
  if (*date > today.AddDays(1)) {
    return Status::Invalid("occurred_on", "not-future", "cannot be in the future");
  }
  r.participant = Field(in, "participant");
  if (!core::IsIsoCountry(r.participant)) {
    return Status::Invalid("participant", "iso3166", "must be an ISO 3166 country code");
  }
  r.area = Field(in, "area");
  OPENKP_RETURN_IF_ERROR(CheckText("area", r.area, 200, false));
  r.site_code = Field(in, "site_code");
  OPENKP_RETURN_IF_ERROR(CheckText("site_code", r.site_code, 64, false));
  if (!r.site_code.empty()) {
    // A monitor in the field may not know the registered code: an unknown one is kept as
    // written (a report is never refused for it), a known one gives the report its place.
    if (auto site = store.SiteByCode(t, r.site_code); site.ok()) r.location = site->location;
  }
  if (std::string loc = Field(in, "location"); !loc.empty()) {
    auto p = ParseGeopoint(loc);
    if (!p.ok()) return p.status();
    r.location = *p;
  }
  r.description = Field(in, "description");
  if (r.description.empty()) return Status::Invalid("description", "required", "is required");
  OPENKP_RETURN_IF_ERROR(CheckLongText("description", r.description, 20000));
  auto people = OptionalCount("people_affected", Field(in, "people_affected"));
  if (!people.ok()) return people.status();
  r.people_affected = *people;
  const std::string restricted = Field(in, "restricted");
  if (!restricted.empty() && restricted != "yes" && restricted != "no") {
    return Status::Invalid("restricted", "enum", "must be yes or no");
  }
  r.restricted = restricted == "yes";
  Reporter who{Field(in, "reporter_name"), Field(in, "reporter_contact")};
  OPENKP_RETURN_IF_ERROR(CheckText("reporter_name", who.name, 200, false));
  OPENKP_RETURN_IF_ERROR(CheckText("reporter_contact", who.contact, 200, false));
  if (!who.name.empty() || !who.contact.empty()) x.reporter = who;
  return x;
}

}  // namespace openkp::monitor::internal
