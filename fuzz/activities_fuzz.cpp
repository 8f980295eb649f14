// libFuzzer target: the coalition's inputs: activity JSON (the API's), spreadsheets of activities
// (CSV, .xlsx), the checks, and the renderings that carry their text (CSV, IATI XML, report HTML).
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "activities/activities.h"
#include "activities/export.h"
#include "activities/json.h"
#include "activities/report.h"

using namespace openkp;

namespace {

const std::vector<activities::Member>& Members() {
  static const auto* members = new std::vector<activities::Member>{
      {"CSC", "KP CSC", "", "21", "XI-TEST-CSC", "", "2003-01-01", 1, "", ""},
      {"ZELA", "ZELA", "ZW", "22", "XI-TEST-ZELA", "", "2010-01-01", 1, "", ""}};
  return *members;
}

void Render(const activities::Activity& a) {
  (void)activities::ActivityFromJson(activities::ActivityToJson(a, true), true);
  if (!activities::Activities::Check(a, Members()).ok()) return;
  (void)activities::ActivitiesCsv({a});
  (void)activities::IatiXml({a}, Members(), "CSC", "2026-11-30T12:00:00Z");
  activities::ReportModel m;
  m.year = 2019;
  m.lang = "fr";
  m.sections.push_back(
      {"national", "National", "text\n\nmore", {{"ZW", "Zimbabwe", {{a, {"ZELA"}}}}}});
  (void)activities::ReportHtml(m);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(in, ec);
    if (ec) return 0;
    auto a = activities::ActivityFromJson(v);
    if (a.ok()) Render(*a);
  } else {
    auto rows = activities::ParseActivityRows(in, data[0] % 4 == 1);
    if (!rows.ok()) return 0;
    for (const auto& [number, a] : *rows) {
      if (a.ok()) Render(*a);
    }
  }
  return 0;
}
