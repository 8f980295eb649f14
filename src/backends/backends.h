// Opens a store::Database from a URL: the one place that knows which backends exist.
//
//   auto db = backends::OpenDatabase("sqlite:data/openkp.db");   // creates and migrates
//   if (!db.ok()) return db.status();
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/domain.h"

namespace openkp::backends {

// "sqlite:PATH" (a file, created with the schema if missing), or "postgresql://USER@HOST/DB"
// (libpq's URL; the database must exist, its tables are created). kInvalidArgument for a URL of
// no backend this build has, naming the ones it has; kUnavailable for a database that cannot
// be reached.
// `domains`: the tables of services beyond the core ones (store/domain.h), created or migrated
// on open.
core::Result<std::unique_ptr<store::Database>> OpenDatabase(
    std::string_view url, const std::vector<store::DomainSchema>& domains = {});

// The URL of the SQLite database file of a data directory (DIR/openkp.db).
std::string SqliteUrl(const std::string& path);
// The scheme of the backend a URL names, as OpenDatabase reads it: "sqlite", "postgresql"
// ("postgres://" too), or "" for a URL of none.
std::string SchemeOf(std::string_view url);
// The file of a "sqlite:PATH" URL; "" for another URL.
std::string SqlitePath(std::string_view url);

// The schema version a new database of `scheme` reaches (0 for a scheme this build lacks).
int SchemaVersion(std::string_view scheme);

// The schemes this build can open ("sqlite", "postgresql"), for tests that run on every backend.
std::vector<std::string> Schemes();
// The schemes of Schemes() that `domain` has a schema for: where a service's store runs.
std::vector<std::string> SchemesFor(const store::DomainSchema& domain);

}  // namespace openkp::backends
