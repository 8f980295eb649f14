// The review service's findings from the statistics service's anomaly rules: how the composition
// layer joins two services that do not know each other (review::FindingSource).
#pragma once

#include "review/review.h"
#include "stats/anomalies.h"

namespace openkp::http {

// Runs every anomaly rule at the documented thresholds (stats::Thresholds) and converts the
// findings and their groups. `stats` must outlive the source.
review::FindingSource FindingsFromStatistics(stats::Statistics& stats);
// A roll-up's certificates, each with its own finding (Review::SetCertificateLister).
review::CertificateLister CertificatesFromStatistics(stats::Statistics& stats);
// When those findings may have changed (Review::SetFindingVersion).
review::FindingVersion FindingsVersionOf(stats::Statistics& stats);

}  // namespace openkp::http
