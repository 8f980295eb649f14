#include "store/sql/copy.h"

#include <map>
#include <set>

#include "store/sql/statement.h"

namespace openkp::store::sql {

namespace {

// Each database keeps its own; or derived from what is copied.
const std::set<std::string> kNotCopied = {"schema_migrations", "domain_migrations",
                                          "change_counters", "trade_flows", "trade_flows_state"};

// Rows per INSERT: far below both dialects' limits on parameters (PostgreSQL 65 535, SQLite
// 32 766) for tables of up to 30 columns, and few round trips.
constexpr int kRowsPerInsert = 200;

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

// The tables to copy, each after those it refers to (a reference to itself aside).
Result<std::vector<std::string>> CopyOrder(Txn& t) {
  auto refs = static_cast<SqlTxn&>(t).TableReferences();
  if (!refs.ok()) return refs.status();
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& [table, referenced] : *refs) {
    if (kNotCopied.count(table) > 0) continue;
    auto& n = needs[table];
    if (!referenced.empty() && referenced != table && kNotCopied.count(referenced) == 0) {
      n.insert(referenced);
    }
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (order.size() < needs.size()) {
    bool progressed = false;
    for (const auto& [table, refs_of] : needs) {
      if (placed.count(table) > 0) continue;
      bool ready = true;
      for (const auto& r : refs_of) ready = ready && placed.count(r) > 0;
      if (!ready) continue;
      order.push_back(table);
      placed.insert(table);
      progressed = true;
    }
    if (!progressed) return Status::Internal("the tables' references form a cycle");
  }
  return order;
}

Result<int64_t> RowCount(Txn& t, const std::string& table) {
  Stmt s(t, "SELECT count(*) FROM " + Quoted(table));
  if (!s.Step()) {
    Status st = s.status("count " + table);
    return st.ok() ? Status::Internal("count " + table + ": no row") : st;
  }
  return s.Int(0);
}

// Inserts the rows gathered so far (`values` holds kRowsPerInsert rows or fewer).
using Value = Cell;
Status InsertRows(Txn& to, const std::string& table, const std::vector<std::string>& columns,
                  const std::vector<std::vector<Value>>& rows) {
  if (rows.empty()) return {};
  std::string sql = "INSERT INTO " + Quoted(table) + " (";
  for (size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + Quoted(columns[c]);
  sql += ") VALUES ";
  std::string one = "(";
  for (size_t c = 0; c < columns.size(); ++c) one += c ? ", ?" : "?";
  one += ")";
  for (size_t r = 0; r < rows.size(); ++r) sql += (r ? ", " : "") + one;
  Stmt ins(to, sql);
  int i = 1;
  for (const auto& row : rows) {
    for (const Value& v : row) {
      switch (v.kind) {
        case ColumnKind::kNull:
          ins.BindNull(i);
          break;
        case ColumnKind::kInt:
          ins.Bind(i, v.number);
          break;
        case ColumnKind::kBlob:
          ins.BindBlob(i, v.text);
          break;
        case ColumnKind::kText:
          ins.Bind(i, v.text);
          break;
      }
      ++i;
    }
  }
  return ins.Run("copy into " + table);
}

Result<int64_t> CopyTable(Txn& from, Txn& to, const std::string& table,
                          const RowRewriter& rewrite) {
  // In the order of the first column (the key, for tables with generated ids): a row that
  // refers to an earlier row of its own table (a repeated recommendation) comes after it.
  Stmt s(from, "SELECT * FROM " + Quoted(table) + " ORDER BY 1");
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  int64_t copied = 0;
  while (s.Step()) {
    if (columns.empty()) {
      for (int c = 0; c < s.ColumnCount(); ++c) columns.push_back(s.ColumnName(c));
    }
    std::vector<Value>& row = rows.emplace_back();
    for (int c = 0; c < static_cast<int>(columns.size()); ++c) {
      Value v;
      v.kind = s.Kind(c);
      if (v.kind == ColumnKind::kInt) v.number = s.Int(c);
      if (v.kind == ColumnKind::kText) v.text = s.Text(c);
      if (v.kind == ColumnKind::kBlob) v.text = s.Blob(c);
      row.push_back(std::move(v));
    }
    if (rewrite) OPENKP_RETURN_IF_ERROR(rewrite(table, columns, row));
    if (static_cast<int>(rows.size()) == kRowsPerInsert) {
      OPENKP_RETURN_IF_ERROR(InsertRows(to, table, columns, rows));
      copied += static_cast<int64_t>(rows.size());
      rows.clear();
    }
  }
  OPENKP_RETURN_IF_ERROR(s.status("read " + table));
  OPENKP_RETURN_IF_ERROR(InsertRows(to, table, columns, rows));
  copied += static_cast<int64_t>(rows.size());
  OPENKP_RETURN_IF_ERROR(static_cast<SqlTxn&>(to).ContinueIds(table));
  return copied;
}

}  // namespace

Result<std::vector<CopiedTable>> CopyDatabase(
    Database& from, Database& to, const std::function<void(const std::string&, int64_t)>& progress,
    const RowRewriter& rewrite) {
  std::vector<CopiedTable> out;
  Status st = from.Read([&](Txn& src) -> Status {
    auto order = CopyOrder(src);
    if (!order.ok()) return order.status();
    return to.Write([&](Txn& dst) -> Status {
      auto target_refs = static_cast<SqlTxn&>(dst).TableReferences();
      if (!target_refs.ok()) return target_refs.status();
      std::set<std::string> target_tables;
      for (const auto& [table, ref] : *target_refs) target_tables.insert(table);
      for (const std::string& table : *order) {
        if (target_tables.count(table) == 0) {
          return Status(core::Code::kFailedPrecondition,
                        "the target database has no table " + table +
                            ": open both with the same openkp (the same services)");
        }
        auto rows = RowCount(dst, table);
        if (!rows.ok()) return rows.status();
        if (*rows > 0) {
          return Status(core::Code::kAlreadyExists, "the target database is not empty (table " +
                                                        table + " holds " + std::to_string(*rows) +
                                                        " rows)");
        }
      }
      for (const std::string& table : *order) {
        auto copied = CopyTable(src, dst, table, rewrite);
        if (!copied.ok()) return copied.status();
        out.push_back({table, *copied});
        if (progress) progress(table, *copied);
      }
      return {};
    });
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<CopiedTable>> CountRows(Database& db) {
  std::vector<CopiedTable> out;
  Status st = db.Read([&](Txn& t) -> Status {
    auto order = CopyOrder(t);
    if (!order.ok()) return order.status();
    for (const std::string& table : *order) {
      auto rows = RowCount(t, table);
      if (!rows.ok()) return rows.status();
      out.push_back({table, *rows});
    }
    return {};
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace openkp::store::sql
