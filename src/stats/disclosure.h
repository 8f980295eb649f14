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
// empty), with its certificate count. Marks `suppressed` on every cell of fewer than `k`
// certificates. The tables then show a sum (a participant's half-year or year, a world total)
// only when none of its cells is withheld and it holds at least `k` certificates: no published
// number is an equation in a withheld cell, so no subtraction can give one back.
void SuppressSmallCells(std::vector<SummaryRow>& cells, int k);

}  // namespace openkp::stats
