// A service's own tables, declared by the service and created by whichever backend opens the
// database: how a new service adds storage without touching the store module or other services.
//
//   store::DomainSchema schema{"monitor", {{"sqlite", {"CREATE TABLE sites (...)", ...}}}};
//   auto db = backends::OpenDatabase("sqlite:data/openkp.db", {schema});
//
// The service's domain store then implements its own interface (Txn& on every method, as in
// database.h), once for every SQL backend with store/sql/statement.h (Stmt, RequireWrite), as
// monitor, review and activities do, or per backend, choosing by Database::scheme().
#pragma once

#include <map>
#include <string>
#include <vector>

namespace openkp::store {

struct DomainSchema {
  std::string name;  // unique among the domains of a database, e.g. "monitor"
  // By backend scheme ("sqlite", ...): SQL migrations applied in order, each once, in its own
  // transaction (recorded per domain). Only append: a released migration never changes.
  std::map<std::string, std::vector<std::string>> migrations;
};

}  // namespace openkp::store
