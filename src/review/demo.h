// Demo data for the review workflow: a statistics analyst, and a season of the working group's
// work on the real findings (some triaged, questionnaires answered and accepted, one answered
// awaiting a decision, one overdue and listed among the non-respondents).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "review/review.h"

namespace openkp::review {

struct DemoResult {
  int64_t questionnaires = 0;
  int64_t triaged = 0;
  std::vector<std::pair<std::string, std::string>> tokens;  // user name, API token
};

// Needs the registry's demo (an officer per participant) and the statistics loaded.
Result<DemoResult> LoadDemo(accounts::Accounts& accounts, store::Database& db,
                            const FindingSource& source, core::Date today);

}  // namespace openkp::review
