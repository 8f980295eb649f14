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

// Certificates between the first 60 participants, each with a bench key valid throughout.
core::Status AddCertificates(store::Database& db, int64_t n, core::Date today) {
  if (n == 0) return {};  // a data directory a run made before
  std::vector<std::string> codes;
  for (const auto& p : core::KnownParticipants()) {
    if (codes.size() < 60) codes.push_back(p.code);
  }
  if (std::find(codes.begin(), codes.end(), "ZW") == codes.end()) codes.back() = "ZW";
  for (const auto& code : codes) {
    OPENKP_RETURN_IF_ERROR(db.Write([&](store::Txn& t) -> core::Status {
      OPENKP_RETURN_IF_ERROR(db.registry().UpsertParticipant(t, {code, code, "Authority"}));
      store::AuthorityKey key{"bench-" + code,
                              code,
                              std::string(30, 'k') + code,
                              *core::Date::Parse("2000-01-01"),
                              std::nullopt,
                              std::nullopt,
                              ""};
      return db.registry().AddKey(t, key);
    }));
  }
  std::mt19937_64 rng(42);
  const char* kHs[] = {"7102.10", "7102.21", "7102.31"};
  const int64_t kBatch = 20000;
  for (int64_t done = 0; done < n; done += kBatch) {
    OPENKP_RETURN_IF_ERROR(db.Write([&](store::Txn& t) -> core::Status {
      for (int64_t i = done; i < std::min(n, done + kBatch); ++i) {
        store::CertificateRecord r;
        auto& b = r.certificate.body;
        b.issuer = codes[rng() % codes.size()];
        do {
          b.destination = codes[rng() % codes.size()];
        } while (b.destination == b.issuer);
        b.key_id = "bench-" + b.issuer;
        b.issued_on = core::Date::FromDays(today.days() - 365 * 20 +
                                           static_cast<int64_t>(rng() % (365 * 20)));
        b.expires_on = b.issued_on.AddDays(60);
        char number[64];
        std::snprintf(number, sizeof number, "%s-%d-B%06lld", b.issuer.c_str(), b.issued_on.year(),
                      static_cast<long long>(i));
        b.number = number;
        const int64_t carats = 100 + static_cast<int64_t>(rng() % 10000000);
        b.lines.push_back(
            {kHs[rng() % 3], carats, carats * (50 + static_cast<int64_t>(rng() % 400))});
        b.parcels = 1 + static_cast<int64_t>(rng() % 5);
        r.certificate.signature = "bench";  // not verified here
        r.document = boost::json::serialize(core::SignedToJson(r.certificate));
        OPENKP_RETURN_IF_ERROR(db.registry().InsertCertificate(t, r));
        OPENKP_RETURN_IF_ERROR(db.events().Append(
            t, {0, "certificate.issued", b.number, b.issuer, "", "bench", "{}"}));
        if (rng() % 100 < 70) {
          store::Confirmation c;
          c.received_on = b.issued_on.AddDays(static_cast<int64_t>(rng() % 30));
          c.carats_hundredths = carats;
          c.value_usd_cents = b.lines[0].value_usd_cents;
          c.parcels = b.parcels;
          OPENKP_RETURN_IF_ERROR(db.registry().RecordConfirmation(t, b.number, c));
          OPENKP_RETURN_IF_ERROR(db.events().Append(
              t, {0, "certificate.confirmed", b.number, b.destination, "", "bench", "{}"}));
        }
      }
      return core::Status();
    }));
  }
  return db.Write([&](store::Txn& t) { return db.stats().RefreshTradeFlows(t); });
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
  if (auto s = AddCertificates(db, certificates, today); !s.ok()) return Fail(s);
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
