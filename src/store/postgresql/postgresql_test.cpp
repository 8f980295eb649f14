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
#include "store/postgresql/connection.h"
#include "store/postgresql/database.h"
#include "store/store.h"
#include "store_records.h"

namespace openkp::store {
namespace {

using core::Code;

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
  EXPECT_EQ(testing::PostgresSqlState(url_, "UPDATE events SET kind = 'x'"), "23000");
  EXPECT_EQ(testing::PostgresSqlState(url_, "DELETE FROM events"), "23000");
  EXPECT_EQ(testing::PostgresSqlState(url_, "TRUNCATE events CASCADE"), "23000");
  // The other append-only tables hold no rows here: their triggers exist, on UPDATE and DELETE.
  for (const char* table : {"certificates", "log_leaves", "log_checkpoints", "log_cosignatures",
                            "stat_sources", "stat_figures", "stat_revisions"}) {
    // Division by zero (22012) unless exactly one such trigger exists.
    EXPECT_EQ(
        testing::PostgresSqlState(
            url_, std::string("SELECT 1 / (SELECT count(*) - 1 + 1 FROM pg_trigger t ") +
                      "JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = '" + table +
                      "' AND t.tgname = '" + table + "_append_only' AND " + "t.tgtype & 24 = 24)"),
        "")
        << table;
  }
  for (const char* table :
       {"certificates", "certificate_status", "events", "log_leaves", "log_checkpoints",
        "log_cosignatures", "stat_sources", "stat_figures", "stat_revisions"}) {
    EXPECT_EQ(testing::PostgresSqlState(url_, std::string("TRUNCATE ") + table + " CASCADE"),
              "23000")
        << table;
  }
  auto events = ReadValue(*db_, [&](Txn& t) { return db_->events().List(t, 0, 10); });
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].kind, "certificate.issued");
}

// Every append-only table holding a row, written through the stores; then raw UPDATE and DELETE
// of each are refused by the database itself, and the rows are still there.
TEST_F(PostgresBackend, EveryAppendOnlyTableRefusesUpdateAndDelete) {
  Status seeded = db_->Write([&](Txn& t) -> Status {
    OPENKP_RETURN_IF_ERROR(db_->registry().UpsertParticipant(t, {"BW", "Botswana", "MME"}));
    OPENKP_RETURN_IF_ERROR(db_->registry().UpsertParticipant(t, {"EU", "European Union", "DG"}));
    OPENKP_RETURN_IF_ERROR(db_->registry().AddKey(
        t, {"k1", "BW", std::string(32, 'k'), *core::Date::Parse("2026-01-01"), {}, {}, ""}));
    OPENKP_RETURN_IF_ERROR(
        db_->registry().InsertCertificate(t, testing::MinimalCertificate("BW-2026-000001")));
    OPENKP_RETURN_IF_ERROR(db_->events().Append(
        t, Event{0, "certificate.issued", "BW-2026-000001", "BW", "", "t", ""}));
    OPENKP_RETURN_IF_ERROR(db_->log().AppendLeaves(t, {{0, 1, "entry", "salt"}}));
    OPENKP_RETURN_IF_ERROR(db_->log().AddCheckpoint(t, {1, std::string(32, 'r'), "note"}));
    OPENKP_RETURN_IF_ERROR(db_->log().AddCosignature(t, 1, "w", "line"));
    StatFigure f;
    f.participant = "BW";
    f.year = 2025;
    f.period = "2025";
    f.flow = "production";
    f.kind = "total";
    f.carats_hundredths = 100;
    f.value_usd_cents = 100;
    for (const char* vintage : {"2026-01-01", "2026-02-01"}) {
      StatSource src{0,   "production", "p.csv", std::string("sha-") + vintage, vintage, "",
                     "t", "{}",         0};
      f.carats_hundredths += 100;  // a different amount: the second import revises the first
      auto imported = db_->stats().ImportFigures(t, src, {f});
      if (!imported.ok()) return imported.status();
    }
    return {};
  });
  ASSERT_TRUE(seeded.ok()) << seeded.message();
  const std::pair<const char*, const char*> tables[] = {
      {"certificates", "number"},      {"events", "kind"},
      {"log_leaves", "entry"},         {"log_checkpoints", "note"},
      {"log_cosignatures", "line"},    {"stat_sources", "name"},
      {"stat_figures", "source_rows"}, {"stat_revisions", "source_id"}};
  for (const auto& [table, column] : tables) {
    EXPECT_EQ(testing::PostgresSqlState(
                  url_, std::string("UPDATE ") + table + " SET " + column + " = " + column),
              "23000")
        << table;
    EXPECT_EQ(testing::PostgresSqlState(url_, std::string("DELETE FROM ") + table), "23000")
        << table;
  }
  EXPECT_EQ(testing::PostgresSqlState(url_, "DELETE FROM certificate_status"), "23000");
  // A state row's copy of its certificate's issuer and date (the anomaly scan's order) is fixed.
  EXPECT_EQ(testing::PostgresSqlState(url_, "UPDATE certificate_status SET issuer = 'ZZ'"),
            "23000");
  EXPECT_EQ(testing::PostgresSqlState(url_, "UPDATE certificate_status SET issued_on = issued_on"),
            "23000");
  // Their rows are all still there.
  EXPECT_EQ(testing::PostgresSqlState(url_, "SELECT 1 / (SELECT count(*) FROM stat_revisions)"),
            "");
  EXPECT_EQ(testing::PostgresSqlState(url_, "SELECT 1 / (SELECT count(*) FROM log_cosignatures)"),
            "");
  EXPECT_EQ(testing::PostgresSqlState(url_, "SELECT 1 / (SELECT count(*) FROM certificates)"), "");
  EXPECT_EQ(testing::PostgresSqlState(url_, "SELECT 1 / (SELECT count(*) FROM log_leaves)"), "");
}

// A server that vanishes without closing its connections (power off, a partition) is noticed on
// both sides within seconds: libpq's keepalives here, PostgreSQL's for each session (the
// sequencer's lease is such a session).
// A scan (Stmt::kScan) reads through a cursor in batches: every row once, in order, with two
// cursors open at once on one connection (the anomaly scan merges two), and an error in the
// query is the statement's status.
TEST_F(PostgresBackend, ScansReadInBatchesThroughCursors) {
  PGconn* conn = PQconnectdb(url_.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK);
  ASSERT_TRUE(postgresql::Exec(conn, "BEGIN READ ONLY", "begin").ok());
  {
    postgresql::PgStatement odd(conn, "SELECT n FROM generate_series(1, 9, 2) n ORDER BY n", 2);
    postgresql::PgStatement even(conn, "SELECT n FROM generate_series(?, 10, 2) n ORDER BY n", 3);
    even.BindInt(1, 2);
    std::vector<int64_t> seen;
    for (bool o = odd.Step(), e = even.Step(); o || e;) {
      if (o) seen.push_back(odd.Int(0)), o = odd.Step();
      if (e) seen.push_back(even.Int(0)), e = even.Step();
    }
    EXPECT_TRUE(odd.status("odd").ok()) << odd.status("odd").message();
    EXPECT_TRUE(even.status("even").ok());
    EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    EXPECT_FALSE(odd.Step());  // stays at its end
    postgresql::PgStatement exact(conn, "SELECT n FROM generate_series(1, 4) n", 2);
    int rows = 0;
    while (exact.Step()) ++rows;  // a last batch that is full, then an empty one
    EXPECT_EQ(rows, 4);
  }
  postgresql::PgStatement bad(conn, "SELECT no_such_column FROM generate_series(1, 3)", 2);
  EXPECT_FALSE(bad.Step());
  EXPECT_NE(bad.status("bad scan").message().find("no_such_column"), std::string::npos);
  PQfinish(conn);
}

TEST_F(PostgresBackend, SessionsNoticeAVanishedPeerOnBothSides) {
  auto conn = postgresql::Connect(url_);
  ASSERT_TRUE(conn.ok()) << conn.status().message();
  auto show = [&](const char* setting) {
    postgresql::PgResult r(PQexec(conn->get(), (std::string("SHOW ") + setting).c_str()));
    return PQresultStatus(r.get()) == PGRES_TUPLES_OK ? std::string(PQgetvalue(r.get(), 0, 0))
                                                      : std::string("error");
  };
  EXPECT_EQ(show("tcp_keepalives_idle"), "10");
  EXPECT_EQ(show("tcp_keepalives_interval"), "5");
  EXPECT_EQ(show("tcp_keepalives_count"), "3");
  EXPECT_EQ(std::string(PQparameterStatus(conn->get(), "TimeZone")), "UTC");
  EXPECT_NE(postgresql::WithTimeouts(url_).find("keepalives_idle=30"), std::string::npos);
}

TEST_F(PostgresBackend, UnreachableServerAndNewerSchemaAreClearErrors) {
  auto gone = postgresql::Open("postgresql://openkp@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(gone.status().code(), Code::kUnavailable);
  EXPECT_NE(gone.status().message().find("cannot connect to PostgreSQL"), std::string::npos);
  db_.reset();
  ASSERT_EQ(testing::PostgresSqlState(url_, "INSERT INTO schema_migrations VALUES (999, 'later')"),
            "");
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
