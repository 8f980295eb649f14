// IATI 2.03 activity files (export.h). Element order follows the schema's sequence
// (iati-activities-schema.xsd); what the schema lets through and IATI's rules refuse (an
// empty identifier or narrative, an organisation without ref or name) is never written.
#include <map>

#include "activities/activities.h"
#include "activities/export.h"
#include "activities/values.h"
#include "activities/vocabulary.h"
#include "core/date.h"
#include "core/text.h"

namespace openkp::activities {

namespace {

std::string Escape(std::string_view s) { return core::XmlEscape(s); }

std::string Narratives(const Text& t, const std::string& indent) {
  std::string out;
  if (!t.en.empty()) out += indent + "<narrative>" + Escape(t.en) + "</narrative>\n";
  if (!t.fr.empty()) {
    out += indent + "<narrative xml:lang=\"fr\">" + Escape(t.fr) + "</narrative>\n";
  }
  return out;
}

std::string Narrative(const std::string& text, const std::string& indent) {
  return indent + "<narrative>" + Escape(text) + "</narrative>\n";
}

std::string ActivityXml(const Activity& a, const Member& reporter,
                        const std::map<std::string, const Member*>& members,
                        const std::string& today) {
  const std::string i2 = "  ", i3 = "    ", i4 = "      ", i5 = "        ";
  std::string x = i2 + "<iati-activity last-updated-datetime=\"" + Escape(a.recorded_at) +
                  "\" xml:lang=\"en\" hierarchy=\"1\">\n";
  x += i3 + "<iati-identifier>" + Escape(reporter.iati_id + "-" + a.ref) + "</iati-identifier>\n";
  x += i3 + "<reporting-org ref=\"" + Escape(reporter.iati_id) + "\" type=\"" +
       Escape(reporter.type) + "\">\n" + Narrative(reporter.name, i4) + i3 + "</reporting-org>\n";
  x += i3 + "<title>\n" + Narratives(a.title, i4) + i3 + "</title>\n";
  x += i3 + "<description type=\"1\">\n" +
       Narratives(a.description.empty() ? a.title : a.description, i4) + i3 + "</description>\n";
  if (!a.outputs.empty() || !a.outcomes.empty()) {
    std::string other = a.outputs;
    if (!a.outcomes.empty()) other += (other.empty() ? "" : "\n") + a.outcomes;
    x += i3 + "<description type=\"4\">\n" + Narrative(other, i4) + i3 + "</description>\n";
  }
  for (const auto& code : a.members) {
    auto it = members.find(code);
    if (it == members.end()) continue;
    const Member& m = *it->second;
    x += i3 + "<participating-org";
    if (!m.iati_id.empty()) x += " ref=\"" + Escape(m.iati_id) + "\"";
    x += " type=\"" + Escape(m.type) + "\" role=\"4\">\n" + Narrative(m.name, i4) + i3 +
         "</participating-org>\n";
  }
  for (const auto& o : a.organisations) {
    const Term* role = Find(OrganisationRoles(), o.role);
    x += i3 + "<participating-org role=\"" + (role ? role->iati_org_role : "4") + "\">\n" +
         Narrative(o.name, i4) + i3 + "</participating-org>\n";
  }
  const std::string start = FirstDay(a.start_on);
  const std::string end = a.end_on.empty() ? "" : LastDay(a.end_on);
  // ActivityStatus: 1 pipeline (not started), 2 implementation, 4 closed. Without an end, an
  // activity known to the day, month or year ends with that day, month or year.
  const std::string ends = end.empty() ? LastDay(a.start_on) : end;
  const char* status = start > today ? "1" : ends < today ? "4" : "2";
  x += i3 + "<activity-status code=\"" + status + "\"/>\n";
  x += i3 + "<activity-date type=\"" + (start > today ? "1" : "2") + "\" iso-date=\"" + start +
       "\"/>\n";
  if (!end.empty()) {
    x += i3 + "<activity-date type=\"" + (end > today ? "3" : "4") + "\" iso-date=\"" + end +
         "\"/>\n";
  }
  if (!a.country.empty()) x += i3 + "<recipient-country code=\"" + a.country + "\"/>\n";
  if (!a.town.empty() || a.latitude_e6) {
    x += i3 + "<location>\n";
    if (!a.town.empty()) x += i4 + "<name>\n" + Narrative(a.town, i5) + i4 + "</name>\n";
    if (a.latitude_e6 && a.longitude_e6) {
      x += i4 + "<point srsName=\"http://www.opengis.net/def/crs/EPSG/0/4326\">\n" + i5 + "<pos>" +
           DegreesText(*a.latitude_e6) + " " + DegreesText(*a.longitude_e6) + "</pos>\n" + i4 +
           "</point>\n";
    }
    x += i3 + "</location>\n";
  }
  // DAC 5 sector 15150: democratic participation and civil society.
  x += i3 + "<sector vocabulary=\"1\" code=\"15150\"/>\n";
  const bool publication = a.type == "research" || a.type == "publication";
  for (const auto& link : a.links) {
    const bool pdf = link.size() > 4 && link.compare(link.size() - 4, 4, ".pdf") == 0;
    x += i3 + "<document-link url=\"" + Escape(link) + "\" format=\"" +
         (pdf ? "application/pdf" : "text/html") + "\">\n" + i4 + "<title>\n" +
         Narratives(a.title, i5) + i4 + "</title>\n" + i4 + "<category code=\"" +
         (publication ? "A08" : "A12") + "\"/>\n" + i3 + "</document-link>\n";
  }
  if (a.participants) {
    x += i3 + "<result type=\"1\">\n" + i4 + "<title>\n" + Narrative("Participants", i5) + i4 +
         "</title>\n" + i4 + "<indicator measure=\"1\">\n" + i5 + "<title>\n" +
         Narrative("Number of participants", i5 + "  ") + i5 + "</title>\n" + i5 + "<period>\n" +
         i5 + "  <period-start iso-date=\"" + start + "\"/>\n" + i5 + "  <period-end iso-date=\"" +
         (end.empty() ? LastDay(a.start_on) : end) + "\"/>\n" + i5 + "  <actual value=\"" +
         std::to_string(*a.participants) + "\"/>\n" + i5 + "</period>\n" + i4 + "</indicator>\n" +
         i3 + "</result>\n";
  }
  x += i2 + "</iati-activity>\n";
  return x;
}

}  // namespace

core::Result<std::string> IatiXml(const std::vector<Activity>& list,
                                  const std::vector<Member>& members, const std::string& reporter,
                                  const std::string& now) {
  std::map<std::string, const Member*> by_code;
  for (const auto& m : members) by_code[m.code] = &m;
  auto it = by_code.find(reporter);
  if (it == by_code.end()) return core::Status::NotFound("no member '" + reporter + "'");
  const Member& r = *it->second;
  if (r.iati_id.empty()) {
    return core::Status(core::Code::kFailedPrecondition,
                        r.code +
                            " has no IATI organisation identifier: record one (iati_id) "
                            "before publishing IATI data");
  }
  std::string body;
  int64_t count = 0;
  const std::string today = now.substr(0, 10);
  for (const auto& a : list) {
    // One publisher per activity, its lead: the other members are participating
    // organisations, never publishers of a second copy under their own identifier.
    if (a.members.empty() || a.members[0] != reporter) continue;
    body += ActivityXml(a, r, by_code, today);
    ++count;
  }
  if (count == 0) {
    // The schema needs at least one iati-activity: an empty file would not be valid.
    return core::Status::NotFound("no public activities of " + reporter + " to publish");
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" "
         "generated-datetime=\"" +
         Escape(now) + "\">\n" + body + "</iati-activities>\n";
}

}  // namespace openkp::activities
