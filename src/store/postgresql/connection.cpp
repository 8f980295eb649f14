#include "store/postgresql/connection.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace openkp::store::postgresql {

namespace {
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt4Oid = 23;
constexpr Oid kInt2Oid = 21;
constexpr Oid kByteaOid = 17;
constexpr Oid kTextOid = 25;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string WithTimeouts(const std::string& conninfo) {
  // A server that cannot be reached, or a peer that vanished (a partition, a machine gone),
  // is noticed in seconds instead of the kernel's hours; a URL's own values are kept.
  static const std::pair<const char*, const char*> kDefaults[] = {
      {"connect_timeout", "10"},     {"keepalives", "1"},       {"keepalives_idle", "30"},
      {"keepalives_interval", "10"}, {"keepalives_count", "3"}, {"tcp_user_timeout", "60000"}};
  const bool url = conninfo.rfind("postgres", 0) == 0 && conninfo.find("://") != std::string::npos;
  std::string out = conninfo;
  for (const auto& [key, value] : kDefaults) {
    if (conninfo.find(std::string(key) + "=") != std::string::npos) continue;
    if (url) {
      out += (out.find('?') == std::string::npos ? "?" : "&") + std::string(key) + "=" + value;
    } else {
      out += " " + std::string(key) + "=" + value;
    }
  }
  return out;
}

core::Result<Connection> Connect(const std::string& conninfo) {
  Connection conn(PQconnectdb(WithTimeouts(conninfo).c_str()));
  if (conn == nullptr) return Status(core::Code::kUnavailable, "postgresql: out of memory");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn.get());
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return Status(core::Code::kUnavailable, "cannot connect to PostgreSQL: " + why);
  }
  // Every session speaks UTC and plain strings, whatever the server's defaults.
  OPENKP_RETURN_IF_ERROR(Exec(conn.get(),
                              "SET TIME ZONE 'UTC'; SET standard_conforming_strings = on; "
                              "SET client_min_messages = warning; "
                              // A process stopped inside a transaction (SIGSTOP, a hung
                              // disk) must not hold every server's writes for long.
                              "SET idle_in_transaction_session_timeout = '300s'; "
                              // PostgreSQL's side of the same: a server that vanished without
                              // closing its connections (power off, a partition) has its
                              // session ended, and the log sequencer's lease freed, within ~25 s
                              // instead of the kernel's two hours of silence.
                              "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; "
                              "SET tcp_keepalives_count = 3",
                              "configure the session"));
  return conn;
}

Status ResultStatus(PGconn* conn, const PGresult* res, const std::string& what) {
  const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return {};
  std::string why = res ? PQresultErrorMessage(res) : "";
  if (why.empty()) why = PQerrorMessage(conn);
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  const std::string msg = what + ": " + why;
  if (code == "23505") return Status(core::Code::kAlreadyExists, msg);
  if (code.rfind("23", 0) == 0) return Status(core::Code::kFailedPrecondition, msg);
  if (code.rfind("08", 0) == 0 || code == "57P01" || code == "57P02" || code == "57P03" ||
      PQstatus(conn) != CONNECTION_OK) {
    return Status(core::Code::kUnavailable, msg);
  }
  // Another server's write got in first (serialization, deadlock), or a lock was not granted
  // in time (another server holds the write lock too long): the write can be retried.
  if (code == "40001" || code == "40P01" || code == "55P03") {
    return Status(core::Code::kUnavailable, msg);
  }
  // Data the database cannot take (invalid UTF-8, a value out of range): the caller's input.
  if (code.rfind("22", 0) == 0) return Status::Invalid("input", "encoding", msg);
  return Status::Internal(msg);
}

Status Exec(PGconn* conn, const std::string& sql, const std::string& what) {
  PgResult res(PQexec(conn, sql.c_str()));
  return ResultStatus(conn, res.get(), what);
}

std::string NumberPlaceholders(std::string_view sql, std::set<int>* used) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;  // as SQLite numbers them: a bare ? is one more than the largest so far
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      int number = 0;
      while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
        number = number * 10 + (sql[++i] - '0');
      }
      if (number == 0) number = n + 1;
      n = std::max(n, number);
      if (used != nullptr) used->insert(number);
      out += '$';
      out += std::to_string(number);
    } else {
      out += c;
    }
  }
  return out;
}

PgStatement::PgStatement(PGconn* conn, std::string_view sql, int batch_rows)
    : conn_(conn), sql_(NumberPlaceholders(sql, &used_)), batch_rows_(batch_rows) {}

PgStatement::~PgStatement() {
  // Closed at the transaction's end anyway; at once when the transaction goes on. In an aborted
  // transaction this fails, harmlessly.
  if (!cursor_.empty() && PQstatus(conn_) == CONNECTION_OK) {
    PgResult closed(PQexec(conn_, ("CLOSE " + cursor_).c_str()));
  }
}

PgStatement::Param& PgStatement::At(int i) {
  if (static_cast<size_t>(i) > params_.size()) params_.resize(static_cast<size_t>(i));
  return params_[static_cast<size_t>(i - 1)];
}

void PgStatement::BindText(int i, std::string_view v) {
  // PostgreSQL's text holds no NUL byte, and libpq would cut the value there: refuse it instead
  // (SQLite would store it whole; every service's text checks refuse control characters anyway).
  if (v.find('\0') != std::string_view::npos && error_.ok()) {
    error_ =
        Status::Invalid("text", "characters", "statement: text with a NUL byte cannot be stored");
  }
  At(i) = {std::string(v), 0, 0};
}
void PgStatement::BindBlob(int i, std::string_view v) { At(i) = {std::string(v), kByteaOid, 1}; }
void PgStatement::BindInt(int i, int64_t v) { At(i) = {std::to_string(v), kInt8Oid, 0}; }
void PgStatement::BindNull(int i) { At(i) = {std::nullopt, 0, 0}; }

void PgStatement::Execute() {
  executed_ = true;
  if (!error_.ok()) return;  // a parameter refused
  std::vector<Oid> types;
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    // A parameter the SQL does not use (SQLite's ?NNN may skip some) must still have a type.
    types.push_back(p.type == 0 && used_.count(static_cast<int>(i + 1)) == 0 ? kTextOid : p.type);
    values.push_back(p.value ? p.value->data() : nullptr);
    lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    formats.push_back(p.format);
  }
  // A cursor's name unique among those open on this thread's connections; set once declared.
  static thread_local uint64_t cursors = 0;
  const std::string cursor = batch_rows_ > 0 ? "okp_scan_" + std::to_string(++cursors) : "";
  const std::string run =
      cursor.empty() ? sql_ : "DECLARE " + cursor + " NO SCROLL CURSOR FOR " + sql_;
  result_.reset(PQexecParams(conn_, run.c_str(), static_cast<int>(params_.size()), types.data(),
                             values.data(), lengths.data(), formats.data(), /*resultFormat=*/0));
  error_ = ResultStatus(conn_, result_.get(), "statement");
  if (!error_.ok()) return;
  if (!cursor.empty()) {
    cursor_ = cursor;
    return FetchBatch();
  }
  rows_ = PQntuples(result_.get());
  const char* affected = PQcmdTuples(result_.get());
  changes_ = (affected && *affected) ? std::strtoll(affected, nullptr, 10) : 0;
}

void PgStatement::FetchBatch() {
  result_.reset(
      PQexec(conn_, ("FETCH " + std::to_string(batch_rows_) + " FROM " + cursor_).c_str()));
  error_ = ResultStatus(conn_, result_.get(), "statement");
  rows_ = error_.ok() ? PQntuples(result_.get()) : 0;
  row_ = -1;
  exhausted_ = rows_ < batch_rows_;
}

bool PgStatement::Step() {
  if (!executed_) Execute();
  if (!error_.ok()) return false;
  if (row_ + 1 >= rows_ && !cursor_.empty() && !exhausted_) FetchBatch();
  if (!error_.ok()) return false;
  if (row_ + 1 >= rows_) {
    row_ = rows_;
    return false;
  }
  ++row_;
  return true;
}

Status PgStatement::status(const std::string& what) const {
  if (error_.ok()) return {};
  // The message reads "statement: reason"; name what failed instead.
  std::string reason = error_.message();
  if (reason.rfind("statement: ", 0) == 0) reason = reason.substr(11);
  return Status(error_.code(), what + ": " + reason);
}

std::string_view PgStatement::TextView(int col) const {
  if (row_ < 0 || row_ >= rows_) return {};
  return std::string_view(PQgetvalue(result_.get(), row_, col),
                          static_cast<size_t>(PQgetlength(result_.get(), row_, col)));
}

std::string PgStatement::Blob(int col) const {
  std::string_view text = TextView(col);
  if (PQftype(result_.get(), col) != kByteaOid) return std::string(text);
  // bytea in text format: "\x" then two hex digits per byte.
  std::string out;
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return out;
  out.reserve((text.size() - 2) / 2);
  for (size_t i = 2; i + 1 < text.size(); i += 2) {
    const int hi = HexValue(text[i]), lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

bool PgStatement::IsNull(int col) const {
  return row_ < 0 || row_ >= rows_ || PQgetisnull(result_.get(), row_, col) != 0;
}

int64_t PgStatement::Int(int col) const {
  if (IsNull(col)) return 0;
  const char* v = PQgetvalue(result_.get(), row_, col);
  if (v[0] == 't' || v[0] == 'f') return v[0] == 't';  // a boolean, as SQLite's 1 and 0
  return std::strtoll(v, nullptr, 10);
}

int PgStatement::ColumnCount() const { return result_ ? PQnfields(result_.get()) : 0; }

std::string PgStatement::ColumnName(int col) const {
  const char* name = result_ ? PQfname(result_.get(), col) : nullptr;
  return name ? name : "";
}

sql::ColumnKind PgStatement::Kind(int col) const {
  if (IsNull(col)) return sql::ColumnKind::kNull;
  const Oid type = PQftype(result_.get(), col);
  if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) return sql::ColumnKind::kInt;
  if (type == kByteaOid) return sql::ColumnKind::kBlob;
  return sql::ColumnKind::kText;
}

Result<std::vector<std::pair<std::string, std::string>>> PgTxn::TableReferences() {
  PgStatement s(conn_,
                "SELECT c.relname, COALESCE(r.relname, '') FROM pg_class c "
                "LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f' "
                "LEFT JOIN pg_class r ON r.oid = k.confrelid "
                "WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace "
                "ORDER BY 1, 2");
  std::vector<std::pair<std::string, std::string>> out;
  while (s.Step()) out.emplace_back(std::string(s.TextView(0)), std::string(s.TextView(1)));
  OPENKP_RETURN_IF_ERROR(s.status("list tables"));
  return out;
}

Status PgTxn::ContinueIds(std::string_view table) {
  std::vector<std::string> columns;
  {
    PgStatement s(conn_,
                  "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = ?::regclass "
                  "AND a.attidentity <> '' AND NOT a.attisdropped");
    s.BindText(1, table);
    while (s.Step()) columns.emplace_back(s.TextView(0));
    OPENKP_RETURN_IF_ERROR(s.status("find identity columns"));
  }
  for (const std::string& column : columns) {
    // Names come from the catalog, quoted; the next id is max + 1 (1 for an empty table).
    const std::string t = "\"" + std::string(table) + "\"", c = "\"" + column + "\"";
    PgStatement s(conn_, "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT max(" + c +
                             ") FROM " + t + "), 0) + 1, false)");
    s.BindText(1, table);
    s.BindText(2, column);
    s.Step();
    OPENKP_RETURN_IF_ERROR(s.status("continue the ids of " + std::string(table)));
  }
  return {};
}

}  // namespace openkp::store::postgresql
