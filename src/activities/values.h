// Values of an activity as people know them: dates to the precision known ("2019",
// "2019-11", "2019-11-18") and coordinates in exact micro-degrees.
#pragma once

#include <cstdint>
#include <string>

namespace openkp::activities {

// "YYYY", "YYYY-MM" or "YYYY-MM-DD": a real date between 1990 and 2100.
bool IsPartialDate(const std::string& d);
// The first and last days a partial date covers ("2019-02" -> 2019-02-01, 2019-02-28).
std::string FirstDay(const std::string& d);
std::string LastDay(const std::string& d);
// Micro-degrees as exact decimal degrees ("-18.970700").
std::string DegreesText(int64_t e6);

}  // namespace openkp::activities
