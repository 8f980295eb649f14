// The PostgreSQL schema and its migrations. Internal to src/store/postgresql/.
#pragma once

#include <libpq-fe.h>

#include "store/domain.h"
#include "store/sql/statement.h"

namespace openkp::store::postgresql {

// The schema version a fresh database reaches.
int LatestSchemaVersion();

// Applies the pending migrations of the core schema, then of each domain (recorded per domain
// in domain_migrations; kInvalidArgument for a domain with none for PostgreSQL), each in its own
// transaction, under an advisory lock: when several servers start together, one migrates and
// the others wait and find nothing left to do. kFailedPrecondition for a database newer than
// this build.
Status Migrate(PGconn* conn, const std::vector<DomainSchema>& domains);

}  // namespace openkp::store::postgresql
