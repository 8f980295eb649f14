// Disclosure control for the public tables derived from certificates: no published number may
// let anyone work out the figures of fewer than `min_certificates` certificates (default 3),
// directly or by subtracting one published number from another. docs/STATISTICS.md explains
// the rule.
#pragma once

#include <vector>

#include "stats/stats.h"

namespace openkp::stats {

inline constexpr int kDefaultMinCellCertificates = 3;

// `cells`: one participant's trade in one quarter each ("Q1".."Q4", partner and HS code
// empty), with its certificate count. Marks `suppressed` on every cell to withhold: those of
// fewer than `k` certificates (primary), and then more (secondary) until, within every
// participant's half-year and year and within every quarter, half-year and year across
// participants, the withheld cells together hold no certificates or at least `k`. A published
// sum can then reveal at most the total of `k` or more certificates.
void SuppressSmallCells(std::vector<SummaryRow>& cells, int k);

}  // namespace openkp::stats
