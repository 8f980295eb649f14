#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include "store/store.h"
#include "temp_dir.h"

namespace openkp::store {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_ / "t.db";
    auto s = OpenSqliteStore(path_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }
  void TearDown() override { store_.reset(); }
  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, MigratesOnceAndReopens) {
  ASSERT_TRUE(store_->UpsertParticipant({"BW", "Botswana", "MME"}).ok());
  store_.reset();
  auto again = OpenSqliteStore(path_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->GetParticipant("BW")->name, "Botswana");
  EXPECT_EQ((*again)->GetParticipant("ZZ").status().code(), core::Code::kNotFound);
}

TEST_F(SqliteStoreTest, TransactionRollsBackEverything) {
  Status s = store_->InTransaction([&]() -> Status {
    EXPECT_TRUE(store_->UpsertParticipant({"BW", "Botswana", "MME"}).ok());
    return Status::Invalid("x", "test", "abort");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(store_->ListParticipants()->size(), 0u);
}

TEST_F(SqliteStoreTest, SequencesArePerIssuerAndYear) {
  EXPECT_EQ(*store_->NextCertificateSequence("BW", 2026), 1);
  EXPECT_EQ(*store_->NextCertificateSequence("BW", 2026), 2);
  EXPECT_EQ(*store_->NextCertificateSequence("BW", 2027), 1);
  EXPECT_EQ(*store_->NextCertificateSequence("ZA", 2026), 1);
}

TEST_F(SqliteStoreTest, EventsAndCertificatesAreAppendOnly) {
  ASSERT_TRUE(store_->UpsertParticipant({"BW", "Botswana", "MME"}).ok());
  AuthorityKey k{"k1", "BW", std::string(32, 'k'), *core::Date::Parse("2026-01-01"), {}, {}, ""};
  ASSERT_TRUE(store_->AddKey(k, {0, "key.registered", "k1", "BW", "", "t", "{}"}).ok());
  ASSERT_TRUE(store_->UpsertParticipant({"EU", "European Union", "DG Trade"}).ok());
  CertificateRecord rec;
  rec.certificate.body.number = "BW-1";
  rec.certificate.body.issuer = "BW";
  rec.certificate.body.destination = "EU";
  rec.certificate.body.key_id = "k1";
  rec.certificate.body.lines = {{"7102.10", 100, 100}};
  rec.certificate.body.parcels = 1;
  rec.document = "{}";
  ASSERT_TRUE(
      store_->InsertCertificate(rec, {0, "certificate.issued", "BW-1", "BW", "", "t", "{}"}).ok());
  auto events = *store_->ListUnloggedEvents(10);
  ASSERT_TRUE(store_->AppendLogLeaves({{0, events[0].id, "entry", "salt"}}).ok());
  ASSERT_TRUE(store_->AddLogCheckpoint({1, std::string(32, 'r'), "note"}).ok());
  ASSERT_TRUE(store_->AddLogCosignature(1, "w", "line").ok());
  // Leaves must continue the sequence.
  EXPECT_FALSE(store_->AppendLogLeaves({{5, events[1].id, "entry", "salt"}}).ok());
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  for (const char* sql :
       {"UPDATE events SET kind = 'x'", "DELETE FROM events", "UPDATE certificates SET parcels = 2",
        "DELETE FROM certificates", "UPDATE log_leaves SET entry = 'x'", "DELETE FROM log_leaves",
        "UPDATE log_checkpoints SET note = 'x'", "DELETE FROM log_checkpoints",
        "UPDATE log_cosignatures SET line = 'x'", "DELETE FROM log_cosignatures"}) {
    char* err = nullptr;
    EXPECT_NE(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << sql;
    sqlite3_free(err);
  }
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, TokensAreFoundByHashOnly) {
  ASSERT_TRUE(store_->UpsertParticipant({"BW", "Botswana", "MME"}).ok());
  auto u = store_->AddUser({0, "Officer", Role::kOfficer, "BW", "", 0}, "hash1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(store_->FindUserByToken("hash1")->participant, "BW");
  EXPECT_EQ(store_->FindUserByToken("nope").status().code(), core::Code::kUnauthenticated);
  EXPECT_EQ(store_->AddUser({0, "Dup", Role::kOfficer, "BW", "", 0}, "hash1").status().code(),
            core::Code::kAlreadyExists);
  EXPECT_EQ(store_->ListUsers()->size(), 1u);  // the failed add left nothing behind
}

}  // namespace openkp::store

namespace openkp::store {

// Group commit: many threads' transactions share commits, and a failing one rolls back alone.
TEST_F(SqliteStoreTest, ConcurrentTransactionsCommitTogetherAndFailAlone) {
  ASSERT_TRUE(store_->UpsertParticipant({"BW", "Botswana", "MME"}).ok());
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> ok{0}, failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = i % 5 == 0;
        Status s = store_->InTransaction([&]() -> Status {
          OPENKP_RETURN_IF_ERROR(store_->NextCertificateSequence("T" + std::to_string(t), 2026));
          if (fail) return Status::Invalid("x", "test", "deliberate failure");
          return Status();
        });
        (s.ok() ? ok : failed)++;
        EXPECT_EQ(s.ok(), !fail) << s.message();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, kThreads * kPerThread * 4 / 5);
  EXPECT_EQ(failed, kThreads * kPerThread / 5);
  // Each thread's sequence advanced only for its successful transactions.
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(*store_->NextCertificateSequence("T" + std::to_string(t), 2026),
              kPerThread * 4 / 5 + 1);
  }
}

}  // namespace openkp::store

namespace openkp::store {

// Submitted transactions (the HTTP issue path) and waiting callers share one queue: each gets
// its own outcome after the commit that decides it, and failures roll back alone.
TEST_F(SqliteStoreTest, SubmittedTransactionsMixWithWaitingOnes) {
  constexpr int kThreads = 4, kPerThread = 100;
  std::atomic<int> submitted_ok{0}, submitted_failed{0}, outcomes{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = i % 10 == 3;
        if (t % 2 == 0) {  // submitters never wait
          store_->SubmitTransaction(
              [&, fail]() -> Status {
                OPENKP_RETURN_IF_ERROR(store_->NextCertificateSequence("S", 2026));
                if (fail) return Status::Invalid("x", "test", "deliberate failure");
                return Status();
              },
              [&, fail](const Status& s) {
                EXPECT_EQ(s.ok(), !fail) << s.message();
                (s.ok() ? submitted_ok : submitted_failed)++;
                outcomes++;
              });
        } else {
          Status s = store_->InTransaction(
              [&] { return store_->NextCertificateSequence("W", 2026).status(); });
          EXPECT_TRUE(s.ok()) << s.message();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  // A waiting transaction queued after every submission returns after they are decided.
  ASSERT_TRUE(store_->InTransaction([] { return Status(); }).ok());
  EXPECT_EQ(outcomes, kThreads / 2 * kPerThread);
  EXPECT_EQ(submitted_failed, kThreads / 2 * kPerThread / 10);
  EXPECT_EQ(*store_->NextCertificateSequence("S", 2026), submitted_ok + 1);
  EXPECT_EQ(*store_->NextCertificateSequence("W", 2026), kThreads / 2 * kPerThread + 1);
}

TEST_F(SqliteStoreTest, SubmittedWorkRunsBeforeTheStoreCloses) {
  std::atomic<int> done{0};
  Store* store = store_.get();  // reset() clears store_ before destroying the store
  for (int i = 0; i < 50; ++i) {
    store->SubmitTransaction([&] { return store->NextCertificateSequence("BW", 2026).status(); },
                             [&](const Status& s) { done += s.ok() ? 1 : 0; });
  }
  store_.reset();  // waits for the committer to run all 50
  EXPECT_EQ(done, 50);
  auto again = OpenSqliteStore(path_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->NextCertificateSequence("BW", 2026), 51);
}

TEST_F(SqliteStoreTest, AnExceptionInWorkFailsOnlyThatTransaction) {
  std::promise<Status> thrown;
  store_->SubmitTransaction(
      [&]() -> Status {
        OPENKP_RETURN_IF_ERROR(store_->NextCertificateSequence("BW", 2026));
        throw std::runtime_error("boom");
      },
      [&](const Status& s) { thrown.set_value(s); });
  Status s = thrown.get_future().get();
  EXPECT_EQ(s.code(), core::Code::kInternal);
  EXPECT_NE(s.message().find("boom"), std::string::npos);
  EXPECT_EQ(*store_->NextCertificateSequence("BW", 2026), 1);  // rolled back
  // The same for a waiting caller, and the store goes on working.
  EXPECT_EQ(store_->InTransaction([]() -> Status { throw std::logic_error("x"); }).code(),
            core::Code::kInternal);
  EXPECT_EQ(*store_->NextCertificateSequence("BW", 2026), 2);
}

}  // namespace openkp::store
