#include "activities/export.h"

#include "activities/values.h"
#include "core/csv.h"
#include "tables/xlsx_writer.h"

namespace openkp::activities {

namespace {

// Lists in a cell: codes and names separated by "; ", addresses and references (which hold no
// spaces, and may hold a ';') by " ".
std::string Join(const std::vector<std::string>& items, const char* separator = "; ") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : separator) + items[i];
  return out;
}

std::string Number(const std::optional<int64_t>& n) { return n ? std::to_string(*n) : ""; }

}  // namespace

const std::vector<std::string>& ActivityColumns() {
  static const std::vector<std::string> kColumns = {
      "ref",       "type",           "kp_bodies",      "title_en",
      "title_fr",  "description_en", "description_fr", "start_on",
      "end_on",    "country",        "town",           "latitude",
      "longitude", "members",        "organisations",  "participants",
      "women",     "community",      "outputs",        "outcomes",
      "links",     "related",        "section",        "public",
      "withdrawn"};
  return kColumns;
}

std::vector<std::string> ActivityRow(const Activity& a) {
  std::vector<std::string> orgs;
  for (const auto& o : a.organisations) orgs.push_back(o.name + " (" + o.role + ")");
  return {a.ref,
          a.type,
          Join(a.kp_bodies),
          a.title.en,
          a.title.fr,
          a.description.en,
          a.description.fr,
          a.start_on,
          a.end_on,
          a.country,
          a.town,
          a.latitude_e6 ? DegreesText(*a.latitude_e6) : "",
          a.longitude_e6 ? DegreesText(*a.longitude_e6) : "",
          Join(a.members),
          Join(orgs),
          Number(a.participants),
          Number(a.women),
          Number(a.community),
          a.outputs,
          a.outcomes,
          Join(a.links, " "),
          Join(a.related, " "),
          a.section,
          a.is_public ? "yes" : "no",
          a.withdrawn ? "yes" : "no"};
}

std::string ActivitiesCsv(const std::vector<Activity>& list) {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      // Coordinates are numbers (a leading '-' is a sign, not a formula).
      const bool number = (i == 11 || i == 12) && !cells[i].empty();  // latitude, longitude
      out += number ? cells[i] : core::CsvField(cells[i]);
    }
    out += "\r\n";
  };
  line(ActivityColumns());
  for (const auto& a : list) line(ActivityRow(a));
  return out;
}

core::Result<std::string> ActivitiesXlsx(const std::vector<Activity>& list) {
  std::vector<std::vector<std::string>> rows = {ActivityColumns()};
  for (const auto& a : list) rows.push_back(ActivityRow(a));
  return tables::RowsToXlsx("activities", rows);
}

}  // namespace openkp::activities
