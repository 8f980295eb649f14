// Everything openkp persists: the records, the database with its explicit transactions, and
// one domain store per concern. Services include this (or the one header they need); only
// backends::OpenDatabase (src/backends/) knows which backend is behind it.
#pragma once

#include "store/accounts_store.h"
#include "store/database.h"
#include "store/event_store.h"
#include "store/log_store.h"
#include "store/records.h"
#include "store/registry_store.h"
#include "store/stats_store.h"
