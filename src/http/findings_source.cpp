#include "http/findings_source.h"

namespace openkp::http {

namespace {

review::Finding ToReview(stats::Finding&& f) {
  review::Finding r;
  r.id = std::move(f.id);
  r.rule = std::move(f.rule);
  r.participants = std::move(f.participants);
  r.period = std::move(f.period);
  r.figure = std::move(f.figure);
  r.message = std::move(f.message);
  r.compared = std::move(f.compared);
  r.threshold = std::move(f.threshold);
  r.sources = std::move(f.sources);
  r.fingerprint = std::move(f.fingerprint);
  r.severity = f.severity;
  r.group = std::move(f.group);
  r.certificates = f.certificates;
  return r;
}

}  // namespace

review::FindingSource FindingsFromStatistics(stats::Statistics& stats) {
  return [&stats]() -> core::Result<review::Findings> {
    auto shared = stats::CurrentFindings(stats);
    if (!shared.ok()) return shared.status();
    const stats::AnomalyReport& report = *(*shared)->report;
    review::Findings out;
    for (auto& g : stats::GroupFindings(report)) {
      out.groups.push_back(
          {g.id, g.rule, g.participants, g.period, g.message, g.severity, std::move(g.findings)});
    }
    out.findings.reserve(report.findings.size());
    for (stats::Finding f : report.findings) out.findings.push_back(ToReview(std::move(f)));
    return out;
  };
}

review::CertificateLister CertificatesFromStatistics(stats::Statistics& stats) {
  return [&stats](const review::Finding& rollup) -> core::Result<std::vector<review::Finding>> {
    stats::Finding f;
    f.id = rollup.id;
    f.rule = rollup.rule;
    f.participants = rollup.participants;
    f.period = rollup.period;
    f.group = rollup.group;
    f.certificates = rollup.certificates;
    auto each = stats::CertificateFindings(stats, stats::Thresholds{}, f);
    if (!each.ok()) return each.status();
    std::vector<review::Finding> out;
    out.reserve(each->size());
    for (auto& c : *each) out.push_back(ToReview(std::move(c)));
    return out;
  };
}

review::FindingVersion FindingsVersionOf(stats::Statistics& stats) {
  // The version of the findings CurrentFindings hands out, which may lag the inputs by
  // Statistics::SetFindingsRefresh: the review's cache follows what it was given.
  return [&stats]() -> core::Result<std::string> {
    auto shared = stats::CurrentFindings(stats);
    if (!shared.ok()) return shared.status();
    return (*shared)->inputs.ToString();
  };
}

}  // namespace openkp::http
