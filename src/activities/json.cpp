#include "activities/json.h"

#include <cmath>

#include "core/json_reader.h"

namespace openkp::activities {

namespace {

json::object TextToJson(const Text& t) {
  json::object o;
  if (!t.en.empty()) o["en"] = t.en;
  if (!t.fr.empty()) o["fr"] = t.fr;
  return o;
}

Text ReadText(core::ObjectReader& parent, std::string_view key) {
  const json::value* v = parent.OptionalValue(key);
  if (v == nullptr || !parent.ok()) return {};
  if (!v->is_object()) {
    parent.Fail(key, "type", "must be an object with \"en\" and/or \"fr\"");
    return {};
  }
  core::ObjectReader r(*v, parent.FieldPath(key));
  Text t{r.OptionalString("en"), r.OptionalString("fr")};
  if (auto s = r.Finish(); !s.ok()) parent.Fail(key, s.rule(), s.message());
  return t;
}

std::vector<std::string> ReadStrings(core::ObjectReader& r, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = r.OptionalValue(key);
  if (v == nullptr || !r.ok()) return out;
  if (!v->is_array()) {
    r.Fail(key, "type", "must be an array of strings");
    return out;
  }
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) {
      r.Fail(key, "type", "must be an array of strings");
      return {};
    }
    out.emplace_back(e.as_string());
  }
  return out;
}

std::optional<int64_t> ReadCount(core::ObjectReader& r, std::string_view key) {
  const json::value* v = r.OptionalValue(key);
  if (v == nullptr || v->is_null() || !r.ok()) return std::nullopt;
  if (!v->is_int64() && !v->is_uint64()) {
    r.Fail(key, "type", "must be a whole number");
    return std::nullopt;
  }
  if (v->is_uint64() || v->as_int64() < 0 || v->as_int64() > 100000000) {
    r.Fail(key, "range", "must be between 0 and 100000000");
    return std::nullopt;
  }
  return v->as_int64();
}

std::optional<int64_t> ReadDegrees(core::ObjectReader& r, std::string_view key, double limit) {
  const json::value* v = r.OptionalValue(key);
  if (v == nullptr || v->is_null() || !r.ok()) return std::nullopt;
  if (!v->is_number()) {
    r.Fail(key, "type", "must be a number of decimal degrees");
    return std::nullopt;
  }
  const double d = v->to_number<double>();
  if (!std::isfinite(d) || std::fabs(d) > limit) {
    r.Fail(key, "range",
           "must be between -" + std::to_string(static_cast<int>(limit)) + " and " +
               std::to_string(static_cast<int>(limit)));
    return std::nullopt;
  }
  return std::llround(d * 1e6);  // micro-degrees: about 11 cm, kept exact from here on
}

void ReadPlace(core::ObjectReader& parent, Activity& a) {
  const json::value* v = parent.OptionalValue("place");
  if (v == nullptr || !parent.ok()) return;
  if (!v->is_object()) return parent.Fail("place", "type", "must be an object");
  core::ObjectReader r(*v, parent.FieldPath("place"));
  a.country = r.OptionalString("country");
  a.town = r.OptionalString("town");
  a.latitude_e6 = ReadDegrees(r, "latitude", 90);
  a.longitude_e6 = ReadDegrees(r, "longitude", 180);
  if (auto s = r.Finish(); !s.ok()) parent.Fail("place", s.rule(), s.message());
}

void ReadOrganisations(core::ObjectReader& parent, Activity& a) {
  const json::value* v = parent.OptionalValue("organisations");
  if (v == nullptr || !parent.ok()) return;
  if (!v->is_array()) return parent.Fail("organisations", "type", "must be an array");
  size_t i = 0;
  for (const auto& e : v->as_array()) {
    core::ObjectReader r(e, parent.FieldPath("organisations") + "[" + std::to_string(i++) + "]");
    OtherOrganisation o{r.String("name"), r.String("role")};
    if (auto s = r.Finish(); !s.ok()) return parent.Fail("organisations", s.rule(), s.message());
    a.organisations.push_back(std::move(o));
  }
}

void ReadParticipants(core::ObjectReader& parent, Activity& a) {
  const json::value* v = parent.OptionalValue("participants");
  if (v == nullptr || !parent.ok()) return;
  if (!v->is_object()) return parent.Fail("participants", "type", "must be an object");
  core::ObjectReader r(*v, parent.FieldPath("participants"));
  a.participants = ReadCount(r, "total");
  a.women = ReadCount(r, "women");
  a.community = ReadCount(r, "community");
  if (auto s = r.Finish(); !s.ok()) parent.Fail("participants", s.rule(), s.message());
}

double Degrees(int64_t e6) { return static_cast<double>(e6) / 1e6; }

}  // namespace

json::object ActivityToJson(const Activity& a, bool record) {
  json::object o;
  o["ref"] = a.ref;
  if (record) o["version"] = a.version;
  o["type"] = a.type;
  json::array bodies;
  for (const auto& b : a.kp_bodies) bodies.emplace_back(b);
  o["kp_bodies"] = std::move(bodies);
  o["title"] = TextToJson(a.title);
  o["description"] = TextToJson(a.description);
  o["start_on"] = a.start_on;
  if (!a.end_on.empty()) o["end_on"] = a.end_on;
  if (!a.country.empty() || !a.town.empty() || a.latitude_e6) {
    json::object place;
    if (!a.country.empty()) place["country"] = a.country;
    if (!a.town.empty()) place["town"] = a.town;
    if (a.latitude_e6) place["latitude"] = Degrees(*a.latitude_e6);
    if (a.longitude_e6) place["longitude"] = Degrees(*a.longitude_e6);
    o["place"] = std::move(place);
  }
  json::array members;
  for (const auto& m : a.members) members.emplace_back(m);
  o["members"] = std::move(members);
  json::array orgs;
  for (const auto& x : a.organisations)
    orgs.push_back(json::object{{"name", x.name}, {"role", x.role}});
  o["organisations"] = std::move(orgs);
  if (a.participants) {
    json::object p{{"total", *a.participants}};
    if (a.women) p["women"] = *a.women;
    if (a.community) p["community"] = *a.community;
    o["participants"] = std::move(p);
  }
  if (!a.outputs.empty()) o["outputs"] = a.outputs;
  if (!a.outcomes.empty()) o["outcomes"] = a.outcomes;
  json::array links;
  for (const auto& l : a.links) links.emplace_back(l);
  o["links"] = std::move(links);
  if (!a.related.empty()) {
    json::array related;
    for (const auto& r : a.related) related.emplace_back(r);
    o["related"] = std::move(related);
  }
  if (!a.section.empty()) o["section"] = a.section;
  if (!a.note_on_source.empty()) o["note_on_source"] = a.note_on_source;
  o["public"] = a.is_public;
  if (a.withdrawn) o["withdrawn"] = true;
  if (record) {
    o["recorded_by"] = a.recorded_by;
    o["recorded_at"] = a.recorded_at;
  }
  return o;
}

core::Result<Activity> ActivityFromJson(const json::value& v, bool stored) {
  if (!v.is_object()) return core::Status::Invalid("", "type", "an activity is a JSON object");
  core::ObjectReader r(v, "");
  Activity a;
  a.ref = stored ? r.String("ref") : r.OptionalString("ref");
  a.type = r.String("type");
  a.kp_bodies = ReadStrings(r, "kp_bodies");
  a.title = ReadText(r, "title");
  a.description = ReadText(r, "description");
  a.start_on = r.String("start_on");
  a.end_on = r.OptionalString("end_on");
  ReadPlace(r, a);
  a.members = ReadStrings(r, "members");
  ReadOrganisations(r, a);
  ReadParticipants(r, a);
  a.outputs = r.OptionalString("outputs");
  a.outcomes = r.OptionalString("outcomes");
  a.links = ReadStrings(r, "links");
  a.related = ReadStrings(r, "related");
  a.section = r.OptionalString("section");
  a.note_on_source = r.OptionalString("note_on_source");
  if (r.OptionalValue("public") != nullptr) a.is_public = r.Bool("public");
  if (r.OptionalValue("withdrawn") != nullptr) a.withdrawn = r.Bool("withdrawn");
  if (!stored) {
    // What GET answers beside the activity's own fields, so that an activity fetched, edited
    // and posted back is a correction: read, and ignored.
    for (const char* k : {"version", "recorded_by", "recorded_at", "documents"}) {
      (void)r.OptionalValue(k);
    }
  }
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return a;
}

json::object MemberToJson(const Member& m) {
  json::object o{{"code", m.code},           {"name", m.name},       {"country", m.country},
                 {"type", m.type},           {"iati_id", m.iati_id}, {"website", m.website},
                 {"joined_on", m.joined_on}, {"version", m.version}};
  return o;
}

core::Result<Member> MemberFromJson(const json::value& v) {
  if (!v.is_object()) return core::Status::Invalid("", "type", "a member is a JSON object");
  core::ObjectReader r(v, "");
  Member m;
  m.code = r.String("code");
  m.name = r.String("name");
  m.country = r.String("country");
  m.type = r.OptionalString("type", "22");
  m.iati_id = r.OptionalString("iati_id");
  m.website = r.OptionalString("website");
  m.joined_on = r.String("joined_on");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  return m;
}

json::object PersonToJson(const Person& p) {
  return {{"user_id", p.user_id},
          {"member", p.member},
          {"role", p.role},
          {"recorded_by", p.recorded_by},
          {"recorded_at", p.recorded_at}};
}

json::object ApplicationToJson(const Application& a) {
  json::array steps;
  std::string state = "open";
  for (const auto& s : a.steps) {
    steps.push_back(json::object{{"id", s.id},
                                 {"step", s.step},
                                 {"on", s.on},
                                 {"note", s.note},
                                 {"actor", s.actor},
                                 {"at", s.at}});
    if (s.step == "admitted" || s.step == "declined") state = s.step;
  }
  return {{"id", a.id},     {"organisation", a.organisation},
          {"code", a.code}, {"country", a.country},
          {"state", state}, {"steps", std::move(steps)}};
}

json::object FinalReportToJson(const FinalReport& r) {
  return {{"id", r.id},
          {"year", r.year},
          {"lang", r.lang},
          {"sha256", r.sha256},
          {"recorded_by", r.recorded_by},
          {"recorded_at", r.recorded_at}};
}

json::object DocumentToJson(const ActivityDocument& d) {
  return {{"id", d.id},         {"name", d.name}, {"content_type", d.content_type},
          {"sha256", d.sha256}, {"size", d.size}, {"uploaded_by", d.uploaded_by},
          {"at", d.at}};
}

}  // namespace openkp::activities
