#include "store/sqlite/connection.h"

#include <chrono>
#include <cstdio>

namespace openkp::store::sqlite {

Status SqlError(sqlite3* db, int rc, const std::string& what) {
  std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  if (ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE) {
    return Status(core::Code::kAlreadyExists, msg);
  }
  if ((ext & 0xff) == SQLITE_CONSTRAINT) return Status(core::Code::kFailedPrecondition, msg);
  // Conditions of the machine, not bugs: the write can succeed later (space freed, the other
  // writer gone, the directory writable again), and nothing was stored.
  switch (ext & 0xff) {
    case SQLITE_FULL:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return Status(core::Code::kUnavailable, msg);
    default:
      break;
  }
  return Status::Internal(msg);
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return {};
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return Status::Internal(std::string("sqlite: ") + msg);
}

}  // namespace openkp::store::sqlite
