#include "stats/anomalies.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <initializer_list>
#include <iterator>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "core/amount.h"
#include "crypto/crypto.h"
#include "stats/anomalies_internal.h"

namespace openkp::stats {

using core::FormatHundredths;

namespace internal {

std::string Cat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (std::string_view p : parts) out.append(p);
  return out;
}
std::string Percent(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", r * 100);
  return buf;
}
std::string Ct(int64_t h) { return FormatHundredths(h) + " ct"; }
std::string Usd(int64_t c) { return "US$ " + FormatHundredths(c); }

}  // namespace internal

namespace {

using internal::Cat;
using internal::Ct;
using internal::Percent;
using internal::RollUpKey;
using internal::Said;
using internal::Usd;

const std::vector<std::string> kRules = {"change",
                                         "unit-value-history",
                                         "unit-value-peers",
                                         "balance",
                                         "mirror-certificate",
                                         "mirror-reported",
                                         "missing-report",
                                         "nil-after-production",
                                         "expired-at-import",
                                         "confirmation-overdue",
                                         "duplicate-number",
                                         "number-sequence",
                                         "issuer-not-participant",
                                         "key-not-valid",
                                         "revision",
                                         "inconsistent-figures"};

struct DoubleField {
  const char* name;
  double Thresholds::*field;
  double lo, hi;
  const char* meaning;
};
struct IntField {
  const char* name;
  int Thresholds::*field;
  int lo, hi;
  const char* meaning;
};
const DoubleField kDoubles[] = {
    {"change_ratio", &Thresholds::change_ratio, 0, 1000,
     "period-over-period change in carats, value or US$/ct that is reported (0.5 = 50 %)"},
    {"unit_value_z", &Thresholds::unit_value_z, 0, 1000,
     "robust z-score (|log x - median| / (1.4826 MAD)) of US$/ct that is reported"},
    {"unit_value_deviation", &Thresholds::unit_value_deviation, 0, 1000,
     "minimum distance of US$/ct from the median, as a ratio, before the z-score counts"},
    {"balance_tolerance", &Thresholds::balance_tolerance, 0, 1000,
     "exports may exceed production + imports by this ratio (stock changes) before a finding"},
    {"mirror_carats", &Thresholds::mirror_carats, 0, 1,
     "certificate vs import confirmation: carat difference ratio"},
    {"mirror_value", &Thresholds::mirror_value, 0, 1,
     "certificate vs import confirmation: value difference ratio"},
    {"reported_mirror_carats", &Thresholds::reported_mirror_carats, 0, 1,
     "reported exports A->B vs reported imports B<-A: carat gap ratio"},
    {"reported_mirror_value", &Thresholds::reported_mirror_value, 0, 1,
     "reported exports A->B vs reported imports B<-A: value gap ratio"},
    {"revision_ratio", &Thresholds::revision_ratio, 0, 1000,
     "a revision between vintages larger than this ratio of the earlier figure"},
};
const IntField kInts[] = {
    {"unit_value_history", &Thresholds::unit_value_history, 4, 100,
     "earlier periods of the participant's own US$/ct compared with"},
    {"peer_min_count", &Thresholds::peer_min_count, 3, 1000,
     "exporters of one HS code in a year needed to compare with peers"},
    {"confirmation_days", &Thresholds::confirmation_days, 1, 3650,
     "days after issue by which the importing authority should have confirmed"},
    {"history_periods", &Thresholds::history_periods, 1, 40,
     "a known producer produced in at least one of this many previous half-years"},
};

std::string Fixed(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}
std::string PerCt(int64_t value, int64_t carats) {
  auto u = UnitValueCents(value, carats);
  return u ? "US$ " + FormatHundredths(*u) + "/ct" : "n/a";
}
double Ratio(int64_t value, int64_t carats) {
  return static_cast<double>(value) / static_cast<double>(carats);
}

// A participant's certificate trade over all partners and HS codes (ListTradeFlows leaves out
// rows that voids brought back to zero certificates).
bool IsParticipantTotal(const store::TradeFlow& f) {
  return f.partner.empty() && f.hs_code.empty();
}

// A production or trade series point: one participant, one sub-period.
struct Point {
  int64_t carats = 0, value = 0;
  bool nil = false;
  std::string sources;
};

// Half-years and quarters as consecutive integers.
int64_t HalfIndex(int year, const std::string& period) { return year * 2 + (period == "H2"); }
std::string HalfLabel(int64_t i) {
  return std::to_string(i / 2) + "-H" + std::to_string(i % 2 + 1);
}
int64_t QuarterIndex(int year, int quarter) { return year * 4 + quarter - 1; }
std::string QuarterLabel(int64_t i) {
  return std::to_string(i / 4) + "-Q" + std::to_string(i % 4 + 1);
}

// The size of a revision for ranking: the larger relative change, a change from zero as 100.
double RevisionSize(double dc, double dv) {
  auto size = [](double d) { return std::isinf(d) ? 100.0 : std::fabs(d); };
  return std::max(size(dc), size(dv));
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Robust z of x against the sample (in logs): |x - median| / (1.4826 * MAD); +inf when MAD is 0
// and x differs from the median.
double RobustZ(double x, const std::vector<double>& sample, double* median) {
  *median = Median(sample);
  std::vector<double> dev;
  dev.reserve(sample.size());
  for (double s : sample) dev.push_back(std::fabs(s - *median));
  const double mad = Median(dev) * 1.4826;
  const double d = std::fabs(x - *median);
  if (mad == 0) return d == 0 ? 0 : INFINITY;
  return d / mad;
}

// The process's resident set (for OPENKP_ANOMALY_TIMING), or -1 where /proc is missing.
long ResidentKiB() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  long pages = 0, resident = -1;
  if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  std::fclose(f);
  return resident < 0 ? -1 : resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

class Run {
 public:
  Run(Statistics& st, const Thresholds& t, const AnomalyQuery& q,
      std::optional<RollUpKey> expand = std::nullopt)
      : st_(st), t_(t), q_(q), expand_(std::move(expand)) {}

  // The certificates' findings of one roll-up (CertificateFindings).
  core::Result<std::vector<Finding>> Expand(const std::string& group) {
    report_.thresholds = t_;
    OPENKP_RETURN_IF_ERROR(Load());
    OPENKP_RETURN_IF_ERROR(PerCertificateRules());
    Rank();
    for (Finding& f : report_.findings) f.group = group;
    return std::move(report_.findings);
  }

  core::Result<AnomalyReport> Go() {
    report_.thresholds = t_;
    for (const auto& r : kRules) report_.counts[r] = 0;
    // OPENKP_ANOMALY_TIMING=1 prints each phase's time to stderr (bench/stats_bench.sh).
    const bool timing = std::getenv("OPENKP_ANOMALY_TIMING") != nullptr;
    auto t0 = std::chrono::steady_clock::now();
    auto phase = [&](const char* name) {
      if (!timing) return;
      const auto now = std::chrono::steady_clock::now();
      std::fprintf(stderr, "anomaly phase %-22s %8.1f ms (%zu findings) resident %ld KiB\n", name,
                   std::chrono::duration<double, std::milli>(now - t0).count(),
                   report_.findings.size(), ResidentKiB());
      t0 = now;
    };
    phase("start");
    OPENKP_RETURN_IF_ERROR(Load());
    phase("load");
    ProductionRules();
    phase("production rules");
    TradeChangeRules();
    PeerRule();
    BalanceRule();
    ReportedMirrorRule();
    phase("trade rules");
    OPENKP_RETURN_IF_ERROR(PerCertificateRules());
    phase("certificate rules");
    OPENKP_RETURN_IF_ERROR(RevisionRule());
    InconsistentRule();
    phase("revision, inconsistent");
    Rank();
    phase("rank");
    return std::move(report_);
  }

 private:
  void Add(Said said, std::string figure, double deviation, int64_t certificates = 0) {
    if (q_.rule && *q_.rule != said.rule) return;
    Finding f;
    f.rule = std::move(said.rule);
    f.participants = std::move(said.participants);
    f.period = std::move(said.period);
    f.message = std::move(said.message);
    f.compared = std::move(said.compared);
    f.threshold = std::move(said.threshold);
    f.sources = std::move(said.sources);
    f.figure = std::move(figure);
    f.deviation = std::isfinite(deviation) ? std::fabs(deviation) : 100;
    f.certificates = certificates;
    if (q_.participant && std::find(f.participants.begin(), f.participants.end(),
                                    *q_.participant) == f.participants.end()) {
      return;
    }
    ++report_.counts[f.rule];
    report_.findings.push_back(std::move(f));
  }
  bool Want(std::string_view rule) const { return !q_.rule || *q_.rule == rule; }

  core::Status Load() {
    store::StatFilter all;
    auto figures = st_.CurrentFigures(all);
    if (!figures.ok()) return figures.status();
    figures_ = std::move(*figures);
    for (const auto& f : figures_) {
      const std::string src = "source #" + std::to_string(f.source_id) + " rows " + f.source_rows;
      if (f.flow == "production") {
        Point& p = production_[f.participant][HalfIndex(f.year, f.period)];
        const bool first = p.sources.empty();
        p.carats += f.carats_hundredths;
        p.value += f.value_usd_cents;
        p.nil = first ? f.nil : (p.nil && f.nil);
        p.sources += (first ? "production " : "; ") + src;
        latest_half_ = std::max(latest_half_, HalfIndex(f.year, f.period));
      } else if (f.kind.empty()) {
        reported_.push_back(&f);
      }
    }
    // Participants' totals, and per HS code for the peer rule; not the rows per partner (the
    // largest part at a million certificates, and no rule reads them).
    for (const char* by : {"", "hs"}) {
      store::StatFilter trade;
      trade.by = by;
      auto flows = st_.CertificateTradeFlows(trade);
      if (!flows.ok()) return flows.status();
      flows_.insert(flows_.end(), std::make_move_iterator(flows->begin()),
                    std::make_move_iterator(flows->end()));
    }
    return {};
  }

  // change, unit-value-history, missing-report, nil-after-production over production.
  void ProductionRules() {
    for (const auto& [who, series] : production_) {
      ChangeRule(who, series, "production", &HalfLabel);
      for (auto it = series.begin(); it != series.end(); ++it) {
        const Point& p = it->second;
        const int64_t idx = it->first;
        // Earlier production within the history window.
        const Point* producing = nullptr;
        int64_t producing_idx = 0;
        for (int64_t k = idx - t_.history_periods; k < idx; ++k) {
          auto e = series.find(k);
          if (e != series.end() && !e->second.nil && e->second.carats >= t_.min_carats_hundredths) {
            producing = &e->second;
            producing_idx = k;
          }
        }
        auto prev = series.find(idx - 1);
        const bool first_nil = prev == series.end() || !prev->second.nil;
        if (p.nil && first_nil && producing != nullptr) {
          Add({"nil-after-production",
               {who},
               HalfLabel(idx),
               who + " reported no production in " + HalfLabel(idx) + " after producing " +
                   Ct(producing->carats) + " in " + HalfLabel(producing_idx),
               {{"production " + HalfLabel(producing_idx), Ct(producing->carats)},
                {"production " + HalfLabel(idx), "nil"}},
               "production of at least " + Ct(t_.min_carats_hundredths) + " in the previous " +
                   std::to_string(t_.history_periods) + " half-years",
               {p.sources, producing->sources}},
              "production", 1);
        }
        UnitValueHistory(who, series, it);
      }
      // Missing reports: periods without any report from a known producer, up to the period
      // before the latest one in the data (which may still be filling).
      const int64_t first = series.begin()->first;
      for (int64_t idx = first + 1; idx < latest_half_; ++idx) {
        if (series.count(idx)) continue;
        for (int64_t k = idx - t_.history_periods; k < idx; ++k) {
          auto e = series.find(k);
          if (e == series.end() || e->second.nil || e->second.carats < t_.min_carats_hundredths) {
            continue;
          }
          Add({"missing-report",
               {who},
               HalfLabel(idx),
               who + " has no production report for " + HalfLabel(idx) + " after producing " +
                   Ct(e->second.carats) + " in " + HalfLabel(k),
               {{"production " + HalfLabel(k), Ct(e->second.carats)},
                {"production " + HalfLabel(idx), "no report"}},
               "a report is expected from a participant that produced at least " +
                   Ct(t_.min_carats_hundredths) + " in the previous " +
                   std::to_string(t_.history_periods) + " half-years",
               {e->second.sources}},
              "production", 1);
          break;
        }
      }
    }
  }

  // Period-over-period change between consecutive periods of a series.
  void ChangeRule(const std::string& who, const std::map<int64_t, Point>& series,
                  const std::string& what, std::string (*label)(int64_t)) {
    if (!Want("change")) return;
    for (auto it = series.begin(); it != series.end(); ++it) {
      auto prev = series.find(it->first - 1);
      if (prev == series.end()) continue;
      const Point &a = prev->second, &b = it->second;
      if (a.nil || b.nil || a.carats < t_.min_carats_hundredths ||
          b.carats < t_.min_carats_hundredths || a.value <= 0) {
        continue;
      }
      const double dc = static_cast<double>(b.carats - a.carats) / static_cast<double>(a.carats);
      const double dv = static_cast<double>(b.value - a.value) / static_cast<double>(a.value);
      const double du = Ratio(b.value, b.carats) / Ratio(a.value, a.carats) - 1;
      std::vector<std::string> moved;
      if (std::fabs(dc) > t_.change_ratio) moved.push_back("carats " + Percent(dc));
      if (std::fabs(dv) > t_.change_ratio) moved.push_back("value " + Percent(dv));
      if (std::fabs(du) > t_.change_ratio) moved.push_back("US$/ct " + Percent(du));
      if (moved.empty()) continue;
      std::string changes;
      for (const auto& m : moved) changes += (changes.empty() ? "" : ", ") + m;
      Add({"change",
           {who},
           label(it->first),
           Cat({who, " ", what, " changed from ", label(prev->first), " to ", label(it->first),
                ": ", changes}),
           {{"carats " + label(prev->first), Ct(a.carats)},
            {"carats " + label(it->first), Ct(b.carats)},
            {"value " + label(prev->first), Usd(a.value)},
            {"value " + label(it->first), Usd(b.value)},
            {"US$/ct " + label(prev->first), PerCt(a.value, a.carats)},
            {"US$/ct " + label(it->first), PerCt(b.value, b.carats)}},
           "change of more than " + Percent(t_.change_ratio) + " in carats, value or US$/ct " +
               "(volumes of at least " + Ct(t_.min_carats_hundredths) + ")",
           {a.sources, b.sources}},
          what, std::max({std::fabs(dc), std::fabs(dv), std::fabs(du)}));
    }
  }

  void UnitValueHistory(const std::string& who, const std::map<int64_t, Point>& series,
                        std::map<int64_t, Point>::const_iterator it) {
    if (!Want("unit-value-history")) return;
    const Point& p = it->second;
    if (p.nil || p.carats < t_.min_carats_hundredths || p.value <= 0) return;
    std::vector<double> history;
    for (auto h = std::make_reverse_iterator(it);
         h != series.rend() && static_cast<int>(history.size()) < t_.unit_value_history; ++h) {
      if (h->second.nil || h->second.carats < t_.min_carats_hundredths || h->second.value <= 0) {
        continue;
      }
      history.push_back(std::log(Ratio(h->second.value, h->second.carats)));
    }
    if (history.size() < 4) return;
    double median = 0;
    const double x = std::log(Ratio(p.value, p.carats));
    const double z = RobustZ(x, history, &median);
    const double deviation = std::exp(x - median) - 1;
    if (z < t_.unit_value_z || std::fabs(deviation) < t_.unit_value_deviation) return;
    Add({"unit-value-history",
         {who},
         HalfLabel(it->first),
         who + " production US$/ct in " + HalfLabel(it->first) + " is " + Percent(deviation) +
             " from the median of its previous " + std::to_string(history.size()) + " half-years",
         {{"US$/ct " + HalfLabel(it->first), PerCt(p.value, p.carats)},
          {"median US$/ct of previous " + std::to_string(history.size()),
           "US$ " + Fixed(std::exp(median)) + "/ct"},
          {"robust z", std::isinf(z) ? "inf" : Fixed(z)}},
         "robust z of log US$/ct at least " + Fixed(t_.unit_value_z, 1) + " and at least " +
             Percent(t_.unit_value_deviation) + " from the median",
         {p.sources}},
        "production US$/ct", std::fabs(deviation));
  }

  // change over certificate trade per quarter.
  void TradeChangeRules() {
    std::map<std::string, std::map<std::string, std::map<int64_t, Point>>> series;  // flow, who
    for (const auto& f : flows_) {
      if (!IsParticipantTotal(f)) continue;
      Point& p = series[f.flow][f.participant][QuarterIndex(f.year, f.quarter)];
      p.carats += f.carats_hundredths;
      p.value += f.value_usd_cents;
      p.sources = "certificates";
    }
    for (const auto& [flow, by] : series) {
      for (const auto& [who, s] : by) ChangeRule(who, s, flow + "s (certificates)", &QuarterLabel);
    }
  }

  // Unit value against peers: each exporter's US$/ct per HS code and year against the median of
  // all exporters of that code (certificates).
  void PeerRule() {
    if (!Want("unit-value-peers")) return;
    std::map<std::pair<std::string, int>, std::map<std::string, Point>> by;  // (hs, year) -> who
    for (const auto& f : flows_) {
      if (f.flow != "export" || f.hs_code.empty()) continue;
      Point& p = by[{f.hs_code, f.year}][f.participant];
      p.carats += f.carats_hundredths;
      p.value += f.value_usd_cents;
    }
    for (const auto& [key, exporters] : by) {
      std::vector<double> logs;
      for (const auto& [who, p] : exporters) {
        if (p.carats > 0 && p.value > 0) logs.push_back(std::log(Ratio(p.value, p.carats)));
      }
      if (static_cast<int>(logs.size()) < t_.peer_min_count) continue;
      for (const auto& [who, p] : exporters) {
        if (p.carats <= 0 || p.value <= 0) continue;
        double median = 0;
        const double x = std::log(Ratio(p.value, p.carats));
        const double z = RobustZ(x, logs, &median);
        const double deviation = std::exp(x - median) - 1;
        if (z < t_.unit_value_z || std::fabs(deviation) < t_.unit_value_deviation) continue;
        const std::string year = std::to_string(key.second);
        Add({"unit-value-peers",
             {who},
             year,
             Cat({who, " exports of HS ", key.first, " in ", year, " are valued ",
                  Percent(deviation), " from the median of ", std::to_string(logs.size()),
                  " exporters"}),
             {{"US$/ct " + who, PerCt(p.value, p.carats)},
              {"median US$/ct of exporters", "US$ " + Fixed(std::exp(median)) + "/ct"},
              {"robust z", std::isinf(z) ? "inf" : Fixed(z)}},
             "robust z of log US$/ct at least " + Fixed(t_.unit_value_z, 1) + " and at least " +
                 Percent(t_.unit_value_deviation) + " from the median",
             {"certificates (exports, HS " + key.first + ")"}},
            "exports of HS " + key.first + " US$/ct", std::fabs(deviation));
      }
    }
  }

  // Annual trade of a participant: certificates when there are any, else reported totals.
  struct Annual {
    int64_t carats = 0, value = 0;
    std::string source;
  };
  std::map<std::tuple<std::string, std::string, int>, Annual> AnnualTrade() {
    std::map<std::tuple<std::string, std::string, int>, Annual> out;  // flow, who, year
    for (const auto& f : flows_) {
      if (!IsParticipantTotal(f)) continue;
      Annual& a = out[{f.flow, f.participant, f.year}];
      a.carats += f.carats_hundredths;
      a.value += f.value_usd_cents;
      a.source = "certificates";
    }
    std::map<std::tuple<std::string, std::string, int>, Annual> reported;
    std::set<std::tuple<std::string, std::string, int, std::string>> has_total;
    for (const store::StatFigure* row : reported_) {
      const store::StatFigure& f = *row;
      if (f.partner.empty()) has_total.insert({f.flow, f.participant, f.year, f.period});
    }
    for (const store::StatFigure* row : reported_) {
      const store::StatFigure& f = *row;
      if (!f.partner.empty() && has_total.count({f.flow, f.participant, f.year, f.period})) {
        continue;
      }
      Annual& a = reported[{f.flow, f.participant, f.year}];
      a.carats += f.carats_hundredths;
      a.value += f.value_usd_cents;
      if (a.source.empty()) a.source = "reported trade source #" + std::to_string(f.source_id);
    }
    for (auto& [k, a] : reported) out.try_emplace(k, a);
    return out;
  }

  void BalanceRule() {
    if (!Want("balance")) return;
    auto trade = AnnualTrade();
    for (const auto& [key, exports] : trade) {
      const auto& [flow, who, year] = key;
      if (flow != "export") continue;
      // Production must have been reported for the year (a nil counts): a missing report is
      // the missing-report rule's business.
      auto ps = production_.find(who);
      int64_t production = 0;
      bool reported = false;
      std::string sources;
      if (ps != production_.end()) {
        for (int64_t idx : {int64_t{year} * 2, int64_t{year} * 2 + 1}) {
          auto p = ps->second.find(idx);
          if (p == ps->second.end()) continue;
          reported = true;
          production += p->second.carats;
          sources += (sources.empty() ? "" : "; ") + p->second.sources;
        }
      }
      if (!reported) continue;
      int64_t imports = 0;
      std::string import_source = "no imports recorded";
      auto im = trade.find({"import", who, year});
      if (im != trade.end()) {
        imports = im->second.carats;
        import_source = im->second.source;
      }
      const int64_t available = production + imports;
      const double allowed = static_cast<double>(available) * (1 + t_.balance_tolerance);
      if (static_cast<double>(exports.carats) <= allowed ||
          exports.carats - available < t_.min_carats_hundredths) {
        continue;
      }
      Add({"balance",
           {who},
           std::to_string(year),
           who + " exported " + Ct(exports.carats) + " in " + std::to_string(year) +
               ", more than its production and imports together (" + Ct(available) + ")",
           {{"exports", Ct(exports.carats)},
            {"production", Ct(production)},
            {"imports", Ct(imports)},
            {"excess", Ct(exports.carats - available)}},
           "exports above (production + imports) x " + Fixed(1 + t_.balance_tolerance, 2) +
               " and by at least " + Ct(t_.min_carats_hundredths),
           {exports.source + " (exports)", import_source + " (imports)", sources}},
          "exports against production and imports",
          static_cast<double>(exports.carats - available) /
              static_cast<double>(std::max<int64_t>(available, 1)));
    }
  }

  void ReportedMirrorRule() {
    if (!Want("mirror-reported")) return;
    // flow, participant, partner, year -> amounts
    std::map<std::tuple<std::string, std::string, std::string, int>, Point> pair;
    for (const store::StatFigure* row : reported_) {
      const store::StatFigure& f = *row;
      if (f.partner.empty()) continue;
      Point& p = pair[{f.flow, f.participant, f.partner, f.year}];
      p.carats += f.carats_hundredths;
      p.value += f.value_usd_cents;
      p.sources += (p.sources.empty() ? "reported trade " : "; ") +
                   ("source #" + std::to_string(f.source_id) + " rows " + f.source_rows);
    }
    for (const auto& [key, ex] : pair) {
      const auto& [flow, a, b, year] = key;
      if (flow != "export") continue;
      auto im_it = pair.find({"import", b, a, year});
      if (im_it == pair.end()) continue;
      const Point& im = im_it->second;
      auto gap = [](int64_t x, int64_t y) {
        const int64_t m = std::max(x, y);
        return m == 0 ? 0.0 : static_cast<double>(std::llabs(x - y)) / static_cast<double>(m);
      };
      const double gc = gap(ex.carats, im.carats), gv = gap(ex.value, im.value);
      if (gc <= t_.reported_mirror_carats && gv <= t_.reported_mirror_value) continue;
      Add({"mirror-reported",
           {a, b},
           std::to_string(year),
           Cat({a, " reported exports to ", b, " in ", std::to_string(year), " that differ from ",
                b, "'s reported imports from ", a, " (carats ", Percent(gc), ", value ",
                Percent(gv), ")"}),
           {{a + " exports carats", Ct(ex.carats)},
            {b + " imports carats", Ct(im.carats)},
            {a + " exports value", Usd(ex.value)},
            {b + " imports value", Usd(im.value)}},
           "gap above " + Percent(t_.reported_mirror_carats) + " in carats or " +
               Percent(t_.reported_mirror_value) + " in value",
           {ex.sources, im.sources}},
          "reported trade " + a + " to " + b, std::max(gc, gv));
    }
  }

  // Reads every certificate on this thread while the rules run on another: at a million
  // certificates the scan and the rules take about as long as each other, so on two cores the
  // run takes the longer of the two. Batches change hands; at most four wait (bounded memory:
  // six batches of 512 in flight hold under a megabyte; of 4 096, some 6 MB, which showed as
  // the soak's memory peaks; the hand-overs cost nothing measurable either way).
  core::Status ScanWhileChecking(internal::CertificateRules& rules) {
    constexpr size_t kBatch = 512;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::vector<store::CertificateFacts>> waiting;  // guarded by mu
    bool scanned = false;                                      // guarded by mu
    std::thread checker([&] {
      for (;;) {
        std::vector<store::CertificateFacts> batch;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return !waiting.empty() || scanned; });
          if (waiting.empty()) return;
          batch = std::move(waiting.front());
          waiting.pop_front();
        }
        cv.notify_all();
        for (const auto& c : batch) rules.Visit(c);
      }
    });
    std::vector<store::CertificateFacts> batch;
    batch.reserve(kBatch);
    auto hand_over = [&] {
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return waiting.size() < 4; });
        waiting.push_back(std::move(batch));
      }
      cv.notify_all();
      batch.clear();
      batch.reserve(kBatch);
    };
    core::Status s = st_.ScanCertificateFacts({}, [&](const store::CertificateFacts& c) {
      batch.push_back(c);
      if (batch.size() == kBatch) hand_over();
    });
    if (!batch.empty()) hand_over();
    {
      std::lock_guard lock(mu);
      scanned = true;
    }
    cv.notify_all();
    checker.join();
    return s;
  }

  core::Status PerCertificateRules() {
    auto participants = st_.Participants();
    if (!participants.ok()) return participants.status();
    internal::CertificateRules::Context cx;
    cx.thresholds = &t_;
    cx.today = st_.Today();
    for (const auto& p : *participants) cx.participants.insert(p.code);
    auto keys = st_.AuthorityKeys();
    if (!keys.ok()) return keys.status();
    for (const auto& k : *keys) cx.keys[k.key_id] = k;
    cx.want = [this](std::string_view rule) { return Want(rule); };
    internal::CertificateRules rules(std::move(cx), expand_);
    auto visit = [&rules](const store::CertificateFacts& c) { rules.Visit(c); };
    if (expand_) {
      for (const auto& scope : internal::CertificateRules::ScopesOf(*expand_)) {
        OPENKP_RETURN_IF_ERROR(st_.ScanCertificateFacts(scope, visit));
        rules.Restart();
      }
    } else {
      OPENKP_RETURN_IF_ERROR(ScanWhileChecking(rules));
    }
    std::vector<internal::CertificateRules::Out> found = rules.Finish();
    if (!expand_ && Want("duplicate-number")) {
      auto same = st_.SameNumbers();
      if (!same.ok()) return same.status();
      for (auto& out : internal::CertificateRules::SameNumbers(*same)) {
        found.push_back(std::move(out));
      }
    }
    for (auto& out : found) {
      Add(std::move(out.said), std::move(out.figure), out.deviation, out.certificates);
    }
    return {};
  }

  core::Status RevisionRule() {
    if (!Want("revision")) return {};
    auto revisions = st_.Revisions();
    if (!revisions.ok()) return revisions.status();
    for (const auto& r : *revisions) {
      const auto &b = r.before, &a = r.after;
      auto change = [](int64_t x, int64_t y) {
        return x == 0 ? (y == 0 ? 0.0 : INFINITY)
                      : static_cast<double>(y - x) / static_cast<double>(x);
      };
      const double dc = change(b.carats_hundredths, a.carats_hundredths);
      const double dv = change(b.value_usd_cents, a.value_usd_cents);
      if (b.nil == a.nil && std::fabs(dc) <= t_.revision_ratio &&
          std::fabs(dv) <= t_.revision_ratio) {
        continue;
      }
      const std::string period = std::to_string(a.year) + "-" + a.period;
      auto pct = [](double d) { return std::isinf(d) ? std::string("from zero") : Percent(d); };
      Add({"revision",
           {a.participant},
           period,
           a.participant + " " + a.flow + " " + period +
               (a.kind.empty() || a.kind == "total" ? "" : " (" + a.kind + ")") +
               " was revised between vintages " + b.vintage + " and " + a.vintage + ": carats " +
               pct(dc) + ", value " + pct(dv),
           {{"carats " + b.vintage, b.nil ? "nil" : Ct(b.carats_hundredths)},
            {"carats " + a.vintage, a.nil ? "nil" : Ct(a.carats_hundredths)},
            {"value " + b.vintage, b.nil ? "nil" : Usd(b.value_usd_cents)},
            {"value " + a.vintage, a.nil ? "nil" : Usd(a.value_usd_cents)}},
           "revision above " + Percent(t_.revision_ratio) + " in carats or value",
           {"source #" + std::to_string(b.source_id) + " rows " + b.source_rows,
            "source #" + std::to_string(a.source_id) + " rows " + a.source_rows}},
          a.flow + (a.kind.empty() ? "" : " " + a.kind) +
              (a.partner.empty() ? "" : " with " + a.partner),
          b.nil != a.nil ? std::max(1.0, RevisionSize(dc, dv)) : RevisionSize(dc, dv));
    }
    return {};
  }

  // Figures that cannot both be right: carats with no value, or a value with no carats.
  void InconsistentRule() {
    if (!Want("inconsistent-figures")) return;
    for (const auto& f : figures_) {
      if (f.nil || (f.carats_hundredths > 0) == (f.value_usd_cents > 0)) continue;
      const std::string period = std::to_string(f.year) + "-" + f.period;
      const std::string figure = f.flow + (f.kind.empty() ? "" : " " + f.kind) +
                                 (f.partner.empty() ? "" : " with " + f.partner);
      const bool no_value = f.carats_hundredths > 0;
      Add({"inconsistent-figures",
           {f.participant},
           period,
           Cat({f.participant, " ", figure, " ", period, " reports ",
                no_value ? Ct(f.carats_hundredths) + " with no value"
                         : "a value of " + Usd(f.value_usd_cents) + " with no carats"}),
           {{"carats", Ct(f.carats_hundredths)}, {"value", Usd(f.value_usd_cents)}},
           "carats and value are both reported (or the figure is a reported nil)",
           {"source #" + std::to_string(f.source_id) + " rows " + f.source_rows}},
          figure, 1);
    }
  }

  // Identity, fingerprint, severity and group of every finding, most severe first.
  void Rank() {
    // Volumes and values per participant and year, and the world's: production and exports.
    struct Amounts {
      int64_t production_carats = 0, production_value = 0, export_carats = 0, export_value = 0;
    };
    std::map<std::pair<std::string, int>, Amounts> by;
    std::map<int, Amounts> world;
    for (const auto& [who, series] : production_) {
      for (const auto& [idx, p] : series) {
        if (p.nil) continue;
        for (Amounts* a : {&by[{who, static_cast<int>(idx / 2)}], &world[idx / 2]}) {
          a->production_carats += p.carats;
          a->production_value += p.value;
        }
      }
    }
    for (const auto& [key, a] : AnnualTrade()) {
      const auto& [flow, who, year] = key;
      if (flow != "export") continue;
      for (Amounts* x : {&by[{who, year}], &world[year]}) {
        x->export_carats += a.carats;
        x->export_value += a.value;
      }
    }
    auto share = [&](const std::string& who, int year) {
      auto p = by.find({who, year});
      auto w = world.find(year);
      if (p == by.end() || w == world.end()) return 0.0;
      auto part = [](int64_t x, int64_t total) {
        return total <= 0 ? 0.0 : static_cast<double>(x) / static_cast<double>(total);
      };
      return std::max({part(p->second.production_carats, w->second.production_carats),
                       part(p->second.production_value, w->second.production_value),
                       part(p->second.export_carats, w->second.export_carats),
                       part(p->second.export_value, w->second.export_value)});
    };
    for (Finding& f : report_.findings) {
      std::string who;
      for (const auto& p : f.participants) who += (who.empty() ? "" : ",") + p;
      f.id =
          crypto::Sha256Hex(Cat({f.rule, "\n", who, "\n", f.period, "\n", f.figure})).substr(0, 16);
      std::string numbers;
      for (const auto& [label, value] : f.compared) numbers += Cat({label, "=", value, "\n"});
      f.fingerprint = crypto::Sha256Hex(numbers);
      const int year = f.period.size() >= 4 ? std::atoi(f.period.substr(0, 4).c_str()) : 0;
      double s = 0;
      for (const auto& p : f.participants) s = std::max(s, share(p, year));
      f.severity = std::llround(1000 * std::log2(1 + std::min(f.deviation, 100.0)) * (0.01 + s));
      // One group per participant and year, whatever the rule (GroupFindings).
      f.group = crypto::Sha256Hex(Cat({"group\n", f.participants.empty() ? "" : f.participants[0],
                                       "\n", f.period.substr(0, 4)}))
                    .substr(0, 16);
    }
    // Sorts indexes, then moves each finding once (sorting the findings themselves moved
    // 300 000 large structs many times over).
    auto& all = report_.findings;
    std::vector<uint32_t> order(all.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&all](uint32_t x, uint32_t y) {
      const Finding &a = all[x], &b = all[y];
      if (a.severity != b.severity) return a.severity > b.severity;
      return std::tie(a.rule, a.participants, a.period, a.figure) <
             std::tie(b.rule, b.participants, b.period, b.figure);
    });
    std::vector<Finding> sorted;
    sorted.reserve(all.size());
    for (uint32_t i : order) sorted.push_back(std::move(all[i]));
    all = std::move(sorted);
  }

  Statistics& st_;
  const Thresholds& t_;
  const AnomalyQuery& q_;
  std::optional<RollUpKey> expand_;
  AnomalyReport report_;
  std::map<std::string, std::map<int64_t, Point>> production_;
  int64_t latest_half_ = 0;
  std::vector<store::StatFigure> figures_;
  std::vector<const store::StatFigure*> reported_;  // in figures_: reported trade, no kinds
  std::vector<store::TradeFlow> flows_;
};

}  // namespace

core::Status SetThreshold(Thresholds& t, const std::string& name, const std::string& value) {
  for (const auto& d : kDoubles) {
    if (name != d.name) continue;
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(v) || v < d.lo || v > d.hi) {
      return core::Status::Invalid(
          name, "range", "must be a number from " + Fixed(d.lo, 0) + " to " + Fixed(d.hi, 0));
    }
    t.*d.field = v;
    return {};
  }
  for (const auto& d : kInts) {
    if (name != d.name) continue;
    if (value.empty() || value.size() > 6 ||
        value.find_first_not_of("0123456789") != std::string::npos || std::stoi(value) < d.lo ||
        std::stoi(value) > d.hi) {
      return core::Status::Invalid(
          name, "range",
          "must be an integer from " + std::to_string(d.lo) + " to " + std::to_string(d.hi));
    }
    t.*d.field = std::stoi(value);
    return {};
  }
  if (name == "min_carats") {
    auto v = core::ParseHundredths(value);
    if (!v.ok()) return core::Status::Invalid(name, "decimal", v.status().message());
    t.min_carats_hundredths = *v;
    return {};
  }
  return core::Status::Invalid(name, "unknown-threshold",
                               "is not a threshold; see `openkp stats thresholds`");
}

std::vector<ThresholdInfo> DescribeThresholds(const Thresholds& t) {
  std::vector<ThresholdInfo> out;
  for (const auto& d : kDoubles) out.push_back({d.name, Fixed(t.*d.field, 4), d.meaning});
  for (const auto& d : kInts) out.push_back({d.name, std::to_string(t.*d.field), d.meaning});
  out.push_back({"min_carats", FormatHundredths(t.min_carats_hundredths),
                 "volumes (carats) below this are not compared"});
  return out;
}

const std::vector<std::string>& RuleNames() { return kRules; }

std::vector<FindingGroup> GroupFindings(const AnomalyReport& r) {
  std::vector<FindingGroup> groups;
  std::unordered_map<std::string, size_t> index;  // group id -> position
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    auto [it, fresh] = index.try_emplace(f.group, groups.size());
    if (fresh) {
      FindingGroup g;
      g.id = f.group;
      if (!f.participants.empty()) g.participants = {f.participants[0]};
      g.period = f.period.substr(0, 4);
      g.severity = f.severity;  // findings come most severe first
      groups.push_back(std::move(g));
    }
    FindingGroup& g = groups[it->second];
    g.findings.push_back(i);
    if ((", " + g.rule + ", ").find(", " + f.rule + ", ") == std::string::npos) {
      g.rule += (g.rule.empty() ? "" : ", ") + f.rule;
    }
  }
  for (FindingGroup& g : groups) {
    const Finding& first = r.findings[g.findings.front()];
    if (g.findings.size() == 1) {
      g.message = first.message;
      continue;
    }
    const std::string who = g.participants.empty() ? "" : g.participants[0];
    g.message = Cat({who, " ", g.period.empty() ? "(any year)" : g.period, ": ",
                     std::to_string(g.findings.size()), " findings (", g.rule,
                     "); the most severe: ", first.message});
  }
  return groups;
}

core::Result<std::vector<Finding>> CertificateFindings(Statistics& stats, const Thresholds& t,
                                                       const Finding& rollup) {
  if (rollup.certificates == 0 || rollup.participants.size() != 1 || rollup.period.size() != 4) {
    return core::Status::Invalid("finding", "roll-up",
                                 "is not a roll-up of certificates; its sources say what it read");
  }
  AnomalyQuery q{.participant = std::nullopt, .rule = rollup.rule};
  Run run(stats, t, q,
          RollUpKey{rollup.rule, rollup.participants[0], std::atoi(rollup.period.c_str())});
  return run.Expand(rollup.group);
}

// jemalloc's control interface when the binary links it (apps: OPENKP_JEMALLOC), else null.
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

// The findings' working set (every certificate's facts and state: some 150 bytes each) has just
// been freed; the allocator would keep the pages for reuse (jemalloc for its decay time, glibc in
// the arena of the thread that computed), so that the server's memory would follow the largest
// computation so far. They are given back at once.
static void ReturnFreedMemory() {
  if (mallctl != nullptr) {
    (void)mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);  // MALLCTL_ARENAS_ALL
  }
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

static core::Status CheckRule(const AnomalyQuery& q) {
  if (q.rule && std::find(kRules.begin(), kRules.end(), *q.rule) == kRules.end()) {
    return core::Status::Invalid("rule", "enum", "'" + *q.rule + "' is not a rule");
  }
  return {};
}

core::Result<AnomalyReport> FindAnomalies(Statistics& stats, const Thresholds& t,
                                          const AnomalyQuery& q) {
  OPENKP_RETURN_IF_ERROR(CheckRule(q));
  Run run(stats, t, q);
  return run.Go();
}

core::Result<AnomalyReport> FilterFindings(const AnomalyReport& r, const AnomalyQuery& q) {
  OPENKP_RETURN_IF_ERROR(CheckRule(q));
  AnomalyReport out;
  out.thresholds = r.thresholds;
  for (const auto& [rule, n] : r.counts) out.counts[rule] = 0;
  for (const Finding& f : r.findings) {
    if (q.rule && f.rule != *q.rule) continue;
    if (q.participant && std::find(f.participants.begin(), f.participants.end(), *q.participant) ==
                             f.participants.end()) {
      continue;
    }
    ++out.counts[f.rule];
    out.findings.push_back(f);
  }
  return out;
}

core::Result<std::shared_ptr<const FindingsSnapshot>> CurrentFindings(Statistics& stats) {
  auto inputs = stats.CurrentInputs();
  if (!inputs.ok()) return inputs.status();
  core::MutexLock lock(stats.findings_mu_);
  const auto now = std::chrono::steady_clock::now();
  if (const auto& cached = stats.findings_) {
    Inputs same_but_events = *inputs;
    same_but_events.certificate_events = cached->inputs.certificate_events;
    const auto age =
        std::chrono::duration_cast<std::chrono::milliseconds>(now - stats.findings_at_);
    if (cached->inputs == *inputs ||
        (cached->inputs == same_but_events && age.count() < stats.findings_refresh_ms_)) {
      return cached;
    }
  }
  auto report = FindAnomalies(stats, Thresholds{}, {});
  if (!report.ok()) return report.status();
  auto snapshot = std::make_shared<FindingsSnapshot>();
  snapshot->report = std::make_shared<const AnomalyReport>(std::move(*report));
  snapshot->inputs = *inputs;
  snapshot->computed_at = core::NowUtcTimestamp();
  stats.findings_ = snapshot;
  stats.findings_at_ = std::chrono::steady_clock::now();
  ReturnFreedMemory();
  return std::shared_ptr<const FindingsSnapshot>(std::move(snapshot));
}

}  // namespace openkp::stats
