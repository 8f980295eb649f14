// JSON renderings of statistics results, shared by the HTTP API and the CLI (docs/API.md).
#pragma once

#include <boost/json/value.hpp>

#include "stats/anomalies.h"
#include "stats/stats.h"

namespace openkp::stats {

boost::json::value TableToJson(const SummaryTable& t);
boost::json::value ImportResultToJson(const ImportResult& r);
boost::json::value SourceToJson(const store::StatSource& s);  // without the report
boost::json::value DifferencesToJson(const std::vector<VintageDifference>& d);
boost::json::value AnomalyReportToJson(const AnomalyReport& r);
boost::json::value ThresholdsToJson(const Thresholds& t);

}  // namespace openkp::stats
