#include "stats/disclosure.h"

#include <map>
#include <string>
#include <tuple>

namespace openkp::stats {

void SuppressSmallCells(std::vector<SummaryRow>& cells, int k) {
  if (k <= 1) return;
  for (auto& c : cells) {
    const int64_t n = c.certificates.value_or(0);
    if (n > 0 && n < k) c.suppressed = true;
  }
}

}  // namespace openkp::stats
