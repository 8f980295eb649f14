// Shared by the monitoring routes modules (routes_monitor.cpp, routes_incidents.cpp). Not a
// public header.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http/route_util.h"
#include "http/routes.h"
#include "monitor/export.h"
#include "monitor/geo.h"

namespace openkp::http {

// A JSON answer that may hold coordinates (monitor::Serialize writes them exactly).
inline Response JsonWithPoints(const json::value& v, int status = 200) {
  return JsonTextResponse(monitor::Serialize(v), status);
}

inline Response Download(std::string body, const char* type, const std::string& filename) {
  Response r;
  r.content_type = type;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The optional "location": {"latitude", "longitude"} of a body (degrees as JSON numbers or
// decimal strings), exact to the millionth.
inline Result<std::optional<monitor::GeoPoint>> LocationFromJson(core::ObjectReader& r) {
  const auto* loc = r.OptionalValue("location");
  if (loc == nullptr || loc->is_null()) return std::optional<monitor::GeoPoint>();
  core::ObjectReader l(*loc, "location");
  const auto* lat = l.Value("latitude");
  const auto* lon = l.Value("longitude");
  OPENKP_RETURN_IF_ERROR(l.Finish());
  auto la = monitor::DegreesE6FromJson(*lat, 90);
  if (!la.ok()) return Status::Invalid("location.latitude", "range", la.status().message());
  auto lo = monitor::DegreesE6FromJson(*lon, 180);
  if (!lo.ok()) return Status::Invalid("location.longitude", "range", lo.status().message());
  return std::optional<monitor::GeoPoint>(monitor::GeoPoint{*la, *lo});
}

// The renderings of a list (monitor/export.h).
template <typename T>
struct ListExports {
  std::string (*csv)(const std::vector<T>&);
  core::Result<std::string> (*xlsx)(const std::vector<T>&);
  std::string (*geojson)(const std::vector<T>&);
  std::string (*kml)(const std::vector<T>&);
  json::object (*json)(const T&);
};

// `list` as `format` asks (csv, xlsx, geojson, kml; otherwise JSON {"items": [...]}), downloads
// named `name` + the format's extension.
template <typename T>
Response ExportList(const Request& req, const std::string& format, const std::vector<T>& list,
                    const std::string& name, const ListExports<T>& e) {
  if (format == "csv") return CsvResponse(e.csv(list), name + ".csv");
  if (format == "xlsx") {
    auto bytes = e.xlsx(list);
    if (!bytes.ok()) return Problem(bytes.status(), req.path);
    return Download(std::move(*bytes), kXlsxType, name + ".xlsx");
  }
  if (format == "geojson")
    return Download(e.geojson(list), "application/geo+json", name + ".geojson");
  if (format == "kml") {
    return Download(e.kml(list), "application/vnd.google-earth.kml+xml", name + ".kml");
  }
  json::array items;
  for (const auto& x : list) items.push_back(e.json(x));
  return JsonWithPoints(json::object{{"items", std::move(items)}});
}

// /v1/incidents... and /v1/risk, /v1/certificates/{number}/risk.
void AddIncidentAndRiskRoutes(Router& router, const Auth& auth, monitor::Monitor& m,
                              EventReceiptFn receipt,
                              CertificateParticipantsFn certificate_participants);

}  // namespace openkp::http
