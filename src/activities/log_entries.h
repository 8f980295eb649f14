// How coalition events enter the transparency log: a final annual report publishes its id, year,
// language and the SHA-256 of its HTML ({"v":1,"event":"coalition.report.final","date":...,
// "report":1,"year":2019,"lang":"en","sha256":"..."}), so anyone holding the report can prove
// it is the one the coalition published.
#pragma once

#include <string>
#include <vector>

#include "transparency/entry_kinds.h"

namespace openkp::activities {

const std::vector<std::string>& EventKinds();
// For transparency::Log::Open, added to the other services' kinds.
transparency::EntryKinds LogEntryKinds();

}  // namespace openkp::activities
