#include "monitor/export.h"

#include <algorithm>

#include "core/csv.h"
#include "monitor/geo.h"
#include "monitor/xml.h"
#include "tables/xlsx_writer.h"

namespace openkp::monitor {

namespace json = boost::json;

namespace {

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

// Degrees as a JSON number written from the exact integers ("-19.966000"), not a double
// (Boost.JSON would write -1.9966E1): a marked string that Serialize turns into the number.
// The marker starts with U+0001, which no stored text may hold (core::UnsafeTextReason).
constexpr std::string_view kNumberMark = "\x01n:";

json::value Degrees(int64_t e6) { return json::string(std::string(kNumberMark) + FormatE6(e6)); }

json::value PointJson(const std::optional<GeoPoint>& p) {
  if (!p) return nullptr;
  return json::object{{"latitude", Degrees(p->lat_e6)}, {"longitude", Degrees(p->lon_e6)}};
}

json::value Geometry(const std::optional<GeoPoint>& p) {
  if (!p) return nullptr;
  json::array c;
  c.push_back(Degrees(p->lon_e6));  // RFC 7946: longitude first
  c.push_back(Degrees(p->lat_e6));
  return json::object{{"type", "Point"}, {"coordinates", std::move(c)}};
}

json::value OptInt(const std::optional<int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}

std::string Csv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      // A plain decimal number (a coordinate, a count) is data, never a formula: written as
      // is, so that "-19.9" stays a number for GIS tools; any other text is escaped.
      out += tables::IsPlainDecimal(row[i]) ? row[i] : core::CsvField(row[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string FeatureCollection(json::array features) {
  return Serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

std::string Kml(const std::string& name, const std::string& placemarks) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><name>" +
         XmlEscape(name) + "</name>\n" + placemarks + "</Document></kml>\n";
}

std::string Placemark(const std::string& name, const std::string& description,
                      const std::optional<GeoPoint>& p) {
  std::string out = "<Placemark><name>" + XmlEscape(name) + "</name><description>" +
                    XmlEscape(description) + "</description>";
  if (p) {
    out += "<Point><coordinates>" + FormatE6(p->lon_e6) + "," + FormatE6(p->lat_e6) +
           "</coordinates></Point>";
  }
  return out + "</Placemark>\n";
}

}  // namespace

std::string Serialize(const json::value& v) {
  const std::string text = json::serialize(v);
  const std::string mark = "\"\\u0001n:";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  for (size_t at; (at = text.find(mark, i)) != std::string::npos;) {
    out.append(text, i, at - i);
    const size_t start = at + mark.size();
    const size_t end = text.find('"', start);
    out.append(text, start, end - start);
    i = end + 1;
  }
  out.append(text, i, std::string::npos);
  return out;
}

json::object SiteJson(const Site& s) {
  return {{"code", s.code},
          {"name", s.name},
          {"participant", s.participant},
          {"area", s.area},
          {"location", PointJson(s.location)},
          {"type", s.type},
          {"minerals", Strings(s.minerals)},
          {"operator", s.operator_name},
          {"workers", OptInt(s.workers)},
          {"armed_presence", s.armed_presence},
          {"armed_roles", Strings(s.armed_roles)},
          {"child_labour", s.child_labour},
          {"source", s.source},
          {"organisation", s.organisation}};
}

json::object VisitJson(const Visit& v) {
  return {{"id", v.id},
          {"site_code", v.site_code},
          {"visited_on", v.visited_on},
          {"workers", OptInt(v.workers)},
          {"minerals", Strings(v.minerals)},
          {"armed_presence", v.armed_presence},
          {"armed_roles", Strings(v.armed_roles)},
          {"child_labour", v.child_labour},
          {"mercury", v.mercury},
          {"notes", v.notes},
          {"organisation", v.organisation}};
}

json::object ReportJson(const Report& r) {
  json::array files;
  for (const auto& a : r.attachments) {
    json::object f{{"sha256", a.sha256}, {"bytes", a.size}};
    if (!a.name.empty()) {
      f["name"] = a.name;
      f["content_type"] = a.content_type;
      f["received_at"] = a.received_at;
    }
    files.push_back(std::move(f));
  }
  json::object o{{"id", r.id},
                 {"form", r.form_id},
                 {"organisation", r.organisation},
                 {"status", r.status},
                 {"received_at", r.received_at},
                 {"encrypted", r.encrypted},
                 {"category", r.category},
                 {"occurred_on", r.occurred_on},
                 {"participant", r.participant},
                 {"area", r.area},
                 {"site_code", r.site_code},
                 {"location", PointJson(r.location)},
                 {"description", r.description},
                 {"restricted", r.restricted},
                 {"description_restricted", r.text_restricted},
                 {"people_affected", OptInt(r.people_affected)},
                 {"sha256", r.xml_sha256},
                 {"files", std::move(files)}};
  if (!r.instance_id.empty()) {
    o["instance_id"] = r.instance_id;
    o["deprecated_id"] = r.deprecated_id;
    o["superseded_by"] = r.superseded_by;
    json::array missing;
    for (const auto& m : r.media) {
      if (std::none_of(r.attachments.begin(), r.attachments.end(),
                       [&](const Attachment& a) { return a.name == m; })) {
        missing.emplace_back(m);
      }
    }
    o["missing_files"] = std::move(missing);
    o["device"] = r.device_id;
  } else {
  }
  return o;
}

json::object StatusJson(const StatusChange& s) {
  json::object o{{"status", s.status}, {"at", s.at}};
  if (!s.actor.empty()) o["actor"] = s.actor;
  if (!s.reason.empty()) o["reason"] = s.reason;
  return o;
}

std::vector<std::vector<std::string>> SiteRows(const std::vector<Site>& sites) {
  std::vector<std::vector<std::string>> rows = {
      {"code", "name", "participant", "area", "latitude", "longitude", "type", "minerals",
       "operator", "workers", "armed_presence", "armed_roles", "child_labour", "source"}};
  for (const auto& s : sites) {
    rows.push_back({s.code, s.name, s.participant, s.area,
                    s.location ? FormatE6(s.location->lat_e6) : "",
                    s.location ? FormatE6(s.location->lon_e6) : "", s.type, Joined(s.minerals),
                    s.operator_name, s.workers ? std::to_string(*s.workers) : "", s.armed_presence,
                    Joined(s.armed_roles), s.child_labour, s.source});
  }
  return rows;
}

std::vector<std::vector<std::string>> ReportRows(const std::vector<Report>& reports) {
  std::vector<std::vector<std::string>> rows = {
      {"id", "form", "organisation", "status", "received_at", "category", "occurred_on",
       "participant", "area", "site_code", "latitude", "longitude", "people_affected",
       "description", "sha256"}};
  for (const auto& r : reports) {
    rows.push_back({std::to_string(r.id), r.form_id, r.organisation, r.status, r.received_at,
                    r.category, r.occurred_on, r.participant, r.area, r.site_code,
                    r.location ? FormatE6(r.location->lat_e6) : "",
                    r.location ? FormatE6(r.location->lon_e6) : "",
                    r.people_affected ? std::to_string(*r.people_affected) : "", r.description,
                    r.xml_sha256});
  }
  return rows;
}

std::string SitesCsv(const std::vector<Site>& sites) { return Csv(SiteRows(sites)); }
std::string ReportsCsv(const std::vector<Report>& reports) { return Csv(ReportRows(reports)); }
core::Result<std::string> SitesXlsx(const std::vector<Site>& sites) {
  return tables::RowsToXlsx("sites", SiteRows(sites));
}
core::Result<std::string> ReportsXlsx(const std::vector<Report>& reports) {
  return tables::RowsToXlsx("incidents", ReportRows(reports));
}

std::string SitesGeoJson(const std::vector<Site>& sites) {
  json::array f;
  for (const auto& s : sites) {
    json::object props = SiteJson(s);
    props.erase("location");
    f.push_back(json::object{
        {"type", "Feature"}, {"geometry", Geometry(s.location)}, {"properties", std::move(props)}});
  }
  return FeatureCollection(std::move(f));
}

std::string ReportsGeoJson(const std::vector<Report>& reports) {
  json::array f;
  for (const auto& r : reports) {
    json::object props = ReportJson(r);
    props.erase("location");
    f.push_back(json::object{
        {"type", "Feature"}, {"geometry", Geometry(r.location)}, {"properties", std::move(props)}});
  }
  return FeatureCollection(std::move(f));
}

std::string SitesKml(const std::vector<Site>& sites) {
  std::string p;
  for (const auto& s : sites) {
    p += Placemark(s.code + " " + s.name,
                   s.type + "; " + Joined(s.minerals) + "; armed presence: " + s.armed_presence,
                   s.location);
  }
  return Kml("openkp mining sites", p);
}

std::string ReportsKml(const std::vector<Report>& reports) {
  std::string p;
  for (const auto& r : reports) {
    p += Placemark("Report " + std::to_string(r.id) + ": " + r.category,
                   r.occurred_on + " (" + r.status + ") " + r.description, r.location);
  }
  return Kml("openkp incident reports", p);
}

}  // namespace openkp::monitor
