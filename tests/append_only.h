// The check that a domain's tables are append-only on the database itself, whatever the code
// does: each statement (an UPDATE or a DELETE) is refused by SQLite's triggers, or by
// PostgreSQL's (SQLSTATE 23000, integrity_constraint_violation), where TRUNCATE of `table` is
// refused too (it skips row triggers: a statement trigger refuses it).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "pg_database.h"

namespace openkp::testing {

// `backend` is "sqlite" (the database file `sqlite_path`) or "postgresql" (`pg_url`).
inline void ExpectChangesRefused(const std::string& backend, const std::string& sqlite_path,
                                 const std::string& pg_url, const std::vector<std::string>& changes,
                                 const std::string& truncate_table) {
  if (backend == "sqlite") {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(sqlite_path.c_str(), &raw), SQLITE_OK);
    for (const std::string& sql : changes) {
      EXPECT_NE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    }
    sqlite3_close(raw);
  }
  if (backend == "postgresql") {
    for (const std::string& sql : changes) EXPECT_EQ(PostgresSqlState(pg_url, sql), "23000") << sql;
    EXPECT_EQ(PostgresSqlState(pg_url, "TRUNCATE " + truncate_table + " CASCADE"), "23000");
  }
}

}  // namespace openkp::testing
