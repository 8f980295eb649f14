// The SQLite backend's connection: prepared statements, errors, and the transaction handle its
// domain stores take. Internal to src/store/sqlite/.
#pragma once

#include <sqlite3.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/records.h"
#include "store/sql/statement.h"

namespace openkp::store::sqlite {

using sql::NowUtc;
// kAlreadyExists for a unique or primary key taken, kFailedPrecondition for another
// constraint, kInternal otherwise; the message names `what` and SQLite's reason.
Status SqlError(sqlite3* db, int rc, const std::string& what);
// Runs SQL without results (pragmas, migrations).
Status Exec(sqlite3* db, const char* sql);

// Prepared statements kept for reuse: parsing SQL costs more than running these statements.
// Not thread-safe: the connection's mutex guards it. A statement in use is taken out of the pool,
// so nested uses of the same SQL get their own statement.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache() {
    for (auto& [sql, stmts] : free_) {
      for (sqlite3_stmt* st : stmts) sqlite3_finalize(st);
    }
  }
  sqlite3* db() const { return db_; }
  int Acquire(const std::string& sql, sqlite3_stmt** out) {
    auto it = free_.find(sql);
    if (it != free_.end() && !it->second.empty()) {
      *out = it->second.back();
      it->second.pop_back();
      return SQLITE_OK;
    }
    return sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, out, nullptr);
  }
  void Release(const std::string& sql, sqlite3_stmt* st) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    free_[sql].push_back(st);
  }

 private:
  sqlite3* db_;
  std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> free_;
};

// A prepared statement from the cache; binds by position (1-based) and steps.
class Stmt {
 public:
  Stmt(StatementCache& cache, std::string sql)
      : cache_(cache), db_(cache.db()), sql_(std::move(sql)) {
    rc_ = cache_.Acquire(sql_, &stmt_);
  }
  ~Stmt() {
    if (stmt_ != nullptr) cache_.Release(sql_, stmt_);
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status prepared() const { return rc_ == SQLITE_OK ? Status() : SqlError(db_, rc_, "prepare"); }
  Stmt& Bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindBlob(int i, const std::string& s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<Date>& d) {
    return d ? Bind(i, d->ToString()) : BindNull(i);
  }
  // True while a row is available; errors end up in status().
  bool Step() {
    if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return false;
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_ROW;
  }
  // Runs a statement that returns no rows.
  Status Run(const std::string& what) {
    if (rc_ != SQLITE_OK) return SqlError(db_, rc_, what);
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_DONE ? Status() : SqlError(db_, rc_, what);
  }
  Status status(const std::string& what) const {
    return (rc_ == SQLITE_DONE || rc_ == SQLITE_ROW || rc_ == SQLITE_OK) ? Status()
                                                                         : SqlError(db_, rc_, what);
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  // Valid until the next Step (no copy: scans of a million rows).
  std::string_view TextView(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  std::string Blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p ? std::string(static_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<Date> OptDate(int col) const {
    if (IsNull(col)) return std::nullopt;
    auto d = Date::Parse(Text(col));
    return d.ok() ? std::optional<Date>(*d) : std::nullopt;
  }
  Date DateAt(int col) const { return OptDate(col).value_or(Date()); }
  // For the backend-neutral statements (store/sql/statement.h).
  int64_t Changes() const { return sqlite3_changes(db_); }
  bool Done() const { return rc_ == SQLITE_DONE; }
  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  std::string ColumnName(int col) const {
    const char* name = sqlite3_column_name(stmt_, col);
    return name ? name : "";
  }
  sql::ColumnKind Kind(int col) const {
    switch (sqlite3_column_type(stmt_, col)) {
      case SQLITE_INTEGER:
        return sql::ColumnKind::kInt;
      case SQLITE_BLOB:
        return sql::ColumnKind::kBlob;
      case SQLITE_NULL:
        return sql::ColumnKind::kNull;
      default:  // TEXT; FLOAT is never stored (money and weights are integers)
        return sql::ColumnKind::kText;
    }
  }

 private:
  StatementCache& cache_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

// A Stmt behind the backend-neutral interface the core domain stores use.
class NeutralStatement final : public sql::Statement {
 public:
  NeutralStatement(StatementCache& cache, std::string_view sql) : s_(cache, std::string(sql)) {}
  void BindText(int i, std::string_view v) override { s_.Bind(i, std::string(v)); }
  void BindBlob(int i, std::string_view v) override { s_.BindBlob(i, std::string(v)); }
  void BindInt(int i, int64_t v) override { s_.Bind(i, v); }
  void BindNull(int i) override { s_.BindNull(i); }
  bool Step() override {
    if (s_.Done()) return false;  // a finished statement is not run again
    const bool row = s_.Step();
    if (!row) changes_ = s_.Changes();
    return row;
  }
  Status status(const std::string& what) const override { return s_.status(what); }
  std::string_view TextView(int col) const override { return s_.TextView(col); }
  std::string Blob(int col) const override { return s_.Blob(col); }
  bool IsNull(int col) const override { return s_.IsNull(col); }
  int64_t Int(int col) const override { return s_.Int(col); }
  int64_t Changes() const override { return changes_; }
  int ColumnCount() const override { return s_.ColumnCount(); }
  std::string ColumnName(int col) const override { return s_.ColumnName(col); }
  sql::ColumnKind Kind(int col) const override { return s_.Kind(col); }

 private:
  Stmt s_;
  int64_t changes_ = 0;
};

// The transaction handle of this backend: the connection's statement cache, held by the one
// thread running the transaction.
class SqliteTxn final : public sql::SqlTxn {
 public:
  SqliteTxn(StatementCache& cache, bool writable) : cache_(cache), writable_(writable) {}
  bool writable() const override { return writable_; }
  StatementCache& cache() { return cache_; }
  sqlite3* db() { return cache_.db(); }
  std::unique_ptr<sql::Statement> Prepare(std::string_view sql) override {
    return std::make_unique<NeutralStatement>(cache_, sql);
  }
  std::string IndexedBy(std::string_view index) const override {
    return "INDEXED BY " + std::string(index);
  }
  Result<std::vector<std::pair<std::string, std::string>>> TableReferences() override {
    Stmt s(cache_,
           "SELECT m.name, COALESCE(p.\"table\", '') FROM sqlite_master m "
           "LEFT JOIN pragma_foreign_key_list(m.name) p WHERE m.type = 'table' "
           "AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name");
    std::vector<std::pair<std::string, std::string>> out;
    while (s.Step()) out.emplace_back(s.Text(0), s.Text(1));
    OPENKP_RETURN_IF_ERROR(s.status("list tables"));
    return out;
  }
  Status ContinueIds(std::string_view) override { return {}; }

 private:
  StatementCache& cache_;
  bool writable_;
};

// The SQLite transaction behind `t` (which a SQLite database handed out), for domain stores
// written for SQLite alone (tests/example_service).
inline SqliteTxn& Conn(Txn& t) { return static_cast<SqliteTxn&>(t); }
// kInternal unless `t` is a write transaction: a domain store's writes check it first.
using sql::RequireWrite;

}  // namespace openkp::store::sqlite
