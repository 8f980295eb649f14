// Anomaly rules over statistics and certificates. Each finding says which rule fired, for whom
// and when, the numbers compared, the threshold, and where the numbers came from, so that the
// participant concerned can answer it. docs/STATISTICS.md gives each rule's rationale.
//
//   stats::Thresholds t;                       // documented defaults
//   stats::SetThreshold(t, "change_ratio", "0.8");
//   auto report = stats::FindAnomalies(statistics, t, {});
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stats/stats.h"

namespace openkp::stats {

struct Thresholds {
  double change_ratio = 0.5;               // |new - old| / old, period over period
  int64_t min_carats_hundredths = 100000;  // 1 000 ct: smaller volumes are not compared
  double unit_value_z = 3.5;               // robust z-score of log US$/ct (median, MAD)
  double unit_value_deviation = 0.25;      // ... and at least this far from the median
  int unit_value_history = 8;              // own earlier periods compared (at least 4 needed)
  int peer_min_count = 5;                  // exporters of one HS code needed for a peer median
  double balance_tolerance = 0.05;         // exports may exceed production + imports by this
  double mirror_carats = 0.001;            // certificate vs confirmation (the registry's 0.10 %)
  double mirror_value = 0.01;              // ... (1 %)
  double reported_mirror_carats = 0.05;    // partners' reported totals against each other
  double reported_mirror_value = 0.10;     // (CIF/FOB and timing explain some value gap)
  int confirmation_days = 45;              // a certificate still unconfirmed after this many days
  int history_periods = 4;                 // "known producer": production in the last N periods
  double revision_ratio = 0.10;            // a revision larger than this between vintages
};

// Sets one threshold by name from text; errors name the threshold and the rule broken.
core::Status SetThreshold(Thresholds& t, const std::string& name, const std::string& value);

struct ThresholdInfo {
  std::string name, value, meaning;
};
std::vector<ThresholdInfo> DescribeThresholds(const Thresholds& t);

// The rules, by name.
const std::vector<std::string>& RuleNames();

struct Finding {
  std::string rule;
  std::vector<std::string> participants;
  std::string period;  // "2019-H1", "2019", "2026-Q2", or a certificate's issue date
  std::string message;
  std::vector<std::pair<std::string, std::string>> compared;  // label -> value, as text
  std::string threshold;
  std::vector<std::string> sources;  // "production source #1 rows 2;3", "certificate BW-..."
};

struct AnomalyReport {
  Thresholds thresholds;
  std::vector<Finding> findings;
  std::map<std::string, int64_t> counts;  // per rule, every rule listed
};

struct AnomalyQuery {
  std::optional<std::string> participant;  // findings that involve it
  std::optional<std::string> rule;
};

core::Result<AnomalyReport> FindAnomalies(Statistics& stats, const Thresholds& t,
                                          const AnomalyQuery& q);

// The findings as CSV (RFC 4180), one per row: rule, participants, period, message, compared
// ("label: value" joined by "; "), threshold, sources (joined by "; ").
std::string AnomaliesToCsv(const AnomalyReport& r);

}  // namespace openkp::stats
