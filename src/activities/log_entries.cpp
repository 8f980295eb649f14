#include "activities/log_entries.h"

namespace openkp::activities {

const std::vector<std::string>& EventKinds() {
  static const std::vector<std::string> kinds = {"coalition.report.final"};
  return kinds;
}

transparency::EntryKinds LogEntryKinds() {
  transparency::EntryKinds kinds;
  for (const auto& k : EventKinds()) (void)kinds.Register(k, transparency::PublishedPartBuilder());
  return kinds;
}

}  // namespace openkp::activities
