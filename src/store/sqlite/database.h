// The SQLite backend: one connection in WAL mode, its own group commit. Opened through
// backends::OpenDatabase("sqlite:PATH"); tests of the backend itself may open it directly.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace openkp::store::sqlite {

// Opens (creating if needed) the database file at `path` and applies pending migrations.
Result<std::unique_ptr<Database>> Open(const std::string& path);

// The schema version a fresh database reaches.
int SchemaVersion();

}  // namespace openkp::store::sqlite
