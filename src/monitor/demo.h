// Demo data for monitoring: three civil-society organisations with a member and a phone each,
// a verifier, plausible mining sites and visits in several producing participants, and
// incident reports (some verified, one restricted), all from a fixed seed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "monitor/monitor.h"

namespace openkp::monitor {

struct DemoResult {
  std::vector<std::pair<std::string, std::string>> tokens;   // user name -> API token
  std::vector<std::pair<std::string, std::string>> devices;  // label -> "username:password"
  int64_t sites = 0, visits = 0, reports = 0;
};

core::Result<DemoResult> LoadDemo(accounts::Accounts& accounts, Monitor& monitor, uint64_t seed,
                                  const core::Date& today);

}  // namespace openkp::monitor
