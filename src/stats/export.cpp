// CSV and .xlsx renderings of summary tables.
#include <xlsxwriter.h>

#include <cstdlib>
#include <sstream>
#include <variant>

#include "core/amount.h"
#include "core/csv.h"
#include "stats/anomalies.h"
#include "stats/stats.h"
#include "tables/xlsx_writer.h"

namespace openkp::stats {

namespace {

// A cell: text, a count, or an amount in hundredths (absent = empty cell).
struct Column {
  const char* name;
  enum { kText, kCount, kHundredths } type;
};

std::vector<Column> Columns(const SummaryTable& t) {
  std::vector<Column> c = {{"participant", Column::kText},
                           {"name", Column::kText},
                           {"year", Column::kCount},
                           {"period", Column::kText}};
  if (t.by == "partner") c.push_back({"partner", Column::kText});
  if (t.by == "hs") c.push_back({"hs_code", Column::kText});
  c.push_back({"carats", Column::kHundredths});
  c.push_back({"value_usd", Column::kHundredths});
  c.push_back({"usd_per_carat", Column::kHundredths});
  if (t.flow == "production") {
    c.push_back({"nil", Column::kText});
  } else {
    c.push_back({"certificates", Column::kCount});
  }
  c.push_back({"complete", Column::kText});
  if (t.flow == "production") {
    c.push_back({"lsm_carats", Column::kHundredths});
    c.push_back({"lsm_value_usd", Column::kHundredths});
    c.push_back({"asm_carats", Column::kHundredths});
    c.push_back({"asm_value_usd", Column::kHundredths});
  }
  c.push_back({"sources", Column::kText});
  return c;
}

struct Value {
  bool present = false;
  std::string text;
  int64_t number = 0;
};

Value CellOf(const SummaryTable& t, const SummaryRow& r, const std::string& col) {
  auto text = [](std::string s) { return Value{true, std::move(s), 0}; };
  auto num = [](int64_t v) { return Value{true, "", v}; };
  auto opt = [&](const std::optional<int64_t>& v) { return v ? num(*v) : Value{}; };
  if (col == "participant") return text(r.participant);
  if (col == "name") return text(r.name);
  if (col == "year") return num(r.year);
  if (col == "period") return text(r.period);
  if (col == "partner") return text(r.partner);
  if (col == "hs_code") return text(r.hs_code);
  if (r.suppressed && (col == "carats" || col == "value_usd" || col == "usd_per_carat")) {
    return {};  // withheld: an empty cell
  }
  if (col == "carats") return num(r.carats_hundredths);
  if (col == "value_usd") return num(r.value_usd_cents);
  if (col == "usd_per_carat") return opt(UnitValueCents(r.value_usd_cents, r.carats_hundredths));
  if (col == "nil") return text(r.nil ? "yes" : "");
  if (col == "certificates") return opt(r.certificates);
  if (col == "complete") return text(r.complete ? "yes" : "no");
  if (col == "lsm_carats") return opt(r.lsm_carats_hundredths);
  if (col == "lsm_value_usd") return opt(r.lsm_value_usd_cents);
  if (col == "asm_carats") return opt(r.asm_carats_hundredths);
  if (col == "asm_value_usd") return opt(r.asm_value_usd_cents);
  if (col == "sources") {
    std::string s;
    for (const auto& src : r.sources) {
      s += (s.empty() ? "" : " ") + ("#" + std::to_string(src.source_id) + ":" + src.rows);
    }
    if (s.empty() && t.flow != "production" && t.source == "certificates" &&
        !r.participant.empty()) {
      s = "certificates";
    }
    return text(s);
  }
  return {};
}

using core::CsvField;

}  // namespace

std::string TableToCsv(const SummaryTable& t) {
  const auto cols = Columns(t);
  std::ostringstream out;
  for (size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << cols[i].name;
  out << "\r\n";
  auto write = [&](const SummaryRow& r) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) out << ',';
      Value v = CellOf(t, r, cols[i].name);
      if (!v.present) continue;
      switch (cols[i].type) {
        case Column::kText:
          out << CsvField(v.text);
          break;
        case Column::kCount:
          out << v.number;
          break;
        case Column::kHundredths:
          out << core::FormatHundredths(v.number);
          break;
      }
    }
    out << "\r\n";
  };
  for (const auto& r : t.rows) write(r);
  for (const auto& r : t.totals) write(r);
  return out.str();
}

std::string AnomaliesToCsv(const AnomalyReport& r) {
  std::ostringstream out;
  out << "id,severity,rule,participants,period,figure,message,compared,threshold,sources\r\n";
  auto join = [](const auto& items, auto text) {
    std::string s;
    for (const auto& item : items) {
      if (!s.empty()) s += "; ";
      s += text(item);
    }
    return s;
  };
  for (const auto& f : r.findings) {
    out << CsvField(f.id) << ',' << f.severity << ',' << CsvField(f.rule) << ','
        << CsvField(join(f.participants, [](const auto& p) { return p; })) << ','
        << CsvField(f.period) << ',' << CsvField(f.figure) << ',' << CsvField(f.message) << ','
        << CsvField(join(f.compared, [](const auto& c) { return c.first + ": " + c.second; }))
        << ',' << CsvField(f.threshold) << ','
        << CsvField(join(f.sources, [](const auto& s) { return s; })) << "\r\n";
  }
  return out.str();
}

Result<std::string> TableToXlsx(const SummaryTable& t) {
  return tables::WorkbookBytes([&t](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.flow.c_str());
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* amount = workbook_add_format(wb);
    format_set_num_format(amount, "#,##0.00");
    const auto cols = Columns(t);
    for (size_t c = 0; c < cols.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), cols[c].name, bold);
    }
    lxw_row_t row = 1;
    auto write = [&](const SummaryRow& r, lxw_format* text_format) {
      for (size_t c = 0; c < cols.size(); ++c) {
        Value v = CellOf(t, r, cols[c].name);
        if (!v.present) continue;
        const auto col = static_cast<lxw_col_t>(c);
        switch (cols[c].type) {
          case Column::kText:
            worksheet_write_string(ws, row, col, v.text.c_str(), text_format);
            break;
          case Column::kCount:
            worksheet_write_number(ws, row, col, static_cast<double>(v.number), nullptr);
            break;
          case Column::kHundredths:
            // A spreadsheet number is a double: exact to the cent below 2^53 / 100 (90 trillion).
            worksheet_write_number(ws, row, col, static_cast<double>(v.number) / 100.0, amount);
            break;
        }
      }
      ++row;
    };
    for (const auto& r : t.rows) write(r, nullptr);
    for (const auto& r : t.totals) write(r, bold);
    worksheet_freeze_panes(ws, 1, 0);
  });
}

}  // namespace openkp::stats
