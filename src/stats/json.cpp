#include "stats/json.h"

#include <boost/json.hpp>

#include "core/amount.h"

namespace openkp::stats {

namespace json = boost::json;

namespace {

json::value Opt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object RowToJson(const SummaryRow& r, const SummaryTable& t) {
  json::object o;
  o["participant"] = r.participant.empty() ? json::value(nullptr) : json::value(r.participant);
  o["name"] = r.name;
  o["year"] = r.year;
  o["period"] = r.period;
  if (t.by == "partner") o["partner"] = r.partner;
  if (t.by == "hs") o["hs_code"] = r.hs_code;
  if (r.suppressed) {  // withheld: fewer certificates than the disclosure threshold
    o["carats_hundredths"] = nullptr;
    o["value_usd_cents"] = nullptr;
    o["usd_per_carat"] = nullptr;
    o["suppressed"] = true;
  } else {
    o["carats_hundredths"] = r.carats_hundredths;
    o["value_usd_cents"] = r.value_usd_cents;
    auto uv = UnitValueCents(r.value_usd_cents, r.carats_hundredths);
    o["usd_per_carat"] = uv ? json::value(core::FormatHundredths(*uv)) : json::value(nullptr);
  }
  if (t.flow == "production") {
    o["nil"] = r.nil;
    o["lsm_carats_hundredths"] = Opt(r.lsm_carats_hundredths);
    o["lsm_value_usd_cents"] = Opt(r.lsm_value_usd_cents);
    o["asm_carats_hundredths"] = Opt(r.asm_carats_hundredths);
    o["asm_value_usd_cents"] = Opt(r.asm_value_usd_cents);
  } else {
    o["certificates"] = Opt(r.certificates);
  }
  o["complete"] = r.complete;
  json::array sources;
  for (const auto& s : r.sources) {
    sources.push_back(json::object{{"source", s.source_id}, {"rows", s.rows}});
  }
  if (!r.participant.empty()) o["sources"] = std::move(sources);
  return o;
}

json::object FigureToJson(const store::StatFigure& f) {
  json::object o{{"participant", f.participant},
                 {"year", f.year},
                 {"period", f.period},
                 {"flow", f.flow},
                 {"nil", f.nil},
                 {"carats_hundredths", f.carats_hundredths},
                 {"value_usd_cents", f.value_usd_cents},
                 {"source", f.source_id},
                 {"rows", f.source_rows},
                 {"vintage", f.vintage}};
  if (!f.partner.empty()) o["partner"] = f.partner;
  if (!f.kind.empty()) o["kind"] = f.kind;
  if (f.certificates) o["certificates"] = *f.certificates;
  return o;
}

}  // namespace

json::value TableToJson(const SummaryTable& t) {
  json::array rows, totals;
  for (const auto& r : t.rows) rows.push_back(RowToJson(r, t));
  for (const auto& r : t.totals) totals.push_back(RowToJson(r, t));
  json::object o{{"flow", t.flow},
                 {"period", t.period},
                 {"rows", std::move(rows)},
                 {"totals", std::move(totals)}};
  if (t.flow != "production") {
    o["source"] = t.source;
    o["by"] = t.by.empty() ? json::value(nullptr) : json::value(t.by);
  }
  return o;
}

json::value SourceToJson(const store::StatSource& s) {
  return json::object{{"id", s.id},
                      {"kind", s.kind},
                      {"name", s.name},
                      {"sha256", s.sha256},
                      {"vintage", s.vintage},
                      {"imported_at", s.imported_at},
                      {"imported_by", s.imported_by},
                      {"figures", s.figures}};
}

json::value ImportResultToJson(const ImportResult& r) {
  json::object o;
  o["accepted"] = r.accepted;
  o["already_imported"] = r.already_imported;
  json::value report = json::parse(ImportReportJson(r.parsed));
  o["report"] = report;
  if (r.accepted) {
    o["source"] = SourceToJson(r.outcome.source);
    o["new_figures"] = r.outcome.new_figures;
    o["unchanged"] = r.outcome.unchanged;
    o["revised"] = r.outcome.revised;
    o["superseded"] = r.outcome.superseded;
  }
  return o;
}

json::value DifferencesToJson(const std::vector<VintageDifference>& d) {
  json::array a;
  for (const auto& x : d) {
    a.push_back(json::object{
        {"before", x.before ? json::value(FigureToJson(*x.before)) : json::value(nullptr)},
        {"after", x.after ? json::value(FigureToJson(*x.after)) : json::value(nullptr)}});
  }
  return json::object{{"differences", std::move(a)}, {"count", static_cast<int64_t>(d.size())}};
}

json::value ThresholdsToJson(const Thresholds& t) {
  json::array a;
  for (const auto& d : DescribeThresholds(t)) {
    a.push_back(json::object{{"name", d.name}, {"value", d.value}, {"meaning", d.meaning}});
  }
  return a;
}

json::value AnomalyReportToJson(const AnomalyReport& r) {
  json::array findings;
  for (const auto& f : r.findings) {
    json::array compared;
    for (const auto& [label, value] : f.compared) {
      compared.push_back(json::object{{"label", label}, {"value", value}});
    }
    findings.push_back(
        json::object{{"id", f.id},
                     {"severity", f.severity},
                     {"rule", f.rule},
                     {"participants", json::array(f.participants.begin(), f.participants.end())},
                     {"period", f.period},
                     {"figure", f.figure},
                     {"message", f.message},
                     {"compared", std::move(compared)},
                     {"threshold", f.threshold},
                     {"sources", json::array(f.sources.begin(), f.sources.end())},
                     {"fingerprint", f.fingerprint},
                     {"group", f.group}});
  }
  json::object counts;
  for (const auto& [rule, n] : r.counts) counts[rule] = n;
  return json::object{{"findings", std::move(findings)},
                      {"counts", std::move(counts)},
                      {"total", static_cast<int64_t>(r.findings.size())},
                      {"thresholds", ThresholdsToJson(r.thresholds)}};
}

}  // namespace openkp::stats
