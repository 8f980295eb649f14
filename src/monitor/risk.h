// Risk under the conflict-diamond definitions, from reviewed incident reports: the KPCS
// definition and the expanded "systematic and widespread" one proposed by industry and civil
// society (2018-2019), applied per participant, area and site over a rolling window, each flag
// explained by the incidents behind it. docs/MONITORING.md "Risk flags" gives the rationale of
// every threshold.
//
//   auto flags = monitor::AssessRisk(reports, today, monitor::RiskThresholds{});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "monitor/records.h"

namespace openkp::monitor {

struct RiskThresholds {
  int64_t window_days = 365;  // incidents that happened in the last year
  // KPCS definition: verified violence by armed groups (rebel movements or their allies).
  int64_t kpcs_min_incidents = 1;
  // Expanded definition: abuses by armed groups, public or private security forces, forced or
  // child labour, other human-rights abuses...
  int64_t systematic_min_incidents = 5;  // ...repeated ("systematic")...
  int64_t widespread_min_months = 3;     // ...and spread over months...
  int64_t widespread_min_sites = 2;      // ...or over sites ("widespread").
};

// The rules and their meaning, for `GET /v1/risk/thresholds` and the docs.
struct RiskThresholdInfo {
  std::string name;
  int64_t value;
  std::string meaning;
};
std::vector<RiskThresholdInfo> DescribeThresholds(const RiskThresholds& t);
// Sets one threshold by name; kInvalidArgument for an unknown name or a value below 1.
core::Status SetThreshold(RiskThresholds* t, const std::string& name, int64_t value);

struct RiskFlag {
  std::string definition;  // "kpcs" or "systematic-widespread"
  std::string scope;       // "participant", "area" or "site"
  std::string participant;
  std::string area;                // for area and site scopes
  std::string site;                // for the site scope
  std::vector<int64_t> incidents;  // the reports behind it, oldest first
  int64_t months = 0, sites = 0;   // distinct months and sites among them
  std::string explanation;
};

// Flags from `reports` (only reviewed incident reports count: verified, referred, answered,
// resolved; the caller passes what its viewer may see), ordered by participant, scope, area.
std::vector<RiskFlag> AssessRisk(const std::vector<Report>& reports, const core::Date& today,
                                 const RiskThresholds& t);

}  // namespace openkp::monitor
