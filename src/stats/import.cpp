#include "stats/import.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "core/amount.h"
#include "crypto/crypto.h"

namespace openkp::stats {

namespace {

std::string Normalise(const std::string& s) {
  std::string out;
  bool space = false;
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// Names the KP statistics use that differ from the participant table's.
const std::pair<const char*, const char*> kAliases[] = {
    {"Cote D'ivoire", "CI"}, {"Côte d'Ivoire", "CI"},
    {"Ivory Coast", "CI"},   {"Democratic Republic of the Congo", "CD"},
    {"DRC", "CD"},           {"Republic of the Congo", "CG"},
    {"China", "CN"},         {"South Korea", "KR"},
    {"Kyrgyzstan", "KG"},    {"Russia", "RU"},
    {"Swaziland", "SZ"},     {"United States", "US"},
    {"USA", "US"},           {"UAE", "AE"},
    {"Viet Nam", "VN"},      {"Tanzania, United Republic of", "TZ"},
    {"Taiwan", "TW"},        {"Chinese Taipei", "TW"},
};

// Participants that reported on their own before joining the EU (and so the EU participant).
const struct {
  const char* name;
  const char* code;
  const char* note;
} kFormerParticipants[] = {
    {"Croatia", "HR", "Croatia reported as its own KP participant until it joined the EU in 2013"},
    {"Romania", "RO", "Romania reported as its own KP participant until it joined the EU in 2007"},
    {"Slovenia", "SI",
     "Slovenia reported as its own KP participant until it joined the EU in 2004"},
    {"Bulgaria", "BG",
     "Bulgaria reported as its own KP participant until it joined the EU in 2007"},
};

// Looks a header name up among alternatives; -1 when absent.
int Column(const std::vector<std::string>& header, const std::vector<const char*>& names) {
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string h = Normalise(header[i]);
    for (const char* n : names) {
      if (h == Normalise(n)) return static_cast<int>(i);
    }
  }
  return -1;
}

// "28Feb25:06:21:13" (the KP database's timestamps) -> "2025-02-28"; "" when not of that shape.
std::string TimestampDate(const std::string& s) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (s.size() < 7 || !std::isdigit(static_cast<unsigned char>(s[0])) ||
      !std::isdigit(static_cast<unsigned char>(s[1])) ||
      !std::isdigit(static_cast<unsigned char>(s[5])) ||
      !std::isdigit(static_cast<unsigned char>(s[6]))) {
    return "";
  }
  const std::string mon = Normalise(s.substr(2, 3));
  for (int m = 0; m < 12; ++m) {
    if (mon != kMonths[m]) continue;
    auto d =
        core::Date::FromYmd(2000 + std::stoi(s.substr(5, 2)), m + 1, std::stoi(s.substr(0, 2)));
    return d.ok() ? d->ToString() : "";
  }
  return "";
}

std::string FigureKey(const store::StatFigure& f) {
  return f.participant + "|" + std::to_string(f.year) + "|" + f.period + "|" + f.flow + "|" +
         f.partner + "|" + f.kind;
}

bool ParseInt(const std::string& s, int64_t lo, int64_t hi, int64_t* out) {
  if (s.empty() || s.size() > 9) return false;
  // Spreadsheets may write whole numbers as "2003.0".
  std::string t = s;
  if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) t.resize(t.size() - 2);
  if (t.find_first_not_of("0123456789") != std::string::npos || t.empty()) return false;
  *out = std::stoll(t);
  return *out >= lo && *out <= hi;
}

// Shared row handling of both formats: per-row checks, and merging of rows that share a key.
class Builder {
 public:
  Builder(ParsedImport* out, const ParticipantNames& names, core::Date today)
      : out_(out), names_(names), today_(today) {}

  void Error(int64_t row, const std::string& field, const std::string& message) {
    if (out_->errors.size() < 1000) {
      out_->errors.push_back({"invalid-row", {row}, field + ": " + message, ""});
    } else if (out_->errors.size() == 1000) {
      out_->errors.push_back({"too-many-errors", {}, "more than 1000 rows are invalid", ""});
    }
  }
  void Note(const std::string& kind, std::vector<int64_t> rows, std::string message,
            std::string action) {
    out_->notes.push_back({kind, std::move(rows), std::move(message), std::move(action)});
  }

  // The participant's code, or "" after recording an error.
  std::string Participant(int64_t row, const std::string& field, const std::string& name) {
    std::string note;
    std::string code = names_.Resolve(name, &note);
    if (code.empty()) {
      Error(row, field, "'" + name + "' is not a KP participant (name or code)");
      return "";
    }
    if (!note.empty()) former_[name].first = note, former_[name].second.push_back(row);
    return code;
  }

  bool Year(int64_t row, const std::string& field, const std::string& s, int64_t* year) {
    if (!ParseInt(s, 1990, 9999, year)) {
      Error(row, field, "'" + s + "' is not a year (1990 or later)");
      return false;
    }
    return true;
  }

  // The period must have started: a figure for a period that has not begun cannot be real.
  bool PeriodStarted(int64_t row, int64_t year, int first_month, const std::string& label) {
    auto start = core::Date::FromYmd(static_cast<int>(year), first_month, 1);
    if (!start.ok() || *start > today_) {
      Error(row, "period", label + " has not begun yet (today is " + today_.ToString() + ")");
      return false;
    }
    return true;
  }

  bool Amount(int64_t row, const std::string& field, const std::string& s, int64_t* out) {
    bool rounded = false;
    auto v = ParseDecimalHundredths(s, &rounded);
    if (!v.ok()) {
      Error(row, field, v.status().message());
      return false;
    }
    if (*v < 0) {
      Error(row, field, "'" + s + "' is negative");
      return false;
    }
    if (rounded && (rounded_rows_.empty() || rounded_rows_.back() != row)) {
      rounded_rows_.push_back(row);
    }
    *out = *v;
    return true;
  }

  void Add(store::StatFigure f, int64_t row) {
    f.source_rows = std::to_string(row);
    const std::string key = FigureKey(f);
    auto [it, fresh] = merged_.try_emplace(key, f);
    if (fresh) return;
    store::StatFigure& have = it->second;
    have.source_rows += ";" + std::to_string(row);
    if (have.SameAmounts(f)) {
      identical_[key] = have.source_rows;
      return;
    }
    if (have.nil != f.nil) {
      // A nil and a figure for the same key: the figure is the information.
      if (have.nil) {
        std::string rows = have.source_rows;
        have = f;
        have.source_rows = rows;
      }
      conflicting_nil_[key] = have.source_rows;
      return;
    }
    core::CheckedAdd(have.carats_hundredths, f.carats_hundredths, &have.carats_hundredths);
    core::CheckedAdd(have.value_usd_cents, f.value_usd_cents, &have.value_usd_cents);
    if (have.certificates && f.certificates) *have.certificates += *f.certificates;
    summed_[key] = have.source_rows;
  }

  static std::vector<int64_t> Rows(const std::string& joined) {
    std::vector<int64_t> rows;
    size_t i = 0;
    while (i < joined.size()) {
      size_t j = joined.find(';', i);
      if (j == std::string::npos) j = joined.size();
      rows.push_back(std::stoll(joined.substr(i, j - i)));
      i = j + 1;
    }
    return rows;
  }

  void Finish() {
    for (auto& [key, f] : merged_) out_->figures.push_back(f);
    auto label = [this](const std::string& key) {
      const store::StatFigure& f = merged_.at(key);
      std::string s = f.participant + " " + std::to_string(f.year) + "-" + f.period + " " + f.flow;
      if (!f.partner.empty()) s += " with " + f.partner;
      if (!f.kind.empty()) s += " (" + f.kind + ")";
      return s;
    };
    for (const auto& [key, rows] : identical_) {
      Note("duplicate-identical", Rows(rows), "rows repeat " + label(key) + " with equal figures",
           "kept once");
    }
    for (const auto& [key, rows] : summed_) {
      Note("duplicate-summed", Rows(rows),
           "several rows report " + label(key) + " with different figures",
           "summed, as separate reports for the same period (each row stays listed as a source)");
    }
    for (const auto& [key, rows] : conflicting_nil_) {
      Note("nil-and-figure", Rows(rows), "a nil report and a figure for " + label(key),
           "kept the figure; the nil is ignored");
    }
    for (const auto& [name, info] : former_) {
      Note("former-participant", info.second, "'" + name + "': " + info.first,
           "imported under its own ISO code, apart from the European Union");
    }
    if (!rounded_rows_.empty()) {
      Note("rounded", rounded_rows_,
           "amounts with more than two decimals (binary floating point in the workbook)",
           "rounded half away from zero to hundredths");
    }
  }

 private:
  ParsedImport* out_;
  const ParticipantNames& names_;
  core::Date today_;
  std::map<std::string, store::StatFigure> merged_;
  std::map<std::string, std::string> identical_, summed_, conflicting_nil_;
  std::map<std::string, std::pair<std::string, std::vector<int64_t>>> former_;
  std::vector<int64_t> rounded_rows_;
};

void ParseProduction(const Table& t, Builder& b, ParsedImport* out) {
  out->kind = "production";
  const int c_row = Column(t.header, {"source_row"});
  const int c_country = Column(t.header, {"country", "Country Name", "participant"});
  const int c_year = Column(t.header, {"year"});
  const int c_half = Column(t.header, {"half", "Quarter"});
  const int c_trade = Column(t.header, {"trade_type", "Trade Type"});
  const int c_ptype = Column(t.header, {"production_type", "Production Type"});
  const int c_carats = Column(t.header, {"carats", "Carat"});
  const int c_value = Column(t.header, {"value_usd", "US Value"});
  const int c_created = Column(t.header, {"created"});
  const int c_modified = Column(t.header, {"last_modified", "Last Modified"});
  std::string vintage;
  std::vector<int64_t> nil_rows, zero_rows;
  std::map<std::string, std::set<std::string>> reporters;  // period -> participants
  for (const TableRow& r : t.rows) {
    ++out->rows;
    auto cell = [&](int c) -> const std::string& {
      static const std::string kEmpty;
      return c >= 0 && static_cast<size_t>(c) < r.cells.size() ? r.cells[c] : kEmpty;
    };
    int64_t row = r.number;
    int64_t given = 0;
    if (c_row >= 0 && ParseInt(cell(c_row), 1, 100'000'000, &given)) row = given;
    for (int c : {c_created, c_modified}) vintage = std::max(vintage, TimestampDate(cell(c)));
    const std::string code = b.Participant(row, "country", cell(c_country));
    int64_t year = 0, half = 0;
    const bool year_ok = b.Year(row, "year", cell(c_year), &year);
    if (!ParseInt(cell(c_half), 1, 2, &half)) {
      b.Error(row, "half", "'" + cell(c_half) + "' is not a half-year (1 or 2)");
    }
    const std::string& trade = cell(c_trade);
    const std::string& ptype = cell(c_ptype);
    const bool nil = trade == "No Production";
    if (!nil && trade != "Production") {
      b.Error(row, "trade_type", "'" + trade + "' is neither Production nor No Production");
    }
    std::string kind = "total";
    if (ptype == "LSM" || ptype == "ASM") {
      kind = ptype;
    } else if (!ptype.empty() && ptype != "Production") {
      b.Error(row, "production_type", "'" + ptype + "' is not Production, LSM or ASM");
    }
    int64_t carats = 0, value = 0;
    // Both amounts are checked (and reported) even when the first is bad.
    const bool carats_ok = b.Amount(row, "carats", cell(c_carats), &carats);
    const bool amounts = b.Amount(row, "value_usd", cell(c_value), &value) && carats_ok;
    if (nil && amounts && (carats != 0 || value != 0)) {
      b.Error(row, "carats", "a 'No Production' row must have zero carats and value");
    }
    if (code.empty() || !year_ok || half == 0 || !amounts) continue;
    if (!b.PeriodStarted(row, year, half == 1 ? 1 : 7,
                         std::to_string(year) + "-H" + std::to_string(half))) {
      continue;
    }
    if (nil) nil_rows.push_back(row);
    if (!nil && carats == 0 && value == 0) zero_rows.push_back(row);
    store::StatFigure f;
    f.participant = code;
    f.year = static_cast<int>(year);
    f.period = "H" + std::to_string(half);
    f.flow = "production";
    f.kind = kind;
    f.nil = nil;
    f.carats_hundredths = carats;
    f.value_usd_cents = value;
    reporters[f.period == "H1" ? std::to_string(year) + "-1" : std::to_string(year) + "-2"].insert(
        code);
    b.Add(std::move(f), row);
  }
  out->vintage = vintage;
  if (!nil_rows.empty()) {
    b.Note("nil-report", nil_rows,
           std::to_string(nil_rows.size()) + " rows are reported nils ('No Production')",
           "stored as reported nil production, which differs from a missing report");
  }
  if (!zero_rows.empty()) {
    b.Note("zero-production", zero_rows, "rows report Production with zero carats and value",
           "stored as a zero figure, not as a nil");
  }
  // The latest period is incomplete when far fewer participants reported than the period before.
  if (reporters.size() >= 2) {
    auto last = std::prev(reporters.end());
    auto before = std::prev(last);
    if (last->second.size() * 4 < before->second.size() * 3) {
      std::string p = last->first;
      p.replace(p.find('-'), 1, "-H");
      std::string q = before->first;
      q.replace(q.find('-'), 1, "-H");
      b.Note("incomplete-period", {},
             p + " looks incomplete: " + std::to_string(last->second.size()) +
                 " participants reported, against " + std::to_string(before->second.size()) +
                 " in " + q,
             "imported as is; the missing-report rule skips the latest period");
    }
  }
}

void ParseTrade(const Table& t, Builder& b, ParsedImport* out) {
  out->kind = "trade";
  const int c_participant = Column(t.header, {"participant"});
  const int c_partner = Column(t.header, {"partner"});
  const int c_year = Column(t.header, {"year"});
  const int c_quarter = Column(t.header, {"quarter"});
  const int c_flow = Column(t.header, {"flow"});
  const int c_hs = Column(t.header, {"hs_code"});
  const int c_carats = Column(t.header, {"carats"});
  const int c_value = Column(t.header, {"value_usd"});
  const int c_certs = Column(t.header, {"certificates"});
  for (const TableRow& r : t.rows) {
    ++out->rows;
    auto cell = [&](int c) -> std::string {
      return c >= 0 && static_cast<size_t>(c) < r.cells.size() ? r.cells[c] : std::string();
    };
    const int64_t row = r.number;
    const std::string code = b.Participant(row, "participant", cell(c_participant));
    std::string partner;
    if (!cell(c_partner).empty()) {
      partner = b.Participant(row, "partner", cell(c_partner));
      if (!partner.empty() && partner == code) {
        b.Error(row, "partner", "a participant does not trade with itself");
        partner.clear();
      }
    }
    int64_t year = 0, quarter = 0, certificates = 0;
    const bool year_ok = b.Year(row, "year", cell(c_year), &year);
    if (!ParseInt(cell(c_quarter), 1, 4, &quarter)) {
      b.Error(row, "quarter", "'" + cell(c_quarter) + "' is not a quarter (1 to 4)");
    }
    const std::string flow = cell(c_flow);
    if (flow != "export" && flow != "import") b.Error(row, "flow", "must be export or import");
    const std::string hs = cell(c_hs);
    if (!hs.empty() && hs != "7102.10" && hs != "7102.21" && hs != "7102.31") {
      b.Error(row, "hs_code", "'" + hs + "' is not 7102.10, 7102.21 or 7102.31");
    }
    int64_t carats = 0, value = 0;
    // Both amounts are checked (and reported) even when the first is bad.
    const bool carats_ok = b.Amount(row, "carats", cell(c_carats), &carats);
    const bool amounts = b.Amount(row, "value_usd", cell(c_value), &value) && carats_ok;
    const bool certs_given = !cell(c_certs).empty();
    if (certs_given && !ParseInt(cell(c_certs), 0, 100'000'000, &certificates)) {
      b.Error(row, "certificates", "'" + cell(c_certs) + "' is not a count");
    }
    if (code.empty() || !year_ok || quarter == 0 || !amounts ||
        (flow != "export" && flow != "import")) {
      continue;
    }
    if (!b.PeriodStarted(row, year, static_cast<int>(quarter) * 3 - 2,
                         std::to_string(year) + "-Q" + std::to_string(quarter))) {
      continue;
    }
    store::StatFigure f;
    f.participant = code;
    f.year = static_cast<int>(year);
    f.period = "Q" + std::to_string(quarter);
    f.flow = flow;
    f.partner = partner;
    f.kind = hs;
    f.carats_hundredths = carats;
    f.value_usd_cents = value;
    if (certs_given) f.certificates = certificates;
    b.Add(std::move(f), row);
  }
}

}  // namespace

ParticipantNames::ParticipantNames(const std::vector<store::Participant>& participants) {
  for (const auto& p : participants) {
    codes_[Normalise(p.code)] = p.code;
    codes_[Normalise(p.name)] = p.code;
  }
  for (const auto& [name, code] : kAliases) codes_.try_emplace(Normalise(name), code);
  for (const auto& f : kFormerParticipants) {
    if (!codes_.count(Normalise(f.name))) {
      codes_[Normalise(f.name)] = f.code;
      former_[Normalise(f.name)] = f.note;
    }
  }
}

std::string ParticipantNames::Resolve(const std::string& name, std::string* note) const {
  const std::string n = Normalise(name);
  auto it = codes_.find(n);
  if (it == codes_.end()) return "";
  if (note) {
    auto f = former_.find(n);
    *note = f == former_.end() ? "" : f->second;
  }
  return it->second;
}

ParsedImport ParseStatistics(const Table& table, const ParticipantNames& names, core::Date today) {
  ParsedImport out;
  Builder b(&out, names, today);
  const bool production = Column(table.header, {"country", "Country Name"}) >= 0 &&
                          Column(table.header, {"trade_type", "Trade Type"}) >= 0;
  const bool trade =
      Column(table.header, {"participant"}) >= 0 && Column(table.header, {"flow"}) >= 0;
  // Not initializer_list: its array would not outlive this statement.
  std::vector<std::pair<const char*, std::vector<const char*>>> required;
  if (production) {
    required = {{"year", {"year"}},
                {"half", {"half", "Quarter"}},
                {"production_type", {"production_type", "Production Type"}},
                {"carats", {"carats", "Carat"}},
                {"value_usd", {"value_usd", "US Value"}}};
  } else if (trade) {
    required = {{"year", {"year"}},
                {"quarter", {"quarter"}},
                {"carats", {"carats"}},
                {"value_usd", {"value_usd"}}};
  } else {
    out.errors.push_back(
        {"unknown-format",
         {},
         "the header matches neither the KP production format (country, year, half, trade_type, "
         "production_type, carats, value_usd) nor the trade format (participant, partner, year, "
         "quarter, flow, hs_code, carats, value_usd, certificates)",
         ""});
    return out;
  }
  for (const auto& [name, alternatives] : required) {
    if (Column(table.header, alternatives) < 0) {
      out.errors.push_back({"missing-column",
                            {},
                            std::string("the column '") + name + "' is missing from the header",
                            ""});
    }
  }
  if (!out.errors.empty()) return out;
  if (production) {
    ParseProduction(table, b, &out);
  } else {
    ParseTrade(table, b, &out);
  }
  b.Finish();
  if (out.rows == 0) out.errors.push_back({"empty", {}, "the file has no data rows", ""});
  // The identity of the data: kind and figures, so a CSV and a workbook of the same figures
  // are one source.
  std::string canonical = out.kind + "\n";
  for (const auto& f : out.figures) {
    canonical += FigureKey(f) + "|" + (f.nil ? "nil" : "") + "|" +
                 std::to_string(f.carats_hundredths) + "|" + std::to_string(f.value_usd_cents) +
                 "|" + (f.certificates ? std::to_string(*f.certificates) : "") + "\n";
  }
  out.sha256 = crypto::Sha256Hex(canonical);
  return out;
}

std::string ImportReportJson(const ParsedImport& p) {
  namespace json = boost::json;
  auto notes = [](const std::vector<ImportNote>& v) {
    json::array a;
    for (const auto& n : v) {
      json::array rows(n.rows.begin(), n.rows.end());
      json::object o{{"kind", n.kind}, {"rows", std::move(rows)}, {"message", n.message}};
      if (!n.action.empty()) o["action"] = n.action;
      a.push_back(std::move(o));
    }
    return a;
  };
  json::object o{{"kind", p.kind},
                 {"rows", p.rows},
                 {"figures", static_cast<int64_t>(p.figures.size())},
                 {"vintage_in_file", p.vintage},
                 {"notes", notes(p.notes)},
                 {"errors", notes(p.errors)}};
  return json::serialize(o);
}

}  // namespace openkp::stats
