#include "http/findings_source.h"

namespace openkp::http {

review::FindingSource FindingsFromStatistics(stats::Statistics& stats) {
  return [&stats]() -> core::Result<review::Findings> {
    auto report = stats::FindAnomalies(stats, stats::Thresholds{}, {});
    if (!report.ok()) return report.status();
    review::Findings out;
    out.findings.reserve(report->findings.size());
    for (auto& f : report->findings) {
      review::Finding r;
      r.id = f.id;
      r.rule = f.rule;
      r.participants = f.participants;
      r.period = f.period;
      r.figure = f.figure;
      r.message = f.message;
      r.compared = f.compared;
      r.threshold = f.threshold;
      r.sources = f.sources;
      r.fingerprint = f.fingerprint;
      r.severity = f.severity;
      r.group = f.group;
      r.certificates = f.certificates;
      out.findings.push_back(std::move(r));
    }
    for (auto& g : stats::GroupFindings(*report)) {
      out.groups.push_back(
          {g.id, g.rule, g.participants, g.period, g.message, g.severity, std::move(g.findings)});
    }
    return out;
  };
}

review::FindingVersion FindingsVersionOf(stats::Statistics& stats) {
  return [&stats] { return stats.InputsVersion(); };
}

}  // namespace openkp::http
