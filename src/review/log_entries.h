// How review events enter the transparency log: each questionnaire step publishes the SHA-256 of
// its salted document (what was asked, answered or decided) and ids
// ({"v":1,"event":"review.questionnaire.answered",
// "date":...,"questionnaire":3,"step":7,"sha256":"..."}), never the text; a questionnaire
// listed among the non-respondents also names its participant (that list is public).
#pragma once

#include <string>
#include <vector>

#include "transparency/entry_kinds.h"

namespace openkp::review {

const std::vector<std::string>& EventKinds();
// For transparency::Log::Open, added to the other services' kinds.
transparency::EntryKinds LogEntryKinds();

}  // namespace openkp::review
