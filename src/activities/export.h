// Open data of the coalition's activities: spreadsheet rows (CSV, .xlsx; the same columns an
// import reads, so an export edited and imported with mode=update corrects the activities) and
// IATI 2.03 activity files (docs/COALITION.md).
//
//   std::string csv = activities::ActivitiesCsv(list);
//   auto xml = activities::IatiXml(list, members, "ZELA", now);  // one member's, or "CSC"
#pragma once

#include <string>
#include <vector>

#include "activities/records.h"
#include "core/status.h"

namespace openkp::activities {

const std::vector<std::string>& ActivityColumns();
std::vector<std::string> ActivityRow(const Activity& a);
std::string ActivitiesCsv(const std::vector<Activity>& list);
core::Result<std::string> ActivitiesXlsx(const std::vector<Activity>& list);

// An iati-activities document (version 2.03) reported by member `reporter` (its IATI
// identifier is the prefix of every iati-identifier): the activities it leads, so that each
// activity is published once, by its lead (the coalition's file, reporter kCoalitionCode, has
// those of the coalition as a whole). kFailedPrecondition when the
// reporter has no IATI identifier. `now` is an xs:dateTime ("2026-11-30T12:00:00Z").
core::Result<std::string> IatiXml(const std::vector<Activity>& list,
                                  const std::vector<Member>& members, const std::string& reporter,
                                  const std::string& now);

}  // namespace openkp::activities
