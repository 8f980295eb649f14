// Statistics: imports of production and trade figures (with vintages and revisions), KP-style
// summary tables, and the anomaly rules (anomalies.h). Both the HTTP API and the CLI call this.
//
//   stats::Statistics st(db);                                 // db: a store::Database
//   auto r = st.Import(bytes, {.name = "kp.csv", .actor = "cli"});   // report in r->parsed
//   auto t = st.Production({.year = 2019});                          // annual rows + world total
//   std::string csv = stats::TableToCsv(*t);
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <semaphore>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/date.h"
#include "core/mutex.h"
#include "stats/import.h"
#include "store/store.h"

namespace openkp::stats {

using core::Result;
using core::Status;

struct AnomalyReport;  // anomalies.h

// What the anomaly rules read, at one moment: when any part changes, the findings may change.
struct Inputs {
  int64_t sources = 0;                                  // the newest statistics source
  int64_t certificate_events = 0;                       // the newest certificate event
  int64_t reference_external = 0, reference_local = 0;  // store::ChangeStamp
  core::Date today;
  bool operator==(const Inputs&) const = default;
  std::string ToString() const;
};

// The findings at the documented thresholds as one computation left them for every caller
// (anomalies.h CurrentFindings).
struct FindingsSnapshot {
  std::shared_ptr<const AnomalyReport> report;
  Inputs inputs;            // what they were computed from
  std::string computed_at;  // UTC, "2026-11-30T21:00:00Z"
};

struct ImportOptions {
  std::string name;     // file name, for the record
  std::string vintage;  // YYYY-MM-DD; default: the newest record date in the file, else today
  std::string sheet;    // .xlsx: worksheet name (default: the first)
  std::string actor = "cli";
  // Called now and then while storing: figures stored so far, of `total`.
  std::function<void(size_t done, size_t total)> progress;
};

struct ImportResult {
  bool accepted = false;  // false: the file has errors (parsed.errors) and nothing was stored
  bool already_imported = false;  // the same figures are stored already (source.id says where)
  ParsedImport parsed;
  store::StatImportOutcome outcome;  // what changed (outcome.source is the stored source)
};

// What a summary table shows. `period`: "year" (default), "half" or (trade) "quarter" for every
// sub-period, or one of "H1", "H2", "Q1".."Q4" (trade quarters add up to half-years).
struct TableQuery {
  std::optional<int> year;
  std::optional<std::string> participant;
  std::string period = "year";
  std::string by;                       // trade: "" (totals), "partner" or "hs"
  std::string source = "certificates";  // trade: "certificates" (the registry) or "reported"
};

struct SourceRef {
  int64_t source_id = 0;
  std::string rows;  // "2;3"
};

struct SummaryRow {
  std::string participant;  // "" on a world-total row
  std::string name;
  int year = 0;
  std::string period;  // "Y", "H1", "H2", "Q1".."Q4"
  std::string partner, hs_code;
  int64_t carats_hundredths = 0, value_usd_cents = 0;
  std::optional<int64_t> certificates;
  bool nil = false;      // every report in it is a reported nil
  bool complete = true;  // an annual row that has all its sub-periods
  // Amounts withheld (carats, value and US$/ct are not shown): a public table from
  // certificates, where this cell would reveal fewer than the threshold's certificates.
  bool suppressed = false;
  std::optional<int64_t> lsm_carats_hundredths, lsm_value_usd_cents;  // when the split is known
  std::optional<int64_t> asm_carats_hundredths, asm_value_usd_cents;
  std::vector<SourceRef> sources;
};

struct SummaryTable {
  std::string flow;  // production | export | import
  std::string period;
  std::string by;
  std::string source;
  std::vector<SummaryRow> rows;    // participant, year, period order
  std::vector<SummaryRow> totals;  // world totals per year and period
};

// US$ per carat to the cent, exactly (rounded half up); nullopt for zero carats.
std::optional<int64_t> UnitValueCents(int64_t value_usd_cents, int64_t carats_hundredths);

// Differences between two vintages: keys whose figures differ or exist in one only.
struct VintageDifference {
  std::optional<store::StatFigure> before, after;
};

class Statistics {
 public:
  explicit Statistics(store::Database& db,
                      std::function<core::Date()> today = &core::Date::TodayUtc);

  // Reads (CSV or .xlsx), checks and stores a statistics file in one transaction. A file with
  // any error is refused whole (accepted = false, nothing stored); a file whose figures are
  // already stored changes nothing (already_imported = true).
  Result<ImportResult> Import(std::string_view bytes, const ImportOptions& options);

  Result<SummaryTable> Production(const TableQuery& q);
  // `flow` is export or import.
  Result<SummaryTable> Trade(const std::string& flow, const TableQuery& q);

  Result<std::vector<VintageDifference>> CompareSources(int64_t before_id, int64_t after_id);

  // Permissions (the statistics service decides them; HTTP only authenticates). Importing is
  // for admins. Breakdowns and findings: admins see every participant, an officer only its own
  // (an explicit other participant is refused, and none means its own).
  Status MayImport(const accounts::Principal& who) const;
  Status ScopeToCaller(const accounts::Principal& who, std::optional<std::string>* participant,
                       const char* what) const;

  // Imported sources (vintages), oldest first; one of them.
  Result<std::vector<store::StatSource>> ListSources();
  Result<store::StatSource> GetSource(int64_t id);

  // What the anomaly rules (anomalies.cpp) read. Certificate trade flows are brought up to date
  // with the certificate events first; ScanCertificateFacts reads every certificate's private
  // figures, so it never answers a caller directly.
  Result<std::vector<store::StatFigure>> CurrentFigures(const store::StatFilter& filter);
  Result<std::vector<store::TradeFlow>> CertificateTradeFlows(const store::StatFilter& filter);
  Result<std::vector<store::Participant>> Participants();
  Result<std::vector<store::AuthorityKey>> AuthorityKeys();
  Status ScanCertificateFacts(const store::CertificateScope& scope,
                              const std::function<void(const store::CertificateFacts&)>& visit);
  Result<std::vector<store::SameNumber>> SameNumbers();
  Result<std::vector<store::StatRevision>> Revisions();

  core::Date Today() const { return today_(); }
  // Changes whenever what the anomaly rules read may have changed: statistics, certificates and
  // keys, reference data, the date. Cheap; for caches of findings.
  Result<std::string> InputsVersion();
  Result<Inputs> CurrentInputs();
  // Certificates change all the time (every issue, confirmation and void): the shared findings
  // (CurrentFindings) are recomputed for new certificate events at most this often, so that a
  // busy registry does not recompute them on every read; a new statistics source, reference
  // data or date recomputes them at once. Zero: on every change.
  void SetFindingsRefresh(std::chrono::milliseconds every) { findings_refresh_ms_ = every.count(); }
  // Public trade tables from certificates withhold any figure of fewer certificates than this
  // (stats/disclosure.h); 1 withholds nothing.
  void SetMinCellCertificates(int k) { min_cell_certificates_ = k; }

 private:
  // Applies certificate events not yet in the trade flows (a write only when there are some).
  Status RefreshTradeFlows();
  template <typename F>
  auto Read(F&& f);

  friend Result<std::shared_ptr<const FindingsSnapshot>> CurrentFindings(Statistics& stats);

  store::Database& db_;
  int min_cell_certificates_ = 3;
  std::atomic<int64_t> findings_refresh_ms_{10'000};
  core::Mutex findings_mu_;  // held while the findings are computed: one computation at a time
  std::shared_ptr<const FindingsSnapshot> findings_ GUARDED_BY(findings_mu_);
  std::chrono::steady_clock::time_point findings_at_ GUARDED_BY(findings_mu_);
  static constexpr std::ptrdiff_t kMaxConcurrentImports = 1;
  std::counting_semaphore<kMaxConcurrentImports> import_slots_{kMaxConcurrentImports};
  std::function<core::Date()> today_;
};

// Renderings of a summary table: CSV (RFC 4180, amounts with two decimals) and .xlsx.
std::string TableToCsv(const SummaryTable& t);
Result<std::string> TableToXlsx(const SummaryTable& t);

}  // namespace openkp::stats
