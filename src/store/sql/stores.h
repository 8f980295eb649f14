// The domain stores of the core schema, written once in the SQL both backends accept (store/sql/
// statement.h): SQLite and PostgreSQL hand these out. Internal to store backends.
#pragma once

#include <memory>

#include "store/store.h"

namespace openkp::store::sql {

std::unique_ptr<AccountsStore> NewAccountsStore();
std::unique_ptr<RegistryStore> NewRegistryStore();
std::unique_ptr<EventStore> NewEventStore();
std::unique_ptr<LogStore> NewLogStore();
std::unique_ptr<StatsStore> NewStatsStore();

}  // namespace openkp::store::sql
