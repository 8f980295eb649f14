// The SQLite schema and its migrations.
#pragma once

#include <functional>

#include "store/domain.h"
#include "store/sqlite/connection.h"

namespace openkp::store::sqlite {

// The schema version a fresh database reaches.
int LatestSchemaVersion();
// Applies the pending migrations, each in its own transaction run by `in_transaction`;
// kFailedPrecondition for a database newer than this build.
Status Migrate(StatementCache& cache,
               const std::function<Status(const std::function<Status()>&)>& in_transaction);

// Applies the pending SQLite migrations of a service's domain (recorded per domain in
// domain_migrations); kInvalidArgument when the domain has none for SQLite,
// kFailedPrecondition when the database holds more of them than this build knows.
Status MigrateDomain(StatementCache& cache, const DomainSchema& domain,
                     const std::function<Status(const std::function<Status()>&)>& in_transaction);

}  // namespace openkp::store::sqlite
