// Site lists from CSV or GeoJSON: every row checked, and nothing stored unless all are valid.
#include <boost/json.hpp>
#include <set>

#include "core/json_reader.h"
#include "monitor/geo.h"
#include "monitor/monitor.h"
#include "monitor/monitor_internal.h"
#include "tables/table_reader.h"

namespace openkp::monitor {

namespace json = boost::json;

namespace {

std::vector<std::string> ListCell(const std::string& v) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : v + ";") {
    if (c == ';' || c == ' ' || c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return out;
}

// A site from named text values (a CSV row, or a GeoJSON feature's properties).
Result<Site> SiteFrom(const std::map<std::string, std::string>& v) {
  auto get = [&v](const char* k) {
    auto it = v.find(k);
    return it == v.end() ? std::string() : it->second;
  };
  Site s;
  s.code = get("code");
  s.name = get("name");
  s.participant = get("participant");
  s.area = get("area");
  if (!get("latitude").empty() || !get("longitude").empty()) {
    auto p = ParsePoint(get("latitude"), get("longitude"));
    if (!p.ok()) return p.status();
    s.location = *p;
  }
  s.type = get("type");
  s.minerals = ListCell(get("minerals"));
  s.operator_name = get("operator");
  if (std::string w = get("workers"); !w.empty()) {
    if (w.size() > 9 || w.find_first_not_of("0123456789") != std::string::npos) {
      return Status::Invalid("workers", "integer", "must be a whole number");
    }
    s.workers = std::stoll(w);
  }
  s.armed_presence = get("armed_presence").empty() ? "unknown" : get("armed_presence");
  s.armed_roles = ListCell(get("armed_roles"));
  s.child_labour = get("child_labour").empty() ? "unknown" : get("child_labour");
  s.source = get("source");
  OPENKP_RETURN_IF_ERROR(internal::CheckSite(s));
  return s;
}

// A row's outcome: its site, or the field and reason it was refused.
ImportRow Outcome(int64_t number, Result<Site> site) {
  ImportRow row;
  row.row = number;
  if (site.ok()) {
    row.site = std::move(*site);
  } else {
    row.field = site.status().field();
    row.error = site.status().message();
  }
  return row;
}

const std::set<std::string> kColumns = {
    "code",           "name",        "participant",  "area",     "latitude",
    "longitude",      "type",        "minerals",     "operator", "workers",
    "armed_presence", "armed_roles", "child_labour", "source"};

Result<std::vector<ImportRow>> FromCsv(const std::string& text) {
  auto table = tables::ParseCsv(text);
  if (!table.ok()) return table.status();
  for (const auto& h : table->header) {
    if (!kColumns.count(h)) {
      return Status::Invalid("header", "column",
                             "unknown column '" + h + "' (docs/MONITORING.md lists the columns)");
    }
  }
  std::vector<ImportRow> rows;
  for (const auto& r : table->rows) {
    std::map<std::string, std::string> values;
    for (size_t i = 0; i < table->header.size(); ++i) values[table->header[i]] = r.cells[i];
    rows.push_back(Outcome(r.number, SiteFrom(values)));
  }
  return rows;
}

Result<std::vector<ImportRow>> FromGeoJson(const std::string& text) {
  auto doc = core::ParseJson(text);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object() || doc->as_object().if_contains("type") == nullptr ||
      doc->as_object().at("type") != "FeatureCollection" ||
      !doc->as_object().if_contains("features") || !doc->as_object().at("features").is_array()) {
    return Status::Invalid("type", "geojson", "expected a GeoJSON FeatureCollection");
  }
  std::vector<ImportRow> rows;
  int64_t n = 0;
  for (const auto& f : doc->as_object().at("features").as_array()) {
    ImportRow row;
    row.row = ++n;
    std::map<std::string, std::string> values;
    const json::object* props = nullptr;
    if (f.is_object()) {
      if (auto* p = f.as_object().if_contains("properties"); p && p->is_object()) {
        props = &p->as_object();
      }
    }
    const json::value* geom = f.is_object() ? f.as_object().if_contains("geometry") : nullptr;
    if (props == nullptr) {
      row.field = "properties";
      row.error = "a feature needs properties";
      rows.push_back(std::move(row));
      continue;
    }
    for (const auto& [k, v] : *props) {
      if (v.is_string()) {
        values[std::string(k)] = std::string(v.as_string());
      } else if (v.is_int64()) {
        values[std::string(k)] = std::to_string(v.as_int64());
      } else if (v.is_array()) {
        std::string joined;
        for (const auto& e : v.as_array()) {
          if (e.is_string()) joined += std::string(e.as_string()) + ";";
        }
        values[std::string(k)] = joined;
      }
    }
    std::optional<GeoPoint> point;
    if (geom && geom->is_object() && geom->as_object().if_contains("coordinates")) {
      const auto& c = geom->as_object().at("coordinates");
      // RFC 7946: [longitude, latitude].
      if (!c.is_array() || c.as_array().size() < 2) {
        row.field = "geometry";
        row.error = "a Point's coordinates are [longitude, latitude]";
        rows.push_back(std::move(row));
        continue;
      }
      auto lon = DegreesE6FromJson(c.as_array()[0], 180);
      auto lat = DegreesE6FromJson(c.as_array()[1], 90);
      if (!lon.ok() || !lat.ok()) {
        row.field = "geometry";
        row.error = !lon.ok() ? lon.status().message() : lat.status().message();
        rows.push_back(std::move(row));
        continue;
      }
      point = GeoPoint{*lat, *lon};
    }
    values.erase("latitude");
    values.erase("longitude");
    auto s = SiteFrom(values);
    if (s.ok()) s->location = point;
    rows.push_back(Outcome(row.row, std::move(s)));
  }
  return rows;
}

}  // namespace

Result<ImportResult> Monitor::ImportSites(const accounts::Principal& who, const std::string& format,
                                          const std::string& text, bool store) {
  auto org = OrganisationOf(who);
  if (!org.ok()) return org.status();
  if (!who.is_admin() && org->empty()) {
    return internal::Denied("only monitors and admins import sites");
  }
  Result<std::vector<ImportRow>> rows = format == "geojson" ? FromGeoJson(text)
                                        : format == "csv"
                                            ? FromCsv(text)
                                            : Result<std::vector<ImportRow>>(Status::Invalid(
                                                  "format", "enum", "must be csv or geojson"));
  if (!rows.ok()) return rows.status();
  ImportResult out;
  out.rows = std::move(*rows);
  std::set<std::string> codes;
  for (auto& r : out.rows) {
    if (r.site && !codes.insert(r.site->code).second) {
      r.field = "code";
      r.error = "code '" + r.site->code + "' appears twice in the file";
      r.site.reset();
    }
    if (r.site) {
      ++out.valid;
    } else {
      ++out.invalid;
    }
  }
  if (!store || out.invalid > 0 || out.rows.empty()) return out;
  const std::string now = core::NowUtcTimestamp();
  Status s = db_.Write([&](store::Txn& t) -> Status {
    for (auto& r : out.rows) {
      r.site->organisation = org->empty() ? "admin" : *org;
      r.site->created_at = now;
      auto id = store_->AddSite(t, *r.site);
      if (!id.ok()) {
        if (id.status().code() == core::Code::kAlreadyExists) {
          return Status(core::Code::kAlreadyExists, "row " + std::to_string(r.row) +
                                                        ": a site with code '" + r.site->code +
                                                        "' exists; nothing was imported");
        }
        return id.status();
      }
      r.site->id = *id;
      OPENKP_RETURN_IF_ERROR(
          internal::Event(db_, t, "monitor.site.registered", r.site->code, who.user.name,
                          {{"site", r.site->code}, {"participant", r.site->participant}}));
    }
    return {};
  });
  if (!s.ok()) return s;
  out.stored = true;
  return out;
}

}  // namespace openkp::monitor
