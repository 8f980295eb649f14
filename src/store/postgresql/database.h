// The PostgreSQL backend: a writing connection with group commit and a pool of reading ones,
// shared by any number of servers on one database. Opened through
// backends::OpenDatabase("postgresql://user@host/db").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/domain.h"

namespace openkp::store::postgresql {

// Connects to `url` (libpq's postgresql:// URL) and applies pending migrations: the core
// schema's, then each domain's (store/domain.h). kUnavailable when the server cannot be
// reached, kFailedPrecondition for a database of a newer schema.
Result<std::unique_ptr<Database>> Open(const std::string& url,
                                       const std::vector<DomainSchema>& domains = {});

// The schema version a fresh database reaches.
int SchemaVersion();

}  // namespace openkp::store::postgresql
