// Dossier benchmark, openkp side (issue 13): on a data directory made by `openkp demo` (the real
// KP statistics, the demo's certificates, monitoring and reviews), adds N certificates over 20
// years between 60 participants (through the store, as the registry writes them) and M incident
// reports about Zimbabwe (through the monitoring service, half of them verified), then times the
// dossier of Zimbabwe over 2005-2024: JSON cold (the anomaly findings computed for the first
// time) and warm (median of 7), then HTML, .docx (pandoc) and PDF (Chromium).
// bench/dossier_bench.sh runs the sqlite3 shell's aggregations on the same database.
// Usage: dossier_bench DATA_DIR [CERTIFICATES=1000000] [INCIDENTS=10000]
// (0 0 times the dossier of a data directory a run filled before; OPENKP_DOSSIER_TIMING=1 prints
// the time of each part of the dossier)
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "backends/backends.h"
#include "certificate_fill.h"
#include "core/certificate.h"
#include "core/iso3166.h"
#include "http/dossier.h"
#include "http/findings_source.h"

using namespace openkp;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

int Fail(const core::Status& s) {
  std::fprintf(stderr, "%s\n", s.message().c_str());
  return 1;
}

// Incident reports about Zimbabwe from a bench member of the demo's Zimbabwean organisation.
core::Status AddIncidents(accounts::Accounts& accounts, monitor::Monitor& m, int64_t n,
                          core::Date today) {
  if (n == 0) return {};
  auto admin = accounts.AddUser("Bench admin", store::Role::kAdmin, "");
  auto member = accounts.AddUser("Bench monitor", store::Role::kMonitor, "");
  auto verifier = accounts.AddUser("Bench verifier", store::Role::kVerifier, "");
  if (!admin.ok() || !member.ok() || !verifier.ok()) return core::Status::Internal("bench users");
  OPENKP_RETURN_IF_ERROR(m.AddMember(accounts::Principal{admin->user}, member->user.id, "CNRG-ZW"));
  std::mt19937_64 rng(7);
  const char* kCategories[] = {"security_force_violence", "child_labour", "environmental_harm",
                               "displacement", "labour_rights"};
  for (int64_t i = 0; i < n; ++i) {
    monitor::IncidentInput in;
    in.category = kCategories[rng() % 5];
    in.occurred_on = today.AddDays(-1 - static_cast<int64_t>(rng() % (365 * 20))).ToString();
    in.participant = "ZW";
    in.area = "Marange, Manicaland";
    in.description = "Bench report " + std::to_string(i);
    in.people_affected = 1 + static_cast<int64_t>(rng() % 40);
    auto filed = m.FileIncident(accounts::Principal{member->user}, in);
    if (!filed.ok()) return filed.status();
    if (i % 2 == 0) {
      auto s = m.ChangeStatus(accounts::Principal{verifier->user}, filed->report_id, "verified",
                              "bench");
      if (!s.ok()) return s.status();
    }
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dossier_bench DATA_DIR [CERTIFICATES] [INCIDENTS]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int64_t certificates = argc > 2 ? std::atoll(argv[2]) : 1000000;
  const int64_t incidents = argc > 3 ? std::atoll(argv[3]) : 10000;
  auto opened = backends::OpenDatabase(backends::SqliteUrl(dir + "/openkp.db"),
                                       {monitor::Schema(), review::Schema()});
  if (!opened.ok()) return Fail(opened.status());
  store::Database& db = **opened;
  const core::Date today = core::Date::TodayUtc();
  auto clock = [today] { return today; };
  registry::KeyVault vault(dir + "/keys");
  accounts::Accounts accounts(db);
  registry::Registry registry(db, vault, clock);
  stats::Statistics stats(db, clock);
  auto mstore = monitor::NewMonitorStore(db);
  if (!mstore.ok()) return Fail(mstore.status());
  monitor::MonitorOptions mopt;
  mopt.digest_secret = std::string(32, 's');
  monitor::Monitor monitor(db, std::move(*mstore), mopt, clock);
  review::Review review(db, std::move(*review::NewReviewStore(db)),
                        http::FindingsFromStatistics(stats), review::ReviewOptions{}, clock);
  review.SetFindingVersion(http::FindingsVersionOf(stats));
  review::PeerReviews peer_reviews(db, std::move(*review::NewReviewStore(db)), clock);

  auto t0 = Clock::now();
  if (auto s = bench::AddCertificates(db, certificates, today); !s.ok()) return Fail(s);
  const double certificates_s = Ms(Clock::now() - t0) / 1000;
  t0 = Clock::now();
  if (auto s = AddIncidents(accounts, monitor, incidents, today); !s.ok()) return Fail(s);
  const double incidents_s = Ms(Clock::now() - t0) / 1000;
  std::printf("setup: %lld certificates %.1f s, %lld incident reports %.1f s\n",
              static_cast<long long>(certificates), certificates_s,
              static_cast<long long>(incidents), incidents_s);

  accounts::Principal admin;
  admin.user.role = store::Role::kAdmin;
  admin.user.name = "Bench admin";
  const http::DossierRequest request{"ZW", 2005, 2024, "en"};
  const http::DossierServices services{registry, &stats, &monitor, &review, &peer_reviews};
  t0 = Clock::now();
  auto cold = http::BuildDossier(admin, request, services);
  const double cold_ms = Ms(Clock::now() - t0);
  if (!cold.ok()) return Fail(cold.status());
  std::vector<double> runs;
  for (int i = 0; i < 7; ++i) {
    t0 = Clock::now();
    auto d = http::BuildDossier(admin, request, services);
    runs.push_back(Ms(Clock::now() - t0));
    if (!d.ok()) return Fail(d.status());
  }
  std::sort(runs.begin(), runs.end());
  const std::string json = boost::json::serialize(*cold);
  std::printf("openkp_dossier_json_ms %.1f (median of 7; min %.1f, max %.1f; %zu bytes)\n", runs[3],
              runs.front(), runs.back(), json.size());
  std::printf("openkp_dossier_cold_ms %.0f (first request: the anomaly findings computed)\n",
              cold_ms);
  t0 = Clock::now();
  const std::string html = http::DossierHtml(*cold, "en");
  const double html_ms = Ms(Clock::now() - t0);
  std::printf("openkp_dossier_html_ms %.1f (%zu bytes)\n", runs[3] + html_ms, html.size());
  for (const char* format : {"docx", "pdf"}) {
    t0 = Clock::now();
    auto out =
        std::string(format) == "pdf" ? http::RenderPdf(html, dir) : http::RenderDocx(html, dir);
    const double engine_ms = Ms(Clock::now() - t0);
    if (!out.ok()) return Fail(out.status());
    const double total = runs[3] + html_ms + engine_ms;
    std::printf("openkp_dossier_%s_ms %.0f (%zu bytes; %.0f %% in the external engine)\n", format,
                total, out->size(), 100 * engine_ms / total);
  }
  return 0;
}
