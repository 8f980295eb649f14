#include "monitor/log_entries.h"

namespace openkp::monitor {

const std::vector<std::string>& EventKinds() {
  static const std::vector<std::string> kinds = {
      "monitor.organisation.added", "monitor.member.added",        "monitor.device.added",
      "monitor.device.revoked",     "monitor.site.registered",     "monitor.visit.recorded",
      "monitor.report.received",    "monitor.attachment.received", "monitor.report.status",
      "monitor.form_key.set"};
  return kinds;
}

transparency::EntryKinds LogEntryKinds() {
  transparency::EntryKinds kinds;
  for (const auto& k : EventKinds()) (void)kinds.Register(k, transparency::PublishedPartBuilder());
  return kinds;
}

}  // namespace openkp::monitor
