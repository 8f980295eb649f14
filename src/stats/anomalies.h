// Anomaly rules over statistics and certificates. Each finding says which rule fired, for whom
// and when, the numbers compared, the threshold, and where the numbers came from, so that the
// participant concerned can answer it. docs/STATISTICS.md gives each rule's rationale.
//
//   stats::Thresholds t;                       // documented defaults
//   stats::SetThreshold(t, "change_ratio", "0.8");
//   auto report = stats::FindAnomalies(statistics, t, {});
#pragma once

#include <map>
#include <memory>
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
  bool operator==(const Thresholds&) const = default;
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
  // The figure the rule looked at ("production", "exports (certificates)", "certificate
  // BW-2026-000001"): with rule, participants and period, what the finding is about.
  std::string figure;
  // How far the numbers are from what the rule expects, as a ratio (0.6 = 60 % off); 1 for
  // rules that only say yes or no. Rule-specific; docs/STATISTICS.md "Ranking".
  double deviation = 1;

  // Set by FindAnomalies once every rule ran:
  // Stable identity: 16 hex digits of SHA-256(rule, participants, period, figure). The same
  // finding has the same id in every run, whatever its numbers.
  std::string id;
  // SHA-256 (hex) of the numbers compared: a revision that changes them changes it.
  std::string fingerprint;
  // Ranking: 1000 x log2(1 + min(deviation, 100)) x (0.01 + share), share being the largest
  // share of world volume or value (production, exports) held by one of its participants in
  // the finding's year. A 60 % swing of a producer with 20 % of the world scores 142; a 1000 %
  // swing of one with 0.1 % scores 38.
  int64_t severity = 0;
  // The group it is shown in (id of the group): one per participant (the first named) and year.
  std::string group;
  // Per-certificate rules report roll-ups: one finding per rule, participant that answers for it
  // and issue year, saying how many certificates it holds (0 for other findings), the partners
  // and the most severe one; CertificateFindings lists each certificate's finding.
  int64_t certificates = 0;
};

struct AnomalyReport {
  Thresholds thresholds;
  std::vector<Finding> findings;          // most severe first
  std::map<std::string, int64_t> counts;  // per rule, every rule listed
};

// The findings of a report grouped for people to work through: per participant (the first a
// finding names: the one that answers for it) and year (the first four characters of its period;
// findings with no period share a group).
struct FindingGroup {
  std::string id;
  std::string rule;  // the rules of its findings, most severe first, joined by ", "
  std::vector<std::string> participants;  // the participant
  std::string period;                     // the year, "" for findings with no period
  std::string message;           // the finding's message for a group of one, else a summary
  int64_t severity = 0;          // the highest of its findings
  std::vector<size_t> findings;  // indexes into AnomalyReport::findings, most severe first
};
// Groups in the order of their most severe findings.
std::vector<FindingGroup> GroupFindings(const AnomalyReport& r);

struct AnomalyQuery {
  std::optional<std::string> participant = {};  // findings that involve it
  std::optional<std::string> rule = {};
};

core::Result<AnomalyReport> FindAnomalies(Statistics& stats, const Thresholds& t,
                                          const AnomalyQuery& q);

// The findings at the documented thresholds (Thresholds{}), every participant, computed once and
// shared by every caller until their inputs change (Statistics::CurrentInputs); for new
// certificate events alone, at most every Statistics::SetFindingsRefresh. One computation at a
// time: a caller that arrives during one waits for it and shares its result.
core::Result<std::shared_ptr<const FindingsSnapshot>> CurrentFindings(Statistics& stats);

// The findings of `r` that `q` asks for, with their counts: what FindAnomalies(stats, r's
// thresholds, q) would have returned from the same inputs (and its error for an unknown rule).
core::Result<AnomalyReport> FilterFindings(const AnomalyReport& r, const AnomalyQuery& q);

// The findings of one roll-up (Finding::certificates > 0), one per certificate, most severe
// first, each in the roll-up's group. Reads that participant's certificates of that year only.
core::Result<std::vector<Finding>> CertificateFindings(Statistics& stats, const Thresholds& t,
                                                       const Finding& rollup);

// The findings as CSV (RFC 4180), one per row: id, severity, rule, participants, period,
// figure, message, compared ("label: value" joined by "; "), threshold, sources (joined by "; ").
std::string AnomaliesToCsv(const AnomalyReport& r);

}  // namespace openkp::stats
