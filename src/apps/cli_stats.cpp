#include "apps/cli_stats.h"

#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "core/amount.h"
#include "stats/anomalies.h"
#include "stats/json.h"
#include "stats/stats.h"

namespace openkp::apps {

namespace {

// A one-line progress bar on stderr when it is a terminal.
void DrawProgress(size_t done, size_t total) {
  static const bool tty = ::isatty(STDERR_FILENO) != 0;
  if (!tty || total == 0) return;
  const int width = 40;
  const int filled = static_cast<int>(done * width / total);
  std::fprintf(stderr, "\rstoring  [%s%s] %zu/%zu", std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(), done, total);
  if (done == total) std::fprintf(stderr, "\n");
}

void PrintReport(const stats::ImportResult& r, const std::string& file) {
  const auto& p = r.parsed;
  auto rows = [](const std::vector<int64_t>& v) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < 12; ++i) s += (i ? "," : "") + std::to_string(v[i]);
    if (v.size() > 12) s += ",... (" + std::to_string(v.size()) + " rows)";
    return s;
  };
  if (!r.accepted) {
    std::cerr << file << ": refused, nothing was imported (" << p.errors.size() << " errors)\n";
    for (const auto& e : p.errors) {
      std::cerr << "  error" << (e.rows.empty() ? "" : " row " + rows(e.rows)) << ": " << e.message
                << "\n";
    }
    return;
  }
  std::cout << file << ": " << p.kind << ", " << p.rows << " rows, " << p.figures.size()
            << " figures\n";
  if (r.already_imported) {
    std::cout << "already imported as source #" << r.outcome.source.id << " (vintage "
              << r.outcome.source.vintage << "): nothing changed\n";
  } else {
    std::cout << "source #" << r.outcome.source.id << ", vintage " << r.outcome.source.vintage
              << ": " << r.outcome.new_figures << " new, " << r.outcome.revised << " revised, "
              << r.outcome.unchanged << " unchanged, " << r.outcome.superseded
              << " kept but superseded by a newer vintage\n";
  }
  for (const auto& n : p.notes) {
    std::cout << "  " << n.kind << (n.rows.empty() ? "" : " (rows " + rows(n.rows) + ")") << ": "
              << n.message << "\n      -> " << n.action << "\n";
  }
}

std::string Pad(const std::string& s, size_t w, bool right) {
  if (s.size() >= w) return s;
  return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

void PrintTable(const stats::SummaryTable& t) {
  std::cout << Pad("participant", 12, false) << Pad("year", 6, true) << Pad("period", 7, true)
            << (t.by.empty() ? "" : Pad(t.by, 9, true)) << Pad("carats", 18, true)
            << Pad("US$", 20, true) << Pad("US$/ct", 12, true) << "\n";
  auto line = [&](const stats::SummaryRow& r) {
    auto uv = stats::UnitValueCents(r.value_usd_cents, r.carats_hundredths);
    std::cout << Pad(r.participant.empty() ? "WORLD" : r.participant, 12, false)
              << Pad(std::to_string(r.year), 6, true) << Pad(r.period, 7, true)
              << (t.by.empty() ? "" : Pad(t.by == "hs" ? r.hs_code : r.partner, 9, true))
              << Pad(r.nil ? "nil" : core::FormatHundredths(r.carats_hundredths), 18, true)
              << Pad(r.nil ? "" : core::FormatHundredths(r.value_usd_cents), 20, true)
              << Pad(uv ? core::FormatHundredths(*uv) : "", 12, true)
              << (r.complete ? "" : "  (incomplete)") << "\n";
  };
  for (const auto& r : t.rows) line(r);
  for (const auto& r : t.totals) line(r);
}

}  // namespace

void AddStatsCommands(CLI::App& app, GlobalOptions& g, int* exit_code) {
  CLI::App* st = app.add_subcommand("stats", "Production and trade statistics, and anomalies");
  st->require_subcommand(1);
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };

  // import
  struct ImportFlags {
    std::string file;
    stats::ImportOptions options;
  };
  auto imf = std::make_shared<ImportFlags>();
  CLI::App* imp = st->add_subcommand(
      "import", "Import a production (KP export) or trade-totals file, CSV or .xlsx");
  data_opt(imp);
  imp->add_option("file", imf->file, "The file (CSV or .xlsx)")->required();
  imp->add_option("--vintage", imf->options.vintage,
                  "Vintage (YYYY-MM-DD; default: the newest record date in the file, else today)");
  imp->add_option("--sheet", imf->options.sheet, ".xlsx: worksheet name (default: the first)");
  imp->callback([&g, exit_code, imf] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto bytes = ReadFile(imf->file);
    if (!bytes.ok()) return void(*exit_code = Fail(bytes.status()));
    const std::string& file = imf->file;
    imf->options.name = file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
    imf->options.progress = &DrawProgress;
    auto r = w->stats->Import(*bytes, imf->options);
    if (!r.ok()) return void(*exit_code = Fail(r.status()));
    PrintReport(*r, file);
    if (!r->accepted) *exit_code = kExitInvalid;
  });

  // sources and diff
  CLI::App* sources = st->add_subcommand("sources", "List imported sources (vintages)");
  data_opt(sources);
  sources->callback([&g, exit_code] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto list = w->stats->ListSources();
    if (!list.ok()) return void(*exit_code = Fail(list.status()));
    for (const auto& s : *list) {
      std::cout << "#" << s.id << "  " << s.kind << "  vintage " << s.vintage << "  " << s.figures
                << " figures  " << s.name << "  (imported " << s.imported_at << " by "
                << s.imported_by << ")\n";
    }
  });
  auto ids = std::make_shared<std::pair<int64_t, int64_t>>();  // before, after
  CLI::App* diff = st->add_subcommand("diff", "Differences between two imported sources");
  data_opt(diff);
  diff->add_option("before", ids->first, "Source id (older vintage)")->required();
  diff->add_option("after", ids->second, "Source id (newer vintage)")->required();
  diff->callback([&g, exit_code, ids] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto d = w->stats->CompareSources(ids->first, ids->second);
    if (!d.ok()) return void(*exit_code = Fail(d.status()));
    std::cout << PrettyJson(stats::DifferencesToJson(*d));
  });

  // summary tables
  struct TableFlags {
    stats::TableQuery query;
    int year = 0;
    std::string format = "table", output;
  };
  for (const char* flow : {"production", "exports", "imports"}) {
    const bool production = std::string(flow) == "production";
    auto tf = std::make_shared<TableFlags>();
    stats::TableQuery& query = tf->query;
    CLI::App* t = st->add_subcommand(
        flow,
        std::string("KP summary table of ") + flow +
            (production ? " (imported statistics)" : " (from certificates, or --source reported)"));
    data_opt(t);
    t->add_option("--year", tf->year, "Only this year");
    t->add_option("--participant", query.participant, "Only this participant (code)");
    t->add_option("--period", query.period,
                  production ? "year (default), half, H1 or H2"
                             : "year (default), half, quarter, H1, H2, Q1..Q4")
        ->capture_default_str();
    if (!production) {
      t->add_option("--by", query.by, "Breakdown: partner or hs");
      t->add_option("--source", query.source, "certificates (default) or reported");
    }
    t->add_option("--format", tf->format, "table, json, csv or xlsx")
        ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}))
        ->capture_default_str();
    t->add_option("--output", tf->output, "Write to this file instead of standard output");
    std::string which = flow;
    t->callback([&g, exit_code, which, tf] {
      auto w = OpenWorkspace(g, false);
      if (!w.ok()) return void(*exit_code = Fail(w.status()));
      stats::TableQuery& query = tf->query;
      const std::string& format = tf->format;
      const std::string& output = tf->output;
      if (tf->year != 0) query.year = tf->year;
      auto table = which == "production"
                       ? w->stats->Production(query)
                       : w->stats->Trade(which == "exports" ? "export" : "import", query);
      if (!table.ok()) return void(*exit_code = Fail(table.status()));
      std::string text;
      if (format == "json") {
        text = PrettyJson(stats::TableToJson(*table));
      } else if (format == "xlsx") {
        if (output.empty() && ::isatty(STDOUT_FILENO)) {
          return void(*exit_code = Fail(core::Status::Invalid(
                          "--output", "required", "a workbook needs --output FILE.xlsx")));
        }
        auto x = stats::TableToXlsx(*table);
        if (!x.ok()) return void(*exit_code = Fail(x.status()));
        text = std::move(*x);
      } else if (format == "table" && output.empty()) {
        PrintTable(*table);
        return;
      } else {  // csv, or a table written to a file
        text = stats::TableToCsv(*table);
      }
      if (output.empty()) {
        std::cout << text;
      } else if (core::Status s = WriteFile(output, text); !s.ok()) {
        *exit_code = Fail(s);
      }
    });
  }

  // anomalies
  struct AnomalyFlags {
    std::vector<std::string> settings;
    stats::AnomalyQuery query;
    std::string format = "text";
  };
  auto af = std::make_shared<AnomalyFlags>();
  CLI::App* an = st->add_subcommand("anomalies", "Run the anomaly rules; lists the findings");
  data_opt(an);
  an->add_option("--participant", af->query.participant,
                 "Only findings involving this participant");
  an->add_option("--rule", af->query.rule, "Only this rule");
  an->add_option("--set", af->settings,
                 "Threshold NAME=VALUE (see `stats thresholds`); repeatable");
  an->add_option("--format", af->format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  an->callback([&g, exit_code, af] {
    stats::Thresholds t;
    for (const auto& s : af->settings) {
      const size_t eq = s.find('=');
      if (eq == std::string::npos) {
        return void(*exit_code =
                        Fail(core::Status::Invalid("--set", "name-value", "expected NAME=VALUE")));
      }
      if (auto st = stats::SetThreshold(t, s.substr(0, eq), s.substr(eq + 1)); !st.ok()) {
        return void(*exit_code = Fail(st));
      }
    }
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(*exit_code = Fail(w.status()));
    auto r = stats::FindAnomalies(*w->stats, t, af->query);
    if (!r.ok()) return void(*exit_code = Fail(r.status()));
    if (af->format == "json") {
      std::cout << PrettyJson(stats::AnomalyReportToJson(*r));
      return;
    }
    if (af->format == "csv") {
      std::cout << stats::AnomaliesToCsv(*r);
      return;
    }
    for (const auto& f : r->findings) {
      std::cout << "[" << f.rule << "] " << f.period << "  " << f.message << "\n";
      for (const auto& [label, value] : f.compared) {
        std::cout << "    " << label << ": " << value << "\n";
      }
      std::cout << "    threshold: " << f.threshold << "\n    sources:";
      for (const auto& s : f.sources) std::cout << " " << s << ";";
      std::cout << "\n";
    }
    std::cout << r->findings.size() << " findings:";
    for (const auto& [rule, n] : r->counts) {
      if (n > 0) std::cout << " " << rule << " " << n << ";";
    }
    std::cout << "\n";
  });
  CLI::App* th = st->add_subcommand("thresholds", "The anomaly thresholds, defaults and meaning");
  th->callback([] {
    for (const auto& d : stats::DescribeThresholds(stats::Thresholds{})) {
      std::cout << Pad(d.name, 24, false) << Pad(d.value, 12, true) << "  " << d.meaning << "\n";
    }
  });
}

}  // namespace openkp::apps
