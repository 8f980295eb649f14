// The SQLite backend: one connection in WAL mode, its own group commit. Opened through
// backends::OpenDatabase("sqlite:PATH"); tests of the backend itself may open it directly.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/domain.h"

namespace openkp::store::sqlite {

// Opens (creating if needed) the database file at `path` and applies pending migrations: the
// core schema's, then each domain's (store/domain.h).
Result<std::unique_ptr<Database>> Open(const std::string& path,
                                       const std::vector<DomainSchema>& domains = {});

// The schema version a fresh database reaches.
int SchemaVersion();

}  // namespace openkp::store::sqlite
