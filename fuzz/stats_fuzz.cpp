// libFuzzer target: statistics files (CSV, .xlsx), decimals and the importer's row checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/iso3166.h"
#include "stats/import.h"
#include "stats/table_reader.h"

using namespace openkp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const stats::ParticipantNames* names = [] {
    std::vector<store::Participant> ps;
    for (const auto& p : core::KnownParticipants()) ps.push_back({p.code, p.name, p.authority});
    return new stats::ParticipantNames(ps);
  }();
  switch (data[0] % 3) {
    case 0: {
      (void)stats::ParseDecimalHundredths(in);
      break;
    }
    default: {
      auto table = stats::ReadTable(in);
      if (table.ok()) {
        auto parsed = stats::ParseStatistics(*table, *names, *core::Date::Parse("2026-11-28"));
        (void)stats::ImportReportJson(parsed);
      }
      break;
    }
  }
  return 0;
}
