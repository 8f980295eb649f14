// Demo data for the coalition: its members and people, the 2019 annual report's activities as
// recorded data (src/activities/demo/csc-2019.json, from the real report), the membership
// application it reports, a final 2019 report in English, and a second year (2020) generated
// from a fixed seed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "activities/activities.h"

namespace openkp::activities {

struct DemoResult {
  int64_t members = 0;
  int64_t activities = 0;
  int64_t finals = 0;
  std::vector<std::pair<std::string, std::string>> tokens;  // user name, API token
};

// The 2019 data alone (for tests that regenerate the real report).
Status LoadCsc2019(const accounts::Principal& coordinator, Activities& coalition);
Result<DemoResult> LoadDemo(accounts::Accounts& accounts, Activities& coalition, uint64_t seed);

}  // namespace openkp::activities
