#include "stats/disclosure.h"

#include <map>
#include <string>
#include <tuple>

namespace openkp::stats {

namespace {

int64_t Certificates(const SummaryRow& r) { return r.certificates.value_or(0); }

// One group of cells whose sum is (or can be) published.
using Group = std::vector<SummaryRow*>;

// Withholds the visible cell with the fewest certificates when the group's withheld cells hold
// some certificates, but fewer than k. True when it withheld one.
bool Protect(Group& group, int k) {
  int64_t withheld = 0;
  SummaryRow* smallest = nullptr;
  for (SummaryRow* c : group) {
    if (c->suppressed) {
      withheld += Certificates(*c);
    } else if (Certificates(*c) > 0 &&
               (smallest == nullptr || Certificates(*c) < Certificates(*smallest))) {
      smallest = c;
    }
  }
  if (withheld == 0 || withheld >= k || smallest == nullptr) return false;
  smallest->suppressed = true;
  return true;
}

}  // namespace

void SuppressSmallCells(std::vector<SummaryRow>& cells, int k) {
  if (k <= 1) return;
  // The groups: each participant's half-years and years, and each quarter, half-year and year
  // across participants (the world totals).
  std::map<std::tuple<std::string, int, std::string>, Group> groups;
  for (auto& c : cells) {
    if (Certificates(c) > 0 && Certificates(c) < k) c.suppressed = true;  // primary
    const std::string half = c.period == "Q1" || c.period == "Q2" ? "H1" : "H2";
    groups[{c.participant, c.year, half}].push_back(&c);
    groups[{c.participant, c.year, "Y"}].push_back(&c);
    groups[{"", c.year, c.period}].push_back(&c);
    groups[{"", c.year, half}].push_back(&c);
    groups[{"", c.year, "Y"}].push_back(&c);
  }
  // Each round withholds at least one more cell, or ends: it ends.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& [key, group] : groups) changed = Protect(group, k) || changed;
  }
}

}  // namespace openkp::stats
