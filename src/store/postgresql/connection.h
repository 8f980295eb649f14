// The PostgreSQL backend's connections and statements (libpq). Internal to src/store/postgresql/.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/statement.h"

namespace openkp::store::postgresql {

// A libpq connection, closed on destruction.
struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Connection = std::unique_ptr<PGconn, ConnCloser>;
struct ResultClearer {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultClearer>;

// `conninfo` with default network timeouts (connect_timeout, TCP keepalives, tcp_user_timeout)
// for those it does not set.
std::string WithTimeouts(const std::string& conninfo);

// Opens a connection to `conninfo` (a postgresql:// URL or key=value pairs); kUnavailable
// with libpq's reason when it cannot.
core::Result<Connection> Connect(const std::string& conninfo);

// The status of a command's result: kAlreadyExists for a unique key taken (23505),
// kFailedPrecondition for another integrity constraint (class 23: references, checks, the
// append-only triggers), kUnavailable when the server cannot be reached (class 08, shutdowns,
// a broken connection), kInternal otherwise; the message names `what` and the server's reason.
Status ResultStatus(PGconn* conn, const PGresult* res, const std::string& what);

// Runs SQL without parameters or rows wanted (transaction control, migrations).
Status Exec(PGconn* conn, const std::string& sql, const std::string& what);

// `sql` with its placeholders numbered as PostgreSQL wants them: `?` as $1, $2, ... and SQLite's
// `?NNN` as $NNN; inside quoted strings and identifiers left alone. `used` (when given)
// receives the numbers the SQL refers to.
std::string NumberPlaceholders(std::string_view sql, std::set<int>* used = nullptr);

// A statement run with libpq's extended protocol: parameters sent apart from the SQL (never
// spliced into it), results read as text (bytea as hex, decoded by Blob).
class PgStatement final : public sql::Statement {
 public:
  // With `batch_rows` > 0, a SELECT read through a cursor, `batch_rows` rows at a time (inside
  // the transaction; several may be open at once); else its whole result at once.
  PgStatement(PGconn* conn, std::string_view sql, int batch_rows = 0);
  ~PgStatement() override;
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;
  void BindText(int i, std::string_view v) override;
  void BindBlob(int i, std::string_view v) override;
  void BindInt(int i, int64_t v) override;
  void BindNull(int i) override;
  bool Step() override;
  Status status(const std::string& what) const override;
  std::string_view TextView(int col) const override;
  std::string Blob(int col) const override;
  bool IsNull(int col) const override;
  int64_t Int(int col) const override;
  int64_t Changes() const override { return changes_; }
  int ColumnCount() const override;
  std::string ColumnName(int col) const override;
  sql::ColumnKind Kind(int col) const override;

 private:
  struct Param {
    std::optional<std::string> value;
    Oid type = 0;  // 0: the server infers it
    int format = 0;
  };
  Param& At(int i);
  void Execute();
  void FetchBatch();  // the cursor's next rows into result_

  PGconn* conn_;
  std::set<int> used_;  // the parameter numbers the SQL refers to
  std::string sql_;
  std::vector<Param> params_;
  PgResult result_;
  bool executed_ = false;
  int batch_rows_ = 0;
  std::string cursor_;      // the open cursor's name, "" for none
  bool exhausted_ = false;  // the cursor's last batch was short
  int row_ = -1;
  int rows_ = 0;
  int64_t changes_ = 0;
  Status error_;
};

// The transaction handle of this backend: the connection the transaction runs on.
class PgTxn final : public sql::SqlTxn {
 public:
  PgTxn(PGconn* conn, bool writable) : conn_(conn), writable_(writable) {}
  bool writable() const override { return writable_; }
  PGconn* conn() { return conn_; }
  std::unique_ptr<sql::Statement> Prepare(std::string_view sql) override {
    return std::make_unique<PgStatement>(conn_, sql);
  }
  // 4 096 rows at a time: a million certificates' facts would otherwise be held whole.
  std::unique_ptr<sql::Statement> PrepareScan(std::string_view sql) override {
    return std::make_unique<PgStatement>(conn_, sql, /*batch_rows=*/4096);
  }
  std::string IndexedBy(std::string_view) const override { return ""; }
  Result<std::vector<std::pair<std::string, std::string>>> TableReferences() override;
  Status ContinueIds(std::string_view table) override;

 private:
  PGconn* conn_;
  bool writable_;
};

}  // namespace openkp::store::postgresql
