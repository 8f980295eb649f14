// Copies every row of one SQL database into another, empty one, whatever their backends
// (`openkp store copy`, docs/DEPLOYMENT.md): moving a SQLite deployment to PostgreSQL.
//
//   auto copied = sql::CopyDatabase(*sqlite_db, *postgres_db);   // both opened with the same
//   if (!copied.ok()) return copied.status();                    // domains, so same schema
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/sql/statement.h"

namespace openkp::store::sql {

struct CopiedTable {
  std::string table;
  int64_t rows = 0;
};

// One column's value of a row being copied (text and blobs in `text`).
struct Cell {
  ColumnKind kind = ColumnKind::kNull;
  std::string text;
  int64_t number = 0;
};
// Changes a row of `table` (its `columns`, in order) before it is inserted: for what a source
// keeps outside its database (a SQLite deployment's attachment files, brought into the rows).
using RowRewriter = std::function<Status(
    const std::string& table, const std::vector<std::string>& columns, std::vector<Cell>& row)>;

// Copies every table of `from` (read as one snapshot) into `to` in one transaction: all of it,
// or nothing. Both must have been opened by this build with the same domains (so both hold the
// same schema). Skipped: the migration records (each database has its own) and what is derived
// (trade flows, rebuilt from the events on the first statistics read; PostgreSQL's change
// counters). kAlreadyExists if a table of `to` holds rows; kFailedPrecondition if `to` lacks a
// table of `from`. `progress(table, rows)` is told after each table; `rewrite`, when given, sees
// every row before it is inserted.
Result<std::vector<CopiedTable>> CopyDatabase(
    Database& from, Database& to,
    const std::function<void(const std::string&, int64_t)>& progress = nullptr,
    const RowRewriter& rewrite = nullptr);

// The number of rows of each table `CopyDatabase` copies, in `db` (the check after a copy).
Result<std::vector<CopiedTable>> CountRows(Database& db);

}  // namespace openkp::store::sql
