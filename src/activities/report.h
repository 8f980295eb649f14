// The coalition's annual report to the KP as a self-contained HTML document (no scripts, no
// external resources, every text escaped), in the structure of the real one; .docx and PDF are
// made from it by external engines (http/render.h).
//
//   auto model = coalition.Report(coordinator, 2019, "en");
//   std::string html = activities::ReportHtml(*model);
#pragma once

#include <string>

#include "activities/activities.h"

namespace openkp::activities {

std::string ReportHtml(const ReportModel& model);
// "18 November 2019", "November 2019", "2019"; a range when `end` is set.
std::string FormatPeriod(const std::string& start, const std::string& end, const std::string& lang);

}  // namespace openkp::activities
