#include "stats/stats.h"

#include <map>
#include <set>

#include "core/amount.h"
#include "stats/disclosure.h"

namespace openkp::stats {

std::optional<int64_t> UnitValueCents(int64_t value_usd_cents, int64_t carats_hundredths) {
  if (carats_hundredths <= 0) return std::nullopt;
  // (value / 100) / (carats / 100) dollars per carat = value / carats; in cents: *100.
  // Amounts are bounded by 9e15 hundredths (core::ParseHundredths), so *100 fits in int64.
  const int64_t num = value_usd_cents * 100;
  return (num + carats_hundredths / 2) / carats_hundredths;
}

Statistics::Statistics(store::Database& db, std::function<core::Date()> today)
    : db_(db), today_(std::move(today)) {}

template <typename F>
auto Statistics::Read(F&& f) {
  return store::ReadValue(db_, std::forward<F>(f));
}

Status Statistics::MayImport(const accounts::Principal& who) const {
  if (who.is_admin()) return {};
  return Status(core::Code::kPermissionDenied, "only an admin may import statistics");
}

Status Statistics::ScopeToCaller(const accounts::Principal& who,
                                 std::optional<std::string>* participant, const char* what) const {
  if (who.is_admin()) return {};
  if (*participant && **participant != who.user.participant) {
    return Status(core::Code::kPermissionDenied,
                  std::string("officers see ") + what + " of their own participant only");
  }
  *participant = who.user.participant;
  return {};
}

Result<std::vector<store::StatSource>> Statistics::ListSources() {
  return Read([&](store::Txn& t) { return db_.stats().ListSources(t); });
}

Result<store::StatSource> Statistics::GetSource(int64_t id) {
  return Read([&](store::Txn& t) { return db_.stats().GetSource(t, id); });
}

Result<std::vector<store::StatFigure>> Statistics::CurrentFigures(const store::StatFilter& f) {
  return Read([&](store::Txn& t) { return db_.stats().ListCurrentFigures(t, f); });
}

std::string Inputs::ToString() const {
  return "sources " + std::to_string(sources) + ", events " + std::to_string(certificate_events) +
         ", reference " + std::to_string(reference_external) + "." +
         std::to_string(reference_local) + ", today " + today.ToString();
}

Result<Inputs> Statistics::CurrentInputs() {
  auto marks = Read([&](store::Txn& t) { return db_.stats().LatestInputs(t); });
  if (!marks.ok()) return marks.status();
  auto ref = db_.CurrentReferenceStamp();
  if (!ref.ok()) return ref.status();
  return Inputs{marks->first, marks->second, ref->external, ref->local, Today()};
}

Result<std::string> Statistics::InputsVersion() {
  auto in = CurrentInputs();
  if (!in.ok()) return in.status();
  return in->ToString();
}

Status Statistics::RefreshTradeFlows() {
  auto behind = Read([&](store::Txn& t) { return db_.stats().TradeFlowsBehind(t); });
  if (!behind.ok()) return behind.status();
  if (!*behind) return {};  // the common case: two key reads, no write transaction
  return db_.Write([&](store::Txn& t) { return db_.stats().RefreshTradeFlows(t); });
}

Result<std::vector<store::TradeFlow>> Statistics::CertificateTradeFlows(
    const store::StatFilter& f) {
  OPENKP_RETURN_IF_ERROR(RefreshTradeFlows());
  return Read([&](store::Txn& t) { return db_.stats().ListTradeFlows(t, f); });
}

Result<std::vector<store::Participant>> Statistics::Participants() {
  return Read([&](store::Txn& t) { return db_.registry().ListParticipants(t); });
}

Result<std::vector<store::AuthorityKey>> Statistics::AuthorityKeys() {
  return Read([&](store::Txn& t) { return db_.registry().ListKeys(t, std::nullopt); });
}

// The two full passes over the certificates read aside (Database::ReadAside): at a million
// certificates they take seconds, which issuing and verifying must not wait for.
Result<std::vector<store::SameNumber>> Statistics::SameNumbers() {
  return store::ReadAsideValue(db_, [&](store::Txn& t) { return db_.stats().ListSameNumbers(t); });
}

Status Statistics::ScanCertificateFacts(
    const store::CertificateScope& scope,
    const std::function<void(const store::CertificateFacts&)>& visit) {
  return db_.ReadAside(
      [&](store::Txn& t) { return db_.stats().ScanCertificateFacts(t, scope, visit); });
}

Result<std::vector<store::StatRevision>> Statistics::Revisions() {
  return Read([&](store::Txn& t) { return db_.stats().ListRevisions(t); });
}

Result<ImportResult> Statistics::Import(std::string_view bytes, const ImportOptions& options) {
  // Parsing a file takes memory in proportion to it (bounded per file by the readers): at most
  // kMaxConcurrentImports at once, so that many uploads at once cannot add up.
  if (!import_slots_.try_acquire()) {
    return Status(core::Code::kFailedPrecondition,
                  "another import is running; retry when it has finished", "file",
                  "one-import-at-a-time");
  }
  struct Release {
    std::counting_semaphore<kMaxConcurrentImports>& slots;
    ~Release() { slots.release(); }
  } release{import_slots_};
  if (!options.vintage.empty() && !core::Date::Parse(options.vintage).ok()) {
    return Status::Invalid("vintage", "date", "must be a date YYYY-MM-DD");
  }
  ImportResult result;
  auto table = ReadTable(bytes, options.sheet);
  if (!table.ok()) {
    if (table.status().code() != core::Code::kInvalidArgument) return table.status();
    result.parsed.errors.push_back({"unreadable", {}, table.status().message(), ""});
    return result;
  }
  auto participants = Participants();
  if (!participants.ok()) return participants.status();
  ParticipantNames names(*participants);
  result.parsed = ParseStatistics(*table, names, today_());
  if (!result.parsed.errors.empty()) return result;
  auto existing =
      Read([&](store::Txn& t) { return db_.stats().FindSource(t, result.parsed.sha256); });
  if (!existing.ok()) return existing.status();
  if (*existing) {
    result.accepted = true;
    result.already_imported = true;
    result.outcome.source = **existing;
    return result;
  }
  store::StatSource src;
  src.kind = result.parsed.kind;
  src.name = options.name.empty() ? "(upload)" : options.name;
  src.sha256 = result.parsed.sha256;
  src.vintage = !options.vintage.empty()         ? options.vintage
                : !result.parsed.vintage.empty() ? result.parsed.vintage
                                                 : today_().ToString();
  src.imported_by = options.actor;
  src.report = ImportReportJson(result.parsed);
  const size_t total = result.parsed.figures.size();
  std::function<void(size_t)> progress;
  if (options.progress) progress = [&](size_t done) { options.progress(done, total); };
  auto outcome = store::WriteValue(db_, [&](store::Txn& t) {
    return db_.stats().ImportFigures(t, src, result.parsed.figures, progress);
  });
  if (options.progress && outcome.ok()) options.progress(total, total);
  if (!outcome.ok()) {
    if (outcome.status().code() == core::Code::kAlreadyExists) {  // a concurrent import won
      auto again =
          Read([&](store::Txn& t) { return db_.stats().FindSource(t, result.parsed.sha256); });
      if (again.ok() && *again) {
        result.accepted = result.already_imported = true;
        result.outcome.source = **again;
        return result;
      }
    }
    return outcome.status();
  }
  result.accepted = true;
  result.outcome = std::move(*outcome);
  return result;
}

namespace {

Status CheckQuery(const TableQuery& q, bool trade) {
  static const std::set<std::string> kProduction = {"year", "half", "H1", "H2"};
  static const std::set<std::string> kTrade = {"year", "half", "quarter", "H1", "H2",
                                               "Q1",   "Q2",   "Q3",      "Q4"};
  if (!(trade ? kTrade : kProduction).count(q.period)) {
    return Status::Invalid("period", "enum",
                           trade ? "must be year, half, quarter, H1, H2, Q1, Q2, Q3 or Q4"
                                 : "must be year, half, H1 or H2");
  }
  if (q.year && (*q.year < 1990 || *q.year > 9999)) {
    return Status::Invalid("year", "range", "must be a year from 1990");
  }
  if (trade) {
    if (q.by != "" && q.by != "partner" && q.by != "hs") {
      return Status::Invalid("by", "enum", "must be partner or hs");
    }
    if (q.source != "certificates" && q.source != "reported") {
      return Status::Invalid("source", "enum", "must be certificates or reported");
    }
  } else if (!q.by.empty()) {
    return Status::Invalid("by", "unknown-parameter", "production tables have no breakdown");
  }
  return {};
}

// Trade quarters roll up into half-years: Q1, Q2 -> H1; Q3, Q4 -> H2.
std::string HalfOf(const std::string& period) {
  if (period.size() != 2 || period[0] != 'Q') return period;
  return period[1] <= '2' ? "H1" : "H2";
}

// Whether a figure's sub-period is shown, and under which label.
bool Wanted(const std::string& period, const std::string& query, std::string* label) {
  if (query == "year") {
    *label = "Y";
    return true;
  }
  const bool halves = query == "half" || query == "H1" || query == "H2";
  *label = halves ? HalfOf(period) : period;
  if (query == "half" || query == "quarter") return true;
  return *label == query;
}

void AddSource(SummaryRow& r, int64_t source_id, const std::string& rows) {
  for (auto& s : r.sources) {
    if (s.source_id == source_id) {
      s.rows += ";" + rows;
      return;
    }
  }
  r.sources.push_back({source_id, rows});
}

void AddOpt(std::optional<int64_t>& to, int64_t v) { to = to.value_or(0) + v; }

// Adds `from` into `to` (amounts, nil-ness, split, certificates, sources).
void Accumulate(SummaryRow& to, const SummaryRow& from, bool first) {
  to.carats_hundredths += from.carats_hundredths;
  to.value_usd_cents += from.value_usd_cents;
  to.nil = first ? from.nil : (to.nil && from.nil);
  if (from.certificates) AddOpt(to.certificates, *from.certificates);
  if (from.lsm_carats_hundredths) AddOpt(to.lsm_carats_hundredths, *from.lsm_carats_hundredths);
  if (from.lsm_value_usd_cents) AddOpt(to.lsm_value_usd_cents, *from.lsm_value_usd_cents);
  if (from.asm_carats_hundredths) AddOpt(to.asm_carats_hundredths, *from.asm_carats_hundredths);
  if (from.asm_value_usd_cents) AddOpt(to.asm_value_usd_cents, *from.asm_value_usd_cents);
  for (const auto& s : from.sources) AddSource(to, s.source_id, s.rows);
}

// Groups sub-period rows into the rows shown, counts sub-periods for `complete`, and adds the
// world totals.
void Finish(SummaryTable& t, const std::vector<SummaryRow>& parts, const std::string& query,
            int per_year, const std::map<std::string, std::string>& names,
            int min_certificates = 0) {
  std::map<std::tuple<std::string, int, std::string, std::string, std::string>, SummaryRow> rows;
  std::map<std::tuple<std::string, int, std::string, std::string, std::string>,
           std::set<std::string>>
      seen;
  for (const auto& p : parts) {
    std::string label;
    if (!Wanted(p.period, query, &label)) continue;
    auto key = std::make_tuple(p.participant, p.year, label, p.partner, p.hs_code);
    auto [it, fresh] = rows.try_emplace(key);
    SummaryRow& r = it->second;
    if (fresh) {
      r.participant = p.participant;
      auto n = names.find(p.participant);
      r.name = n == names.end() ? p.participant : n->second;
      r.year = p.year;
      r.period = label;
      r.partner = p.partner;
      r.hs_code = p.hs_code;
    }
    Accumulate(r, p, fresh);
    r.suppressed = r.suppressed || p.suppressed;  // holds a withheld cell
    seen[key].insert(p.period);
  }
  std::map<std::pair<int, std::string>, SummaryRow> totals;
  for (auto& [key, r] : rows) {
    // Sub-periods a row should have: a year all of them; a half-year of quarters two.
    const int expected = r.period == "Y" ? per_year : (r.period[0] == 'H' ? per_year / 2 : 1);
    r.complete = static_cast<int>(seen[key].size()) == expected;
    auto [it, fresh] = totals.try_emplace({r.year, r.period});
    SummaryRow& tot = it->second;
    if (fresh) {
      tot.name = "World total";
      tot.year = r.year;
      tot.period = r.period;
    }
    SummaryRow copy = r;
    copy.sources.clear();
    Accumulate(tot, copy, fresh);
    tot.suppressed = tot.suppressed || r.suppressed;  // holds a withheld cell
    tot.complete = fresh ? r.complete : (tot.complete && r.complete);
    t.rows.push_back(std::move(r));
  }
  for (auto& [key, r] : totals) t.totals.push_back(std::move(r));
  if (min_certificates > 1) {
    // A row is shown when it holds no withheld cell and enough certificates (a sum of shown
    // cells reveals nothing more than they do).
    for (auto* rows_of : {&t.rows, &t.totals}) {
      for (auto& r : *rows_of) {
        r.suppressed = r.suppressed || r.certificates.value_or(0) < min_certificates;
        if (r.suppressed) {
          r.carats_hundredths = r.value_usd_cents = 0;
          r.sources.clear();
        }
      }
    }
  }
}

std::map<std::string, std::string> NameMap(const std::vector<store::Participant>& ps) {
  std::map<std::string, std::string> m;
  for (const auto& p : ps) m[p.code] = p.name;
  return m;
}

}  // namespace

Result<SummaryTable> Statistics::Production(const TableQuery& q) {
  OPENKP_RETURN_IF_ERROR(CheckQuery(q, false));
  store::StatFilter f;
  f.flow = "production";
  f.year = q.year;
  f.participant = q.participant;
  auto figures = CurrentFigures(f);
  if (!figures.ok()) return figures.status();
  auto participants = Participants();
  if (!participants.ok()) return participants.status();
  std::vector<SummaryRow> parts;
  for (const auto& fig : *figures) {
    SummaryRow r;
    r.participant = fig.participant;
    r.year = fig.year;
    r.period = fig.period;
    r.carats_hundredths = fig.carats_hundredths;
    r.value_usd_cents = fig.value_usd_cents;
    r.nil = fig.nil;
    if (fig.kind == "LSM") {
      r.lsm_carats_hundredths = fig.carats_hundredths;
      r.lsm_value_usd_cents = fig.value_usd_cents;
    } else if (fig.kind == "ASM") {
      r.asm_carats_hundredths = fig.carats_hundredths;
      r.asm_value_usd_cents = fig.value_usd_cents;
    }
    r.sources.push_back({fig.source_id, fig.source_rows});
    parts.push_back(std::move(r));
  }
  SummaryTable t;
  t.flow = "production";
  t.period = q.period;
  Finish(t, parts, q.period, 2, NameMap(*participants));
  if (q.participant) t.totals.clear();  // a world total of one participant would mislead
  return t;
}

Result<SummaryTable> Statistics::Trade(const std::string& flow, const TableQuery& q) {
  OPENKP_RETURN_IF_ERROR(CheckQuery(q, true));
  if (flow != "export" && flow != "import") {
    return Status::Invalid("flow", "enum", "must be export or import");
  }
  auto participants = Participants();
  if (!participants.ok()) return participants.status();
  store::StatFilter f;
  f.flow = flow;
  f.year = q.year;
  f.participant = q.participant;
  std::vector<SummaryRow> parts;
  // A public table from certificates (totals, not the restricted breakdowns) is computed over
  // every participant, so that its disclosure control sees what other queries would publish.
  const bool disclosure = q.source == "certificates" && q.by.empty();
  if (disclosure) f.participant.reset();
  if (q.source == "certificates") {
    f.by = q.by;
    auto flows = CertificateTradeFlows(f);
    if (!flows.ok()) return flows.status();
    for (const auto& tf : *flows) {
      SummaryRow r;
      r.participant = tf.participant;
      r.year = tf.year;
      r.period = "Q" + std::to_string(tf.quarter);
      if (q.by == "partner") r.partner = tf.partner;
      r.hs_code = tf.hs_code;
      r.carats_hundredths = tf.carats_hundredths;
      r.value_usd_cents = tf.value_usd_cents;
      r.certificates = tf.certificates;
      parts.push_back(std::move(r));
    }
  } else {
    auto figures = CurrentFigures(f);
    if (!figures.ok()) return figures.status();
    // Rows for "all partners" (partner "") stand for the participant's total when present;
    // otherwise the per-partner rows add up to it. The same holds for HS codes.
    std::set<std::tuple<std::string, int, std::string>> has_total_partner, has_total_hs;
    for (const auto& fig : *figures) {
      if (fig.partner.empty()) has_total_partner.insert({fig.participant, fig.year, fig.period});
      if (fig.kind.empty()) has_total_hs.insert({fig.participant, fig.year, fig.period});
    }
    for (const auto& fig : *figures) {
      auto key = std::make_tuple(fig.participant, fig.year, fig.period);
      if (q.by == "partner" && fig.partner.empty()) continue;
      if (q.by != "partner" && has_total_partner.count(key) && !fig.partner.empty()) continue;
      if (q.by == "hs" && fig.kind.empty()) continue;
      if (q.by != "hs" && has_total_hs.count(key) && !fig.kind.empty()) continue;
      SummaryRow r;
      r.participant = fig.participant;
      r.year = fig.year;
      r.period = fig.period;
      if (q.by == "partner") r.partner = fig.partner;
      if (q.by == "hs") r.hs_code = fig.kind;
      r.carats_hundredths = fig.carats_hundredths;
      r.value_usd_cents = fig.value_usd_cents;
      r.certificates = fig.certificates;
      r.sources.push_back({fig.source_id, fig.source_rows});
      parts.push_back(std::move(r));
    }
  }
  int k = 0;
  if (disclosure) {
    k = min_cell_certificates_;
    SuppressSmallCells(parts, k);
    if (q.participant) {
      std::erase_if(parts, [&](const SummaryRow& r) { return r.participant != *q.participant; });
    }
  }
  SummaryTable t;
  t.flow = flow;
  t.period = q.period;
  t.by = q.by;
  t.source = q.source;
  Finish(t, parts, q.period, 4, NameMap(*participants), k);
  if (q.participant) t.totals.clear();
  return t;
}

Result<std::vector<VintageDifference>> Statistics::CompareSources(int64_t before_id,
                                                                  int64_t after_id) {
  for (int64_t id : {before_id, after_id}) {
    auto s = GetSource(id);
    if (!s.ok()) return s.status();
  }
  auto before = Read([&](store::Txn& t) { return db_.stats().ListFigures(t, before_id); });
  if (!before.ok()) return before.status();
  auto after = Read([&](store::Txn& t) { return db_.stats().ListFigures(t, after_id); });
  if (!after.ok()) return after.status();
  auto key = [](const store::StatFigure& f) {
    return std::make_tuple(f.participant, f.year, f.period, f.flow, f.partner, f.kind);
  };
  std::map<decltype(key(store::StatFigure{})), VintageDifference> diffs;
  for (const auto& f : *before) diffs[key(f)].before = f;
  for (const auto& f : *after) diffs[key(f)].after = f;
  std::vector<VintageDifference> out;
  for (auto& [k, d] : diffs) {
    if (d.before && d.after && d.before->SameAmounts(*d.after)) continue;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace openkp::stats
