// Statistics benchmark, openkp side: builds a database with 20 years x 60 participants of
// production statistics (imported through the real importer) and N certificates (through the
// store, as the registry writes them; 70 % confirmed, 3 % voided), then times the full summary
// tables and the full anomaly run. bench/stats_bench.sh runs the sqlite3 shell on the same file.
// Usage: stats_bench DB_PATH [CERTIFICATES=1000000]
//        stats_bench DB_PATH --reuse   (times the anomaly run on a database built before)
#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "backends/backends.h"
#include "core/certificate.h"
#include "core/iso3166.h"
#include "stats/anomalies.h"
#include "stats/stats.h"
#include "store/store.h"

using namespace openkp;
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A line of /proc/self/status in KiB ("VmRSS", "VmHWM"), 0 when unreadable.
int64_t StatusKib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::atoll(line.c_str() + field.size() + 1);
  }
  return 0;
}

// What verifying and issuing wait for meanwhile: a small read (a participant) and, on another
// thread, a small write (a certificate sequence of a year no certificate uses), each in a loop
// until `stop` or `at_most`; the longest waits and how many ran.
struct Waits {
  double read_ms = 0, write_ms = 0;
  int64_t reads = 0, writes = 0;
};
Waits SmallTransactions(store::Database& db, const std::atomic<bool>& stop, int64_t at_most) {
  auto loop = [&](double* longest, int64_t* count, const std::function<void()>& one) {
    while (!stop && *count < at_most) {
      auto t0 = Clock::now();
      one();
      *longest = std::max(*longest, Ms(Clock::now() - t0));
      ++*count;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  };
  Waits w;
  std::thread writer([&] {
    loop(&w.write_ms, &w.writes, [&] {
      (void)store::WriteValue(
          db, [&](store::Txn& t) { return db.registry().NextCertificateSequence(t, "BW", 1990); });
    });
  });
  loop(&w.read_ms, &w.reads, [&] {
    (void)store::ReadValue(db,
                           [&](store::Txn& t) { return db.registry().GetParticipant(t, "BW"); });
  });
  writer.join();
  return w;
}

// The full anomaly run with its groups (the default view of /v1/findings), how far the resident
// memory rose above its level before the run (the peak: the kernel's high-water mark, reset
// first), and the longest a small read and write waited during the run, against the same
// without a run (the baseline: 200 of each just before).
bool TimeAnomalies(store::Database& db, stats::Statistics& stats) {
  std::atomic<bool> stop{false};
  const Waits idle = SmallTransactions(db, stop, 200);
  const int64_t before_kib = StatusKib("VmRSS");
  std::ofstream("/proc/self/clear_refs") << "5";
  auto busy = std::async(std::launch::async, [&] { return SmallTransactions(db, stop, 1 << 30); });
  auto a0 = Clock::now();
  auto report = stats::FindAnomalies(stats, {}, {});
  const double anomalies_ms = Ms(Clock::now() - a0);
  stop = true;
  const Waits during = busy.get();
  if (!report.ok()) return std::fprintf(stderr, "%s\n", report.status().message().c_str()), false;
  auto g0 = Clock::now();
  const auto groups = stats::GroupFindings(*report);
  const double groups_ms = Ms(Clock::now() - g0);
  std::printf("openkp_anomalies_ms %.0f (%zu findings in %zu groups; grouping %.0f ms)\n",
              anomalies_ms + groups_ms, report->findings.size(), groups.size(), groups_ms);
  std::printf("openkp_anomalies_peak_mib %.1f above the %.1f MiB resident before the run\n",
              static_cast<double>(StatusKib("VmHWM") - before_kib) / 1024,
              static_cast<double>(before_kib) / 1024);
  std::printf(
      "openkp_anomalies_longest_wait_ms read %.1f, write %.1f during the run (%lld reads, %lld "
      "writes); without a run %.1f, %.1f: %.1fx, %.1fx\n",
      during.read_ms, during.write_ms, static_cast<long long>(during.reads),
      static_cast<long long>(during.writes), idle.read_ms, idle.write_ms,
      during.read_ms / std::max(idle.read_ms, 0.001),
      during.write_ms / std::max(idle.write_ms, 0.001));
  return true;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: stats_bench DB_PATH [CERTIFICATES]\n");
    return 2;
  }
  const std::string path = argv[1];
  const bool reuse = argc > 2 && std::string(argv[2]) == "--reuse";
  const int64_t certificates = argc > 2 && !reuse ? std::atoll(argv[2]) : 1000000;
  if (!reuse) std::remove(path.c_str());
  auto opened = backends::OpenDatabase(backends::SqliteUrl(path));
  if (!opened.ok()) return std::fprintf(stderr, "%s\n", opened.status().message().c_str()), 1;
  store::Database& st = **opened;
  const core::Date today = *core::Date::Parse("2026-11-28");
  stats::Statistics stats(st, [today] { return today; });
  if (reuse) return TimeAnomalies(st, stats) ? 0 : 1;
  std::vector<std::string> codes;
  (void)st.Write([&](store::Txn& t) {
    for (const auto& p : core::KnownParticipants()) {
      (void)st.registry().UpsertParticipant(t, {p.code, p.name, p.authority});
      if (codes.size() < 60) codes.push_back(p.code);
    }
    return core::Status();
  });
  // One registered key per participant, valid throughout (the store checks that it exists).
  for (const auto& code : codes) {
    store::AuthorityKey key{"bench-" + code,
                            code,
                            std::string(30, 'k') + code,
                            *core::Date::Parse("2000-01-01"),
                            std::nullopt,
                            std::nullopt,
                            ""};
    if (auto s = st.Write([&](store::Txn& t) { return st.registry().AddKey(t, key); }); !s.ok()) {
      return std::fprintf(stderr, "%s\n", s.message().c_str()), 1;
    }
  }
  std::mt19937_64 rng(42);

  // 20 years x 60 participants x 2 half-years, imported as a KP production file.
  auto t0 = Clock::now();
  std::string csv = "source_row,country,year,half,trade_type,production_type,carats,value_usd\n";
  int row = 2;
  for (const auto& code : codes) {
    const double scale = std::exp(std::uniform_real_distribution<>(0, 16)(rng));
    const double price = std::exp(std::uniform_real_distribution<>(2, 7)(rng));
    for (int year = 2005; year < 2025; ++year) {
      for (int half = 1; half <= 2; ++half) {
        const double carats = scale * std::uniform_real_distribution<>(0.6, 1.4)(rng);
        const double value = carats * price * std::uniform_real_distribution<>(0.7, 1.3)(rng);
        char line[200];
        std::snprintf(line, sizeof line, "%d,%s,%d,%d,Production,Production,%.2f,%.2f\n", row++,
                      code.c_str(), year, half, carats, value);
        csv += line;
      }
    }
  }
  auto imported = stats.Import(csv, {});
  if (!imported.ok() || !imported->accepted) {
    std::fprintf(stderr, "import failed\n");
    return 1;
  }
  const double import_ms = Ms(Clock::now() - t0);

  // Certificates, written as the registry writes them (store calls, batches of 20 000 per
  // transaction so that building the database takes seconds, not an hour).
  t0 = Clock::now();
  const char* kHs[] = {"7102.10", "7102.21", "7102.31"};
  const int64_t kBatch = 20000;
  for (int64_t done = 0; done < certificates; done += kBatch) {
    core::Status s = st.Write([&](store::Txn& t) -> core::Status {
      for (int64_t i = done; i < std::min(certificates, done + kBatch); ++i) {
        store::CertificateRecord r;
        auto& b = r.certificate.body;
        const std::string& issuer = codes[rng() % codes.size()];
        std::string dest = codes[rng() % codes.size()];
        if (dest == issuer)
          dest = codes[(rng() % (codes.size() - 1) + 1 + (&issuer - &codes[0])) % codes.size()];
        b.issuer = issuer;
        b.destination = dest;
        b.key_id = "bench-" + issuer;
        b.issued_on =
            core::Date::FromDays(today.days() - 3650 + static_cast<int64_t>(rng() % 3650));
        b.expires_on = b.issued_on.AddDays(60);
        char number[64];
        std::snprintf(number, sizeof number, "%s-%d-%07lld", issuer.c_str(), b.issued_on.year(),
                      static_cast<long long>(i));
        b.number = number;
        const int64_t carats = 100 + static_cast<int64_t>(rng() % 10000000);
        b.lines.push_back(
            {kHs[rng() % 3], carats, carats * (50 + static_cast<int64_t>(rng() % 400))});
        b.parcels = 1 + static_cast<int64_t>(rng() % 5);
        r.certificate.signature = "bench";  // not verified here
        r.document = boost::json::serialize(core::SignedToJson(r.certificate));
        store::Event e{0, "certificate.issued", b.number, issuer, "", "bench", "{}"};
        OPENKP_RETURN_IF_ERROR(st.registry().InsertCertificate(t, r));
        OPENKP_RETURN_IF_ERROR(st.events().Append(t, e));
        const uint64_t fate = rng() % 100;
        if (fate < 70) {
          store::Confirmation c;
          c.received_on = b.issued_on.AddDays(static_cast<int64_t>(rng() % 30));
          c.carats_hundredths = carats;
          c.value_usd_cents = b.lines[0].value_usd_cents;
          c.parcels = b.parcels;
          store::Event ce{0, "certificate.confirmed", b.number, dest, "", "bench", "{}"};
          OPENKP_RETURN_IF_ERROR(st.registry().RecordConfirmation(t, b.number, c));
          OPENKP_RETURN_IF_ERROR(st.events().Append(t, ce));
        }
      }
      return {};
    });
    if (!s.ok()) return std::fprintf(stderr, "%s\n", s.message().c_str()), 1;
  }
  const double build_ms = Ms(Clock::now() - t0);

  // The first read brings the trade flows up to date with every certificate event (they are
  // not maintained on the issue path): timed on its own.
  auto r0 = Clock::now();
  if (auto s = st.Write([&](store::Txn& t) { return st.stats().RefreshTradeFlows(t); }); !s.ok()) {
    return std::fprintf(stderr, "%s\n", s.message().c_str()), 1;
  }
  const double refresh_ms = Ms(Clock::now() - r0);

  // The full summary tables: production per year and per half-year, exports and imports per
  // year and per quarter, every participant, every year. Median of 21 runs.
  auto tables = [&]() -> size_t {
    size_t rows = 0;
    stats::TableQuery year, half, quarter;
    half.period = "half";
    quarter.period = "quarter";
    rows += stats.Production(year)->rows.size();
    rows += stats.Production(half)->rows.size();
    for (const char* flow : {"export", "import"}) {
      rows += stats.Trade(flow, year)->rows.size();
      rows += stats.Trade(flow, quarter)->rows.size();
    }
    return rows;
  };
  std::vector<double> runs;
  size_t rows = 0;
  for (int i = 0; i < 21; ++i) {
    auto s = Clock::now();
    rows = tables();
    runs.push_back(Ms(Clock::now() - s));
  }
  std::sort(runs.begin(), runs.end());

  std::printf("participants %zu, production figures %zu, certificates %lld\n", codes.size(),
              imported->parsed.figures.size(), static_cast<long long>(certificates));
  std::printf("setup: import %.0f ms, certificates %.1f s\n", import_ms, build_ms / 1000);
  std::printf("openkp_refresh_ms %.0f (first read: trade flows from %lld certificates' events)\n",
              refresh_ms, static_cast<long long>(certificates));
  std::printf("openkp_tables_ms %.2f (median of 21; min %.2f, max %.2f; %zu rows in 6 tables)\n",
              runs[10], runs.front(), runs.back(), rows);
  return TimeAnomalies(st, stats) ? 0 : 1;
}
