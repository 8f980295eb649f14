// How monitoring events enter the transparency log: each publishes the hashes and ids its
// service chose ({"v":1,"event":"monitor.report.received","date":...,"report":17,
// "sha256":"...","bytes":1234}); a report's receipt proves that its XML and files, as hashed,
// were received on that date.
#pragma once

#include <string>
#include <vector>

#include "transparency/entry_kinds.h"

namespace openkp::monitor {

const std::vector<std::string>& EventKinds();
// For transparency::Log::Open, added to the registry's kinds.
transparency::EntryKinds LogEntryKinds();

}  // namespace openkp::monitor
