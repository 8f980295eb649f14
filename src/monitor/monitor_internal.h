// Shared by the monitor module's files; not a public header.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "monitor/monitor.h"
#include "monitor/monitor_store.h"
#include "store/database.h"

namespace openkp::monitor::internal {

Status Denied(const std::string& why);  // kPermissionDenied
// Verifiers and admins: they review reports and read identities.
bool IsReviewer(const accounts::Principal* who);
bool OneOf(const std::string& v, const std::vector<std::string>& allowed);
// kInvalidArgument unless `v` is plain text of at most `max` bytes (and not empty if required).
Status CheckText(const std::string& field, const std::string& v, size_t max, bool required);
Status CheckSite(const Site& s);
Status CheckVisit(const Visit& v);
// Appends a monitor event whose log entry publishes exactly `published` (log_entries.cpp).
Status Event(store::Database& db, store::Txn& t, const std::string& kind,
             const std::string& subject, const std::string& actor, boost::json::object published);
// What openkp reads from an instance of one of its forms, checked (extract.cpp).
struct Extracted {
  Report report;
  std::optional<Reporter> reporter;
  std::optional<Visit> visit;
};
// kInvalidArgument naming the field that breaks a rule.
Result<Extracted> Extract(const Instance& in, const Form& form, MonitorStore& store, store::Txn& t,
                          const core::Date& today);

Result<int64_t> AddVisit(store::Database& db, MonitorStore& store, store::Txn& t,
                         const Visit& visit, const std::string& actor);

}  // namespace openkp::monitor::internal
