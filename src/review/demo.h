// Demo data for the review workflow: a statistics analyst, and a season of the working group's
// work on the real findings (some triaged, questionnaires answered and accepted, one answered
// awaiting a decision, one overdue and listed among the non-respondents).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts.h"
#include "review/follow_ups.h"
#include "review/peer_reviews.h"
#include "review/review.h"

namespace openkp::review {

struct DemoResult {
  int64_t questionnaires = 0;
  int64_t triaged = 0;
  int64_t reviews = 0;
  int64_t recommendations = 0;
  std::vector<std::pair<std::string, std::string>> tokens;  // user name, API token
};

// Needs the registry's demo (an officer per participant), the statistics and the monitoring
// demo (its monitors) loaded. Also a review visit to Zimbabwe with civil society's input and
// recommendations in several states, and a reviewer (token in the result).
Result<DemoResult> LoadDemo(accounts::Accounts& accounts, store::Database& db,
                            const FindingSource& source, core::Date today);

struct RegionsDemoResult {
  int64_t regions = 0, plans = 0, actions = 0, commitments = 0;
};

// The Mano River Union and Central Africa with their tripartite members and administrators (a
// civil-society monitor and an officer each), the Kinshasa workshop's Regional Action Plan
// (April 2019) with actions on its three axes, and commitments made at meetings (ZCDC's
// human-rights training in Marange, Alrosa's social-responsibility plans, ...) in several
// states. Needs the registry's, monitoring's and the coalition's demos (commitments name the
// coalition's activities; `is_public`, when set, checks them).
Result<RegionsDemoResult> LoadRegionsDemo(accounts::Accounts& accounts, store::Database& db,
                                          core::Date today, ReferencePublic is_public);

}  // namespace openkp::review
