// The coalition's annual report for a year of N activities (issue 14): openkp's own part (the
// report model read from the store, and its HTML) and the external engines' (pandoc for .docx,
// headless Chromium for PDF), in milliseconds. Prints `name value` lines that
// bench/coalition_bench.sh compares with the sqlite3 shell reading the same documents.
//
//   coalition_bench DATA_DIR N   # N activities of 2030 added to the demo's coalition, then timed
//   coalition_bench DATA_DIR 0   # re-times an earlier run's data
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "activities/activities.h"
#include "activities/report.h"
#include "backends/backends.h"
#include "core/rng.h"
#include "http/render.h"

using namespace openkp;

namespace {

double Ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
      .count();
}

template <typename F>
double MedianMs(int runs, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    const auto s = std::chrono::steady_clock::now();
    f();
    t.push_back(Ms(s));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// N activities of 2030 spread over the members, written in one import-like batch per 500.
int Generate(activities::Activities& c, const accounts::Principal& who, int n) {
  static const char* kTypes[] = {"training",
                                 "community-meeting",
                                 "national-multistakeholder-meeting",
                                 "engagement",
                                 "research",
                                 "media-article",
                                 "working-group-meeting",
                                 "kp-plenary",
                                 "internal-planning",
                                 "publication"};
  auto members = c.Members();
  if (!members.ok()) return 1;
  std::vector<activities::Member> doers;
  for (const auto& m : *members) {
    if (!m.country.empty()) doers.push_back(m);
  }
  core::SplitMix64 rng{2030};
  std::string csv =
      "type,title_en,title_fr,description_en,start_on,country,town,members,participants,women,"
      "links\n";
  int rows = 0;
  auto flush = [&]() -> bool {
    if (rows == 0) return true;
    auto r = c.Import(who, csv, {"add", true, false});
    if (!r.ok() || !r->stored) {
      std::fprintf(stderr, "import: %s\n",
                   r.ok() ? r->rows[0].error.c_str() : r.status().message().c_str());
      return false;
    }
    csv.resize(csv.find('\n') + 1);
    rows = 0;
    return true;
  };
  for (int i = 0; i < n; ++i) {
    const auto& m = doers[static_cast<size_t>(rng.Below(static_cast<int64_t>(doers.size())))];
    const char* type = kTypes[rng.Below(10)];
    char date[11];
    std::snprintf(date, sizeof date, "2030-%02d-%02d", static_cast<int>(1 + rng.Below(12)),
                  static_cast<int>(1 + rng.Below(28)));
    const int64_t people = 10 + rng.Below(200);
    csv += std::string(type) + ",Activity " + std::to_string(i) + " of " + m.code + ",Activité " +
           std::to_string(i) + ",\"A description of what " + m.code +
           " did, with the people it met and what came of it.\"," + date + "," + m.country +
           ",Town " + std::to_string(rng.Below(50)) + "," + m.code + "," + std::to_string(people) +
           "," + std::to_string(people / 3) + ",https://example.org/" + m.code + "/" +
           std::to_string(i) + "\n";
    if (++rows == 500 && !flush()) return 1;
  }
  return flush() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: coalition_bench DATA_DIR N\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int n = std::stoi(argv[2]);
  auto db = backends::OpenDatabase(backends::SqliteUrl(dir + "/openkp.db"), {activities::Schema()});
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().message().c_str());
    return 1;
  }
  activities::Activities c(**db, std::move(*activities::NewActivitiesStore(**db)));
  accounts::Principal admin;
  admin.user.name = "bench";
  admin.user.role = store::Role::kAdmin;
  if (n > 0) {
    const auto s = std::chrono::steady_clock::now();
    if (Generate(c, admin, n) != 0) return 1;
    std::printf("generate_ms %.0f\n", Ms(s));
  }
  activities::ReportModel model;
  const double model_ms = MedianMs(5, [&] { model = *c.Report(admin, 2030, "en"); });
  std::string html;
  const double html_ms = MedianMs(5, [&] { html = activities::ReportHtml(model); });
  const auto d = std::chrono::steady_clock::now();
  auto docx = http::RenderDocx(html, "");
  const double docx_ms = Ms(d);
  const auto p = std::chrono::steady_clock::now();
  auto pdf = http::RenderPdf(html, "");
  const double pdf_ms = Ms(p);
  if (!docx.ok() || !pdf.ok()) {
    std::fprintf(stderr, "render: %s %s\n", docx.status().message().c_str(),
                 pdf.status().message().c_str());
    return 1;
  }
  std::printf("activities %lld\n", static_cast<long long>(model.activities));
  std::printf("html_bytes %zu\ndocx_bytes %zu\npdf_bytes %zu\n", html.size(), docx->size(),
              pdf->size());
  std::printf("openkp_model_ms %.2f\nopenkp_html_ms %.2f\nopenkp_total_ms %.2f\n", model_ms,
              html_ms, model_ms + html_ms);
  std::printf("pandoc_docx_ms %.0f\nchromium_pdf_ms %.0f\n", docx_ms, pdf_ms);
  std::printf("report_docx_total_ms %.0f\nreport_pdf_total_ms %.0f\n", model_ms + html_ms + docx_ms,
              model_ms + html_ms + pdf_ms);
  return 0;
}
