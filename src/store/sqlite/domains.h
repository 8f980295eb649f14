// The SQLite implementations of the domain stores, one .cpp each. Internal to src/store/sqlite/.
#pragma once

#include <memory>

#include "store/store.h"

namespace openkp::store::sqlite {

std::unique_ptr<AccountsStore> NewAccountsStore();
std::unique_ptr<RegistryStore> NewRegistryStore();
std::unique_ptr<EventStore> NewEventStore();
std::unique_ptr<LogStore> NewLogStore();
std::unique_ptr<StatsStore> NewStatsStore();

}  // namespace openkp::store::sqlite
