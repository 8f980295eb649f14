// What only the PostgreSQL backend does: the append-only triggers (proved with raw SQL), errors
// for an unreachable server and a newer schema, and two Database objects on one database, as
// two servers are: gapless certificate numbers under concurrent writes from both, and each
// seeing the other's changes. The contracts every backend meets are in
// tests/store_conformance_test.cpp.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <set>
#include <thread>

#include "pg_database.h"
#include "store/postgresql/database.h"
#include "store/store.h"

namespace openkp::store {
namespace {

using core::Code;

// Runs raw SQL on a connection of its own; returns the error's SQLSTATE ("" for success).
std::string RawSql(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  PGresult* r = PQexec(c, sql.c_str());
  const ExecStatusType st = PQresultStatus(r);
  std::string state;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    state = s ? s : "?";
  }
  PQclear(r);
  PQfinish(c);
  return state;
}

class PostgresBackend : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::FreshPostgresDatabase();
    ASSERT_FALSE(url_.empty());
    db_ = Open();
  }
  std::unique_ptr<Database> Open() {
    auto db = postgresql::Open(url_);
    EXPECT_TRUE(db.ok()) << db.status().message();
    return db.ok() ? std::move(*db) : nullptr;
  }
  static Status Seed(Database& db) {
    return db.Write([&](Txn& t) -> Status {
      OPENKP_RETURN_IF_ERROR(db.registry().UpsertParticipant(t, {"BW", "Botswana", "MME"}));
      return db.events().Append(t, Event{0, "certificate.issued", "BW-1", "BW", "", "test", ""});
    });
  }
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_F(PostgresBackend, AppendOnlyTablesRefuseChangesFromRawSql) {
  ASSERT_TRUE(Seed(*db_).ok());
  // 23000: integrity_constraint_violation, raised by the triggers.
  EXPECT_EQ(RawSql(url_, "UPDATE events SET kind = 'x'"), "23000");
  EXPECT_EQ(RawSql(url_, "DELETE FROM events"), "23000");
  EXPECT_EQ(RawSql(url_, "TRUNCATE events CASCADE"), "23000");
  // The other append-only tables hold no rows here: their triggers exist, on UPDATE and DELETE.
  for (const char* table : {"certificates", "log_leaves", "log_checkpoints", "log_cosignatures",
                            "stat_sources", "stat_figures", "stat_revisions"}) {
    // Division by zero (22012) unless exactly one such trigger exists.
    EXPECT_EQ(RawSql(url_, std::string("SELECT 1 / (SELECT count(*) - 1 + 1 FROM pg_trigger t ") +
                               "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = '" + table +
                               "' AND t.tgname = '" + table + "_append_only' AND " +
                               "t.tgtype & 24 = 24)"),
              "")
        << table;
  }
  for (const char* table :
       {"certificates", "certificate_status", "events", "log_leaves", "log_checkpoints",
        "log_cosignatures", "stat_sources", "stat_figures", "stat_revisions"}) {
    EXPECT_EQ(RawSql(url_, std::string("TRUNCATE ") + table + " CASCADE"), "23000") << table;
  }
  auto events = ReadValue(*db_, [&](Txn& t) { return db_->events().List(t, 0, 10); });
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "certificate.issued");
}

TEST_F(PostgresBackend, UnreachableServerAndNewerSchemaAreClearErrors) {
  auto gone = postgresql::Open("postgresql://openkp@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(gone.status().code(), Code::kUnavailable);
  EXPECT_NE(gone.status().message().find("cannot connect to PostgreSQL"), std::string::npos);
  db_.reset();
  ASSERT_EQ(RawSql(url_, "INSERT INTO schema_migrations VALUES (999, 'later')"), "");
  auto newer = postgresql::Open(url_);
  EXPECT_EQ(newer.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(newer.status().message().find("newer than this openkp"), std::string::npos);
}

// Two servers on one database: numbers from both interleave without a gap or a repeat.
TEST_F(PostgresBackend, TwoServersDrawGaplessSequences) {
  std::unique_ptr<Database> other = Open();
  ASSERT_TRUE(other);
  std::vector<int64_t> drawn[4];
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    Database* db = i % 2 == 0 ? db_.get() : other.get();
    threads.emplace_back([db, &out = drawn[i]] {
      for (int n = 0; n < 25; ++n) {
        auto v = WriteValue(
            *db, [&](Txn& t) { return db->registry().NextCertificateSequence(t, "BW", 2026); });
        if (v.ok()) out.push_back(*v);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  for (const auto& d : drawn) all.insert(d.begin(), d.end());
  ASSERT_EQ(all.size(), 100u);
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), 100);
}

// A token revoked through one server is refused by the other within a second: its cache sees
// the change stamp move.
TEST_F(PostgresBackend, EachServerSeesTheOthersChangesWithinASecond) {
  std::unique_ptr<Database> other = Open();
  ASSERT_TRUE(other);
  auto before = other->CurrentReferenceStamp();
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(db_->Write([&](Txn& t) {
                   return db_->registry().UpsertParticipant(t, {"BW", "Botswana", "MME"});
                 })
                  .ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    auto now = other->CurrentReferenceStamp();
    ASSERT_TRUE(now.ok());
    seen = !(*now == *before);
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(seen);
  auto bw = ReadValue(*other, [&](Txn& t) { return other->registry().GetParticipant(t, "BW"); });
  ASSERT_TRUE(bw.ok());
  EXPECT_EQ(bw->name, "Botswana");
}

// Event ids grow in commit order across servers (writes take one lock), so "the events after
// the last one logged" misses none.
TEST_F(PostgresBackend, EventsFromTwoServersAreNumberedInCommitOrder) {
  std::unique_ptr<Database> other = Open();
  ASSERT_TRUE(other);
  std::vector<std::thread> threads;
  for (Database* db : {db_.get(), other.get()}) {
    threads.emplace_back([db] {
      for (int n = 0; n < 30; ++n) {
        (void)db->Write([&](Txn& t) {
          return db->events().Append(t, Event{0, "key.registered", "k", "BW", "", "test", ""});
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  auto events = ReadValue(*db_, [&](Txn& t) { return db_->events().List(t, 0, 100); });
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 60u);
  for (size_t i = 0; i < events->size(); ++i) EXPECT_EQ((*events)[i].id, int64_t(i + 1));
}

}  // namespace
}  // namespace openkp::store
