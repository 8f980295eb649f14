// Statements of a SQL backend, written once for every dialect: the core domain stores
// (accounts, registry, events, log, statistics) use these, and each SQL backend (SQLite,
// PostgreSQL) implements them. SQL text uses `?` placeholders (numbered 1, 2, ... by position)
// and only what both dialects accept: TEXT dates as ISO strings, BIGINT money, `RETURNING` for
// generated ids, `ON CONFLICT` upserts.
//
//   Stmt s(t, "SELECT name FROM participants WHERE code = ?");
//   s.Bind(1, code);
//   if (s.Step()) return s.Text(0);
//   OPENKP_RETURN_IF_ERROR(s.status("get participant"));
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace openkp::store::sql {

using core::Date;

// What a column holds in the current row (copies read any table without knowing it).
enum class ColumnKind { kNull, kInt, kText, kBlob };

// One statement of a backend, prepared inside a transaction. Errors: kAlreadyExists for a
// unique key taken, kFailedPrecondition for another constraint (references, checks, the
// append-only triggers), kUnavailable for a database that cannot be reached, kInternal else.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void BindText(int i, std::string_view s) = 0;
  virtual void BindBlob(int i, std::string_view s) = 0;
  virtual void BindInt(int i, int64_t v) = 0;
  virtual void BindNull(int i) = 0;
  // Runs the statement on the first call; true while a row is available (errors: status()).
  virtual bool Step() = 0;
  // The error of preparing or running the statement, naming `what`; OK otherwise.
  virtual Status status(const std::string& what) const = 0;
  // Valid until the next Step.
  virtual std::string_view TextView(int col) const = 0;
  virtual std::string Blob(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  // Rows inserted, updated or deleted by the statement, once it has run.
  virtual int64_t Changes() const = 0;
  // The result's columns, once it has run.
  virtual int ColumnCount() const = 0;
  virtual std::string ColumnName(int col) const = 0;
  virtual ColumnKind Kind(int col) const = 0;
};

// The transaction handle of every SQL backend.
class SqlTxn : public Txn {
 public:
  virtual std::unique_ptr<Statement> Prepare(std::string_view sql) = 0;
  // A SELECT whose rows are read once, in order, and may be many (a scan of every certificate):
  // kept out of memory as a whole where the backend would otherwise hold every row (PostgreSQL:
  // a cursor fetched in batches). SQLite steps row by row anyway.
  virtual std::unique_ptr<Statement> PrepareScan(std::string_view sql) { return Prepare(sql); }
  // Where the dialects differ. SQLite's planner is told which index covers a scan; PostgreSQL's
  // chooses by its statistics and has no hints: "" there.
  virtual std::string IndexedBy(std::string_view index) const = 0;
  // The database's tables, each with a table it refers to ("" for none; one pair per
  // reference), for copying a whole database in an order its references accept.
  virtual Result<std::vector<std::pair<std::string, std::string>>> TableReferences() = 0;
  // After rows were inserted with their generated ids given (a copy): new rows' ids continue
  // after the largest. SQLite's INTEGER PRIMARY KEY does by itself.
  virtual Status ContinueIds(std::string_view table) = 0;
};

// " INDEXED BY index " where the backend takes index hints, else " ".
inline std::string IndexedBy(Txn& t, std::string_view index) {
  return " " + static_cast<SqlTxn&>(t).IndexedBy(index) + " ";
}

// A statement of transaction `t` (which a SQL backend handed out), binding by position.
class Stmt {
 public:
  Stmt(Txn& t, std::string_view sql) : s_(static_cast<SqlTxn&>(t).Prepare(sql)) {}
  // A scan (SqlTxn::PrepareScan): Stmt s(t, sql, Stmt::kScan).
  enum Scan { kScan };
  Stmt(Txn& t, std::string_view sql, Scan) : s_(static_cast<SqlTxn&>(t).PrepareScan(sql)) {}
  Stmt& Bind(int i, const std::string& v) {
    s_->BindText(i, v);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    s_->BindInt(i, v);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<Date>& d) {
    return d ? Bind(i, d->ToString()) : BindNull(i);
  }
  Stmt& BindBlob(int i, const std::string& v) {
    s_->BindBlob(i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    s_->BindNull(i);
    return *this;
  }
  bool Step() { return s_->Step(); }
  // Runs a statement that returns no rows.
  Status Run(const std::string& what) {
    if (s_->Step()) return Status::Internal(what + ": the statement returned rows");
    return s_->status(what);
  }
  // After reading the rows wanted of a statement that writes (INSERT ... RETURNING): runs it to
  // its end, so that its writes and their constraints are done.
  Status Finish(const std::string& what) {
    while (s_->Step()) {
    }
    return s_->status(what);
  }
  // Runs an INSERT ... RETURNING id to its end: the id the database gave the row.
  Result<int64_t> InsertedId(const std::string& what) {
    if (!s_->Step()) {
      Status st = s_->status(what);
      return st.ok() ? Status::Internal(what + ": no id returned") : st;
    }
    const int64_t id = s_->Int(0);
    OPENKP_RETURN_IF_ERROR(Finish(what));
    return id;
  }
  Status status(const std::string& what) const { return s_->status(what); }
  std::string Text(int col) const { return std::string(s_->TextView(col)); }
  std::string_view TextView(int col) const { return s_->TextView(col); }
  std::string Blob(int col) const { return s_->Blob(col); }
  bool IsNull(int col) const { return s_->IsNull(col); }
  int64_t Int(int col) const { return s_->Int(col); }
  std::optional<Date> OptDate(int col) const {
    if (IsNull(col)) return std::nullopt;
    auto d = Date::Parse(TextView(col));
    return d.ok() ? std::optional<Date>(*d) : std::nullopt;
  }
  Date DateAt(int col) const { return OptDate(col).value_or(Date()); }
  int64_t Changes() const { return s_->Changes(); }
  int ColumnCount() const { return s_->ColumnCount(); }
  std::string ColumnName(int col) const { return s_->ColumnName(col); }
  ColumnKind Kind(int col) const { return s_->Kind(col); }

 private:
  std::unique_ptr<Statement> s_;
};

// kInternal unless `t` is a write transaction: a domain store's writes check it first.
inline Status RequireWrite(Txn& t, const char* what) {
  if (t.writable()) return {};
  return Status::Internal(std::string(what) + " needs a write transaction");
}

// Now as an RFC 3339 UTC timestamp ("2026-11-29T22:18:51Z").
std::string NowUtc();
// The inverse of StateName; the schema's CHECK admits no other values.
CertificateState ParseState(std::string_view s);

}  // namespace openkp::store::sql
