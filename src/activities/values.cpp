#include "activities/values.h"

#include "core/date.h"

namespace openkp::activities {

bool IsPartialDate(const std::string& d) {
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  if (!core::Date::Parse(FirstDay(d)).ok()) return false;
  const int year = std::stoi(d.substr(0, 4));
  return year >= 1990 && year <= 2100;
}

std::string FirstDay(const std::string& d) {
  return d.size() == 4 ? d + "-01-01" : d.size() == 7 ? d + "-01" : d;
}

std::string LastDay(const std::string& d) {
  if (d.size() == 4) return d + "-12-31";
  if (d.size() != 7) return d;
  auto first = core::Date::Parse(d + "-01");
  if (!first.ok()) return d + "-28";
  // The day before the first of the next month.
  auto next_first = core::Date::Parse(first->AddDays(31).ToString().substr(0, 7) + "-01");
  return next_first.ok() ? next_first->AddDays(-1).ToString() : d + "-28";
}

std::string DegreesText(int64_t e6) {
  const bool negative = e6 < 0;
  const uint64_t v = negative ? static_cast<uint64_t>(-(e6 + 1)) + 1 : static_cast<uint64_t>(e6);
  std::string frac = std::to_string(v % 1000000);
  frac.insert(0, 6 - frac.size(), '0');
  return std::string(negative ? "-" : "") + std::to_string(v / 1000000) + "." + frac;
}

}  // namespace openkp::activities
