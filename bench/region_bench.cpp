// Regional dashboard benchmark, openkp side (issue 17): on a data directory made by `openkp demo`
// (the real KP statistics, the demo's certificates, monitoring, regions), adds N certificates over
// 20 years between 60 participants (certificate_fill.h) and a region of 10 of them, then times
// that region's dashboard for 2005-2024 as an admin sees it (tables, trade between members,
// unit values, findings, map features, plans and commitments): cold (the anomaly findings
// computed for the first time) and warm (median of 7), and as the public sees it.
// bench/region_bench.sh runs the sqlite3 shell's aggregations on the same database.
// Usage: region_bench DATA_DIR [CERTIFICATES=1000000]   (0: a data directory a run filled)
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "activities/activities.h"
#include "backends/backends.h"
#include "certificate_fill.h"
#include "http/findings_source.h"
#include "http/region_dashboard.h"

using namespace openkp;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

int Fail(const core::Status& s) {
  std::fprintf(stderr, "%s\n", s.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: region_bench DATA_DIR [CERTIFICATES]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int64_t certificates = argc > 2 ? std::atoll(argv[2]) : 1000000;
  auto opened = backends::OpenDatabase(backends::SqliteUrl(dir + "/openkp.db"),
                                       {monitor::Schema(), review::Schema(), activities::Schema()});
  if (!opened.ok()) return Fail(opened.status());
  store::Database& db = **opened;
  const core::Date today = core::Date::TodayUtc();
  auto clock = [today] { return today; };
  stats::Statistics stats(db, clock);
  monitor::MonitorOptions mopt;
  mopt.digest_secret = std::string(32, 's');
  monitor::Monitor monitor(db, std::move(*monitor::NewMonitorStore(db)), mopt, clock);
  review::Review review(db, std::move(*review::NewReviewStore(db)),
                        http::FindingsFromStatistics(stats), review::ReviewOptions{}, clock);
  review.SetFindingVersion(http::FindingsVersionOf(stats));
  activities::Activities coalition(db, std::move(*activities::NewActivitiesStore(db)), clock);
  review::Regions regions(db, std::move(*review::NewReviewStore(db)), clock);
  review::FollowUps follow_ups(db, std::move(*review::NewReviewStore(db)), clock);
  follow_ups.SetReferencePublic(http::FollowUpReferencePublic(&monitor, &coalition));

  auto t0 = Clock::now();
  if (auto s = bench::AddCertificates(db, certificates, today); !s.ok()) return Fail(s);
  std::printf("setup: %lld certificates %.1f s\n", static_cast<long long>(certificates),
              Ms(Clock::now() - t0) / 1000);

  accounts::Principal admin;
  admin.user.role = store::Role::kAdmin;
  admin.user.name = "Bench admin";
  // Ten of the bench's trading participants, with ZW (the demo's sites and reports are there).
  std::vector<std::string> ten = bench::BenchParticipants();
  ten.resize(9);
  if (std::find(ten.begin(), ten.end(), "ZW") == ten.end()) ten.push_back("ZW");
  while (ten.size() < 10) ten.push_back(bench::BenchParticipants()[ten.size()]);
  if (!regions.Get(nullptr, "BENCH10").ok()) {
    review::Region r;
    r.code = "BENCH10";
    r.name = "Ten participants (bench)";
    r.kind = "initiative";  // the demo's regions hold some of them already
    r.participants = ten;
    if (auto made = regions.Create(admin, r); !made.ok()) return Fail(made.status());
  }
  std::string names;
  for (const auto& p : ten) names += (names.empty() ? "" : ",") + p;
  std::printf("region BENCH10: %s\n", names.c_str());

  // An admin sees every part (findings and the trade between members); analysts see no trade
  // between members.
  const accounts::Principal& analyst = admin;
  const http::RegionDashboardRequest request{"BENCH10", 2005, 2024};
  const http::RegionServices services{regions, &follow_ups, &stats, &review, &monitor, &coalition};
  t0 = Clock::now();
  auto cold = http::BuildRegionDashboard(&analyst, request, services);
  const double cold_ms = Ms(Clock::now() - t0);
  if (!cold.ok()) return Fail(cold.status());
  auto median = [&](const accounts::Principal* who, std::vector<double>* runs) -> core::Status {
    for (int i = 0; i < 7; ++i) {
      t0 = Clock::now();
      auto d = http::BuildRegionDashboard(who, request, services);
      runs->push_back(Ms(Clock::now() - t0));
      if (!d.ok()) return d.status();
    }
    std::sort(runs->begin(), runs->end());
    return {};
  };
  std::vector<double> runs, public_runs;
  if (auto s = median(&analyst, &runs); !s.ok()) return Fail(s);
  if (auto s = median(nullptr, &public_runs); !s.ok()) return Fail(s);
  const auto& d = *cold;
  std::printf(
      "openkp_region_dashboard_ms %.1f (admin: every part, median of 7; min %.1f, max %.1f; %zu "
      "bytes: "
      "%zu production years, %zu pairs of trade between members, %zu finding groups shown, %zu "
      "map features)\n",
      runs[3], runs.front(), runs.back(), boost::json::serialize(d).size(),
      d.at("production").at("rows").as_array().size(),
      d.at("intra_region_trade").at("rows").as_array().size(),
      d.at("findings").at("groups").as_array().size(),
      d.at("map").at("features").as_array().size());
  std::printf("openkp_region_dashboard_public_ms %.1f (median of 7)\n", public_runs[3]);
  std::printf(
      "openkp_region_dashboard_cold_ms %.0f (first request: the anomaly findings computed)\n",
      cold_ms);
  return 0;
}
