// A region's dashboard: its members' production and trade summed and compared (trade between
// members and its mirror gaps, unit values against the region's own history), the anomaly
// findings that involve them, its monitoring map, the coalition's members there, and its action
// plans and commitments. Assembled from every service, as the dossier is. docs/REGIONS.md.
//
//   auto d = http::BuildRegionDashboard(who, {"MRU", 2015, 2024}, services);  // who may be null
//
// Public where the underlying data is public: the KP production table and the certificate trade
// totals (with their small cells withheld, a region's sum withheld when any member's is), the
// map as the public sees it, the coalition, plans and commitments. Trade between members comes
// from the partner breakdown of certificates, which only admins and analysts see whole and an
// officer sees for the pairs its participant is in; findings likewise (review's own rules).
#pragma once

#include <boost/json.hpp>
#include <string>

#include "accounts/accounts.h"
#include "activities/activities.h"
#include "monitor/monitor.h"
#include "review/follow_ups.h"
#include "review/peer_reviews.h"
#include "review/regions.h"
#include "review/review.h"
#include "stats/stats.h"

namespace openkp::http {

struct RegionDashboardRequest {
  std::string region;
  int from_year = 0;
  int to_year = 0;
};

struct RegionServices {
  review::Regions& regions;
  review::FollowUps* follow_ups = nullptr;
  stats::Statistics* stats = nullptr;
  review::Review* review = nullptr;
  monitor::Monitor* monitor = nullptr;
  activities::Activities* coalition = nullptr;
  // For the register (GET /v1/follow-ups): recommendations beside actions and commitments.
  review::PeerReviews* peer_reviews = nullptr;
};

// kNotFound for an unknown region; kInvalidArgument naming the field for a span that is not
// 1 to 30 years.
core::Result<boost::json::object> BuildRegionDashboard(const accounts::Principal* who,
                                                       const RegionDashboardRequest& request,
                                                       const RegionServices& services);

// The dashboard's tables as rows of text, a header first (flow, year, participant: "" for the
// region's sum, carats, US$, US$/ct, complete, withheld; amounts with two decimals, exact): for
// its CSV and .xlsx downloads.
std::vector<std::vector<std::string>> RegionTableRows(const boost::json::object& dashboard);

// Whether a follow-up's reference to monitoring or the coalition ("incident:ID", "site:CODE",
// "activity:REF") exists and is public, for FollowUps::SetReferencePublic. Either service may be
// null (then references to it are not public).
review::ReferencePublic FollowUpReferencePublic(monitor::Monitor* monitor,
                                                activities::Activities* coalition);

}  // namespace openkp::http
