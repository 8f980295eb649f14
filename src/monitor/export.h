// Sites and reports as JSON, CSV (RFC 4180), xlsx, GeoJSON (RFC 7946) and KML 2.2: the API's
// answers and downloads. They write what they are given: redact first (Monitor::Redact and the
// public lists already do).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "monitor/records.h"

namespace openkp::monitor {

// JSON text of values built by the functions below: coordinates become exact decimal numbers.
std::string Serialize(const boost::json::value& v);

boost::json::object SiteJson(const Site& s);
boost::json::object VisitJson(const Visit& v);
boost::json::object ReportJson(const Report& r);
boost::json::object StatusJson(const StatusChange& s);

std::string SitesCsv(const std::vector<Site>& sites);
std::string ReportsCsv(const std::vector<Report>& reports);
// The same rows as the CSV, in a one-sheet workbook (numbers as numbers).
core::Result<std::string> SitesXlsx(const std::vector<Site>& sites);
core::Result<std::string> ReportsXlsx(const std::vector<Report>& reports);
// A FeatureCollection; items without a location have a null geometry.
std::string SitesGeoJson(const std::vector<Site>& sites);
std::string ReportsGeoJson(const std::vector<Report>& reports);
std::string SitesKml(const std::vector<Site>& sites);
std::string ReportsKml(const std::vector<Report>& reports);

}  // namespace openkp::monitor
