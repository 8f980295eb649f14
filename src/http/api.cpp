#include "http/api.h"

#include "http/routes.h"

namespace openkp::http {

Api::Api(accounts::Accounts& accounts, registry::Registry& registry, transparency::Log* log,
         transparency::TileStore* log_files, stats::Statistics* stats, monitor::Monitor* monitor)
    : auth_(accounts) {
  // One line per service.
  // Ready when the database answers a read.
  AddAppRoutes(router_, [&registry] { return registry.ListParticipants().status(); });
  AddLogRoutes(router_, log, log_files);
  AddRegistryRoutes(router_, auth_, registry, log);
  AddAccountRoutes(router_, auth_, accounts);
  AddStatsRoutes(router_, auth_, stats);
  AddOpenRosaRoutes(router_, monitor);
  AddMonitorRoutes(
      router_, auth_, monitor,
      log == nullptr ? EventReceiptFn()
                     : [log](const std::string& kind, const std::string& subject) {
                         return log->EventReceipt(kind, subject);
                       });
}

}  // namespace openkp::http
