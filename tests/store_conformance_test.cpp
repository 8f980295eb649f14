// The contracts of store::Database and its domain stores (src/store/*.h), run against every
// backend this build has (backends::Schemes()). A new backend is done when it passes this.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "backends/backends.h"
#include "pg_database.h"
#include "store/store.h"
#include "store_records.h"
#include "temp_dir.h"

namespace openkp::store {
namespace {

using core::Code;

class StoreConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") url_ = backends::SqliteUrl(dir_ / "t.db");
    if (GetParam() == "postgresql") url_ = testing::FreshPostgresDatabase();
    ASSERT_FALSE(url_.empty()) << "no test URL for backend " << GetParam();
    Reopen();
  }
  void Reopen() {
    db_.reset();
    auto opened = backends::OpenDatabase(url_);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    db_ = std::move(*opened);
  }
  Status Write(const std::function<Status(Txn&)>& work) { return db_->Write(work); }
  Result<int64_t> NextSequence(const std::string& issuer, int year = 2026) {
    return WriteValue(
        *db_, [&](Txn& t) { return db_->registry().NextCertificateSequence(t, issuer, year); });
  }
  Status AddParticipant(const Participant& p) {
    return Write([&](Txn& t) { return db_->registry().UpsertParticipant(t, p); });
  }
  // A minimal certificate of BW to EU signed by key k1 (which AddBwEuAndKey registers).
  static CertificateRecord Certificate(const std::string& number) {
    return testing::MinimalCertificate(number);
  }
  void AddBwEuAndKey() {
    ASSERT_TRUE(AddParticipant({"BW", "Botswana", "MME"}).ok());
    ASSERT_TRUE(AddParticipant({"EU", "European Union", "DG Trade"}).ok());
    AuthorityKey k{"k1", "BW", std::string(32, 'k'), *core::Date::Parse("2026-01-01"), {}, {}, ""};
    ASSERT_TRUE(Write([&](Txn& t) { return db_->registry().AddKey(t, k); }).ok());
  }

  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_P(StoreConformance, MigratesOnceAndReopens) {
  ASSERT_TRUE(AddParticipant({"BW", "Botswana", "MME"}).ok());
  Reopen();
  auto bw = ReadValue(*db_, [&](Txn& t) { return db_->registry().GetParticipant(t, "BW"); });
  EXPECT_EQ(bw->name, "Botswana");
  auto zz = ReadValue(*db_, [&](Txn& t) { return db_->registry().GetParticipant(t, "ZZ"); });
  EXPECT_EQ(zz.status().code(), Code::kNotFound);
}

TEST_P(StoreConformance, AFailedWriteRollsBackEverything) {
  Status s = Write([&](Txn& t) -> Status {
    EXPECT_TRUE(db_->registry().UpsertParticipant(t, {"BW", "Botswana", "MME"}).ok());
    return Status::Invalid("x", "test", "abort");
  });
  EXPECT_EQ(s.rule(), "test");
  auto all = ReadValue(*db_, [&](Txn& t) { return db_->registry().ListParticipants(t); });
  EXPECT_EQ(all->size(), 0u);
}

TEST_P(StoreConformance, ReadTransactionsRefuseWritesAndNestingIsRefused) {
  Status s = db_->Read([&](Txn& t) {
    return db_->registry().UpsertParticipant(t, {"BW", "B", "M"});
  });
  EXPECT_EQ(s.code(), Code::kInternal);
  Status nested = Write([&](Txn&) { return db_->Write([](Txn&) { return Status(); }); });
  EXPECT_EQ(nested.code(), Code::kInternal);
  Status nested_read = Write([&](Txn&) { return db_->Read([](Txn&) { return Status(); }); });
  EXPECT_EQ(nested_read.code(), Code::kInternal);
  EXPECT_TRUE(AddParticipant({"BW", "Botswana", "MME"}).ok());  // still usable
}

TEST_P(StoreConformance, SequencesArePerIssuerAndYear) {
  EXPECT_EQ(*NextSequence("BW", 2026), 1);
  EXPECT_EQ(*NextSequence("BW", 2026), 2);
  EXPECT_EQ(*NextSequence("BW", 2027), 1);
  EXPECT_EQ(*NextSequence("ZA", 2026), 1);
}

TEST_P(StoreConformance, ChangeStampsMoveWithCommitsAndReferenceData) {
  auto before = *db_->CurrentChangeStamp();
  auto ref_before = *db_->CurrentReferenceStamp();
  ASSERT_TRUE(NextSequence("BW").ok());
  EXPECT_FALSE(*db_->CurrentChangeStamp() == before);
  EXPECT_TRUE(*db_->CurrentReferenceStamp() == ref_before);  // not reference data
  ASSERT_TRUE(AddParticipant({"BW", "Botswana", "MME"}).ok());
  EXPECT_FALSE(*db_->CurrentReferenceStamp() == ref_before);
}

TEST_P(StoreConformance, TokensAreFoundByHashOnly) {
  ASSERT_TRUE(AddParticipant({"BW", "Botswana", "MME"}).ok());
  auto& accounts = db_->accounts();
  auto u = WriteValue(*db_, [&](Txn& t) {
    return accounts.AddUser(t, {0, "Officer", Role::kOfficer, "BW", "", 0}, "hash1");
  });
  ASSERT_TRUE(u.ok()) << u.status().message();
  auto found = ReadValue(*db_, [&](Txn& t) { return accounts.FindUserByToken(t, "hash1"); });
  EXPECT_EQ(found->participant, "BW");
  auto unknown = ReadValue(*db_, [&](Txn& t) { return accounts.FindUserByToken(t, "nope"); });
  EXPECT_EQ(unknown.status().code(), Code::kUnauthenticated);
  auto dup = WriteValue(*db_, [&](Txn& t) {
    return accounts.AddUser(t, {0, "Dup", Role::kOfficer, "BW", "", 0}, "hash1");
  });
  EXPECT_EQ(dup.status().code(), Code::kAlreadyExists);
  auto users = ReadValue(*db_, [&](Txn& t) { return accounts.ListUsers(t); });
  EXPECT_EQ(users->size(), 1u);  // the failed add left nothing behind
  // Revoked tokens and disabled users are refused, with the reason.
  auto revoked = WriteValue(*db_, [&](Txn& t) { return accounts.RevokeTokens(t, u->id); });
  EXPECT_EQ(*revoked, 1);
  auto after = ReadValue(*db_, [&](Txn& t) { return accounts.FindUserByToken(t, "hash1"); });
  EXPECT_NE(after.status().message().find("revoked"), std::string::npos);
  ASSERT_TRUE(Write([&](Txn& t) { return accounts.AddToken(t, u->id, "hash2"); }).ok());
  ASSERT_TRUE(Write([&](Txn& t) { return accounts.SetUserDisabled(t, u->id, true); }).ok());
  auto disabled = ReadValue(*db_, [&](Txn& t) { return accounts.FindUserByToken(t, "hash2"); });
  EXPECT_NE(disabled.status().message().find("disabled"), std::string::npos);
  EXPECT_EQ(Write([&](Txn& t) { return accounts.SetUserDisabled(t, 999, true); }).code(),
            Code::kNotFound);
  // A row referring to a missing one; revoking the tokens of nobody.
  EXPECT_EQ(Write([&](Txn& t) { return accounts.AddToken(t, 999, "hash3"); }).code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(*WriteValue(*db_, [&](Txn& t) { return accounts.RevokeTokens(t, 999); }), 0);
}

// A `done` of submitted work runs on the committer thread, which still leads: writing to the
// same database from it is refused, never a deadlock.
TEST_P(StoreConformance, WritingFromADoneCallbackIsRefused) {
  std::promise<Status> nested;
  db_->SubmitWrite(
      [](Txn&) { return Status(); },
      [&](const Status&) { nested.set_value(db_->Write([](Txn&) { return Status(); })); });
  EXPECT_EQ(nested.get_future().get().code(), Code::kInternal);
  EXPECT_TRUE(NextSequence("BW").ok());
}

TEST_P(StoreConformance, CertificatesMoveOnceFromIssued) {
  AddBwEuAndKey();
  auto& reg = db_->registry();
  ASSERT_TRUE(Write([&](Txn& t) { return reg.InsertCertificate(t, Certificate("BW-1")); }).ok());
  ASSERT_TRUE(Write([&](Txn& t) { return reg.InsertCertificate(t, Certificate("BW-2")); }).ok());
  Status dup = Write([&](Txn& t) { return reg.InsertCertificate(t, Certificate("BW-1")); });
  EXPECT_EQ(dup.code(), Code::kAlreadyExists);
  EXPECT_EQ(dup.field(), "number");
  // A taken number leaves the transaction usable: the registry takes the next number in it.
  ASSERT_TRUE(Write([&](Txn& t) -> Status {
                EXPECT_EQ(reg.InsertCertificate(t, Certificate("BW-2")).code(),
                          Code::kAlreadyExists);
                return reg.InsertCertificate(t, Certificate("BW-3"));
              }).ok());
  EXPECT_TRUE(ReadValue(*db_, [&](Txn& t) { return reg.GetCertificate(t, "BW-3"); }).ok());
  Confirmation c{*core::Date::Parse("2026-06-20"), 100, 100, 1, {}, "EU officer"};
  ASSERT_TRUE(Write([&](Txn& t) { return reg.RecordConfirmation(t, "BW-1", c); }).ok());
  EXPECT_EQ(Write([&](Txn& t) { return reg.RecordConfirmation(t, "BW-1", c); }).code(),
            Code::kFailedPrecondition);
  Voiding v{*core::Date::Parse("2026-06-21"), "lost", "", "BW officer"};
  EXPECT_EQ(Write([&](Txn& t) { return reg.RecordVoiding(t, "BW-1", v); }).code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(Write([&](Txn& t) { return reg.RecordVoiding(t, "BW-9", v); }).code(), Code::kNotFound);
  ASSERT_TRUE(Write([&](Txn& t) { return reg.RecordVoiding(t, "BW-2", v); }).ok());
  auto one = ReadValue(*db_, [&](Txn& t) { return reg.GetCertificate(t, "BW-1"); });
  EXPECT_EQ(one->state, CertificateState::kConfirmed);
  EXPECT_EQ(one->confirmation->confirmed_by, "EU officer");
  CertificateFilter f;
  f.status = "voided";
  f.today = *core::Date::Parse("2026-06-22");
  auto page = ReadValue(*db_, [&](Txn& t) { return reg.ListCertificates(t, f); });
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].number, "BW-2");
}

// The anomaly rules read every certificate with its state, ordered by issuer, issue date and
// number (the number-sequence check depends on it), or one participant's of a span of dates.
TEST_P(StoreConformance, CertificateFactsComeInIssuerDateNumberOrder) {
  AddBwEuAndKey();
  ASSERT_TRUE(AddParticipant({"AE", "United Arab Emirates", "MoE"}).ok());
  auto& reg = db_->registry();
  auto cert = [](const std::string& number, const std::string& issuer, const std::string& to,
                 const char* day) {
    CertificateRecord r = Certificate(number);
    r.certificate.body.issuer = issuer;
    r.certificate.body.destination = to;
    r.certificate.body.issued_on = *core::Date::Parse(day);
    return r;
  };
  // Inserted out of order.
  for (const auto& r :
       {cert("EU-2", "EU", "BW", "2026-01-02"), cert("BW-9", "BW", "EU", "2026-03-01"),
        cert("BW-2", "BW", "AE", "2026-03-01"), cert("BW-5", "BW", "EU", "2025-12-31"),
        cert("AE-1", "AE", "BW", "2026-07-01")}) {
    ASSERT_TRUE(Write([&](Txn& t) { return reg.InsertCertificate(t, r); }).ok())
        << r.certificate.body.number;
  }
  Confirmation c{*core::Date::Parse("2026-03-05"), 90, 100, 2, {}, "EU officer"};
  ASSERT_TRUE(Write([&](Txn& t) { return reg.RecordConfirmation(t, "BW-9", c); }).ok());
  auto scan = [&](const CertificateScope& scope) {
    std::vector<std::string> seen;
    EXPECT_TRUE(
        db_->Read([&](Txn& t) {
             return db_->stats().ScanCertificateFacts(t, scope, [&](const CertificateFacts& f) {
               seen.push_back(f.number + (f.state == CertificateState::kConfirmed
                                              ? ":" + f.received_on->ToString() + ":" +
                                                    std::to_string(f.received_carats_hundredths) +
                                                    ":" + std::to_string(f.received_parcels)
                                              : ""));
             });
           })
            .ok());
    return seen;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(scan({}), (V{"AE-1", "BW-5", "BW-2", "BW-9:2026-03-05:90:2", "EU-2"}));
  EXPECT_EQ(scan({"BW", false, core::Date::Parse("2026-01-01").value(),
                  core::Date::Parse("2026-12-31").value()}),
            (V{"BW-2", "BW-9:2026-03-05:90:2"}));
  EXPECT_EQ(scan({"BW", true, std::nullopt, std::nullopt}), (V{"AE-1", "EU-2"}));
  // Counts per state, as issuer and as destination (all expire on 2026-08-14).
  auto count = [&](const std::string& who, bool received, const char* today) {
    return ReadValue(*db_, [&](Txn& t) {
      return reg.CountCertificates(t, who, received, *core::Date::Parse("2026-01-01"),
                                   *core::Date::Parse("2026-12-31"), *core::Date::Parse(today));
    });
  };
  auto bw = count("BW", false, "2026-03-02");
  ASSERT_TRUE(bw.ok()) << bw.status().message();
  EXPECT_EQ(bw->all, 2);  // BW-5 was issued in 2025
  EXPECT_EQ(bw->confirmed, 1);
  EXPECT_EQ(bw->pending, 1);
  EXPECT_EQ(count("BW", false, "2026-09-01")->expired, 1);
  auto to_bw = count("BW", true, "2026-03-02");
  EXPECT_EQ(to_bw->all, 2);
  EXPECT_EQ(to_bw->pending, 2);
  EXPECT_EQ(count("ZW", true, "2026-03-02")->all, 0);
}

TEST_P(StoreConformance, IdempotencyKeysAreUniquePerUser) {
  AddBwEuAndKey();
  auto& reg = db_->registry();
  ASSERT_TRUE(Write([&](Txn& t) { return reg.InsertCertificate(t, Certificate("BW-1")); }).ok());
  ASSERT_TRUE(WriteValue(*db_, [&](Txn& t) {
                return db_->accounts().AddUser(t, {0, "O", Role::kOfficer, "BW", "", 0}, "h");
              }).ok());
  ASSERT_TRUE(Write([&](Txn& t) { return reg.AddIssueKey(t, 1, "k", {"sha", "BW-1"}); }).ok());
  EXPECT_EQ(Write([&](Txn& t) {
              return reg.AddIssueKey(t, 1, "k", {"sha", "BW-1"});
            }).code(),
            Code::kAlreadyExists);
  auto found = ReadValue(*db_, [&](Txn& t) { return reg.FindIssueKey(t, 1, "k"); });
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->number, "BW-1");
  auto none = ReadValue(*db_, [&](Txn& t) { return reg.FindIssueKey(t, 1, "other"); });
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreConformance, EventsAndLogLeavesKeepTheirOrder) {
  AddBwEuAndKey();
  auto& events = db_->events();
  auto& log = db_->log();
  for (const char* n : {"BW-1", "BW-2"}) {
    ASSERT_TRUE(Write([&](Txn& t) -> Status {
                  OPENKP_RETURN_IF_ERROR(db_->registry().InsertCertificate(t, Certificate(n)));
                  return events.Append(t, {0, "certificate.issued", n, "BW", "", "t", ""});
                }).ok());
  }
  auto unlogged = ReadValue(*db_, [&](Txn& t) { return log.UnloggedEvents(t, 10); });
  ASSERT_EQ(unlogged->size(), 2u);
  EXPECT_LT((*unlogged)[0].id, (*unlogged)[1].id);
  EXPECT_EQ((*unlogged)[0].payload, "{}");
  auto latest =
      ReadValue(*db_, [&](Txn& t) { return events.Latest(t, "certificate.issued", "BW-2"); });
  EXPECT_EQ(latest->subject, "BW-2");
  const int64_t first = (*unlogged)[0].id, second = (*unlogged)[1].id;
  ASSERT_TRUE(Write([&](Txn& t) { return log.AppendLeaves(t, {{0, first, "e0", "s0"}}); }).ok());
  // Leaves must continue the sequence.
  EXPECT_FALSE(Write([&](Txn& t) { return log.AppendLeaves(t, {{5, second, "e", "s"}}); }).ok());
  ASSERT_TRUE(Write([&](Txn& t) {
                return log.AddCheckpoint(t, {1, std::string(32, 'r'), "n"});
              }).ok());
  ASSERT_TRUE(Write([&](Txn& t) { return log.AddCosignature(t, 1, "w", "line1"); }).ok());
  ASSERT_TRUE(Write([&](Txn& t) { return log.AddCosignature(t, 1, "w", "line2"); }).ok());
  auto cosigs = ReadValue(*db_, [&](Txn& t) { return log.Cosignatures(t, 1); });
  EXPECT_EQ(*cosigs, std::vector<std::string>{"line1"});  // the first is kept
  auto leaf = ReadValue(*db_, [&](Txn& t) { return log.LeafForEvent(t, first); });
  EXPECT_EQ(leaf->salt, "s0");
  auto count = ReadValue(*db_, [&](Txn& t) { return log.LeafCount(t); });
  EXPECT_EQ(*count, 1u);
  auto cp = ReadValue(*db_, [&](Txn& t) { return log.LatestCheckpoint(t); });
  EXPECT_EQ((*cp)->size, 1u);
  unlogged = ReadValue(*db_, [&](Txn& t) { return log.UnloggedEvents(t, 10); });
  ASSERT_EQ(unlogged->size(), 1u);
  EXPECT_EQ((*unlogged)[0].id, second);
}

// A cache of anomaly findings keys on these: they move with certificate and key events (and
// statistics sources), not with other services' events.
TEST_P(StoreConformance, LatestInputsMoveWithCertificateAndKeyEventsOnly) {
  auto marks = [&] {
    auto m = ReadValue(*db_, [&](Txn& t) { return db_->stats().LatestInputs(t); });
    EXPECT_TRUE(m.ok()) << m.status().message();
    return m.ok() ? *m : std::make_pair(int64_t{-1}, int64_t{-1});
  };
  EXPECT_EQ(marks(), std::make_pair(int64_t{0}, int64_t{0}));
  AddBwEuAndKey();
  auto append = [&](const std::string& kind, const std::string& subject) {
    return Write([&](Txn& t) {
      return db_->events().Append(t, {0, kind, subject, "", "", "t", ""});
    });
  };
  ASSERT_TRUE(append("key.registered", "k1").ok());
  const auto after_key = marks();
  EXPECT_EQ(after_key.first, 0);
  EXPECT_GT(after_key.second, 0);
  ASSERT_TRUE(append("monitor.report.received", "report:1").ok());
  ASSERT_TRUE(append("review.questionnaire.sent", "questionnaire:1:step:1").ok());
  EXPECT_EQ(marks(), after_key);
  ASSERT_TRUE(
      Write([&](Txn& t) -> Status {
        OPENKP_RETURN_IF_ERROR(db_->registry().InsertCertificate(t, Certificate("BW-9")));
        return db_->events().Append(t, {0, "certificate.issued", "BW-9", "BW", "", "t", ""});
      }).ok());
  EXPECT_GT(marks().second, after_key.second);
}

// Group commit: many threads' transactions share commits, and a failing one rolls back alone.
TEST_P(StoreConformance, ConcurrentTransactionsCommitTogetherAndFailAlone) {
  constexpr int kThreads = 8, kPerThread = 50;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> ok{0}, failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = i % 5 == 0;
        Status s = Write([&](Txn& txn) -> Status {
          OPENKP_RETURN_IF_ERROR(
              db_->registry().NextCertificateSequence(txn, "T" + std::to_string(t), 2026));
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
    EXPECT_EQ(*NextSequence("T" + std::to_string(t)), kPerThread * 4 / 5 + 1);
  }
}

// Submitted transactions (the HTTP issue path) and waiting callers share one queue: each gets
// its own outcome after the commit that decides it, and failures roll back alone.
TEST_P(StoreConformance, SubmittedTransactionsMixWithWaitingOnes) {
  constexpr int kThreads = 4, kPerThread = 100;
  std::atomic<int> submitted_ok{0}, submitted_failed{0}, outcomes{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const bool fail = i % 10 == 3;
        if (t % 2 == 0) {  // submitters never wait
          db_->SubmitWrite(
              [&, fail](Txn& txn) -> Status {
                OPENKP_RETURN_IF_ERROR(db_->registry().NextCertificateSequence(txn, "S", 2026));
                if (fail) return Status::Invalid("x", "test", "deliberate failure");
                return Status();
              },
              [&, fail](const Status& s) {
                EXPECT_EQ(s.ok(), !fail) << s.message();
                (s.ok() ? submitted_ok : submitted_failed)++;
                outcomes++;
              });
        } else {
          EXPECT_TRUE(NextSequence("W").ok());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  // A waiting transaction queued after every submission returns after they are decided.
  ASSERT_TRUE(Write([](Txn&) { return Status(); }).ok());
  EXPECT_EQ(outcomes, kThreads / 2 * kPerThread);
  EXPECT_EQ(submitted_failed, kThreads / 2 * kPerThread / 10);
  EXPECT_EQ(*NextSequence("S"), submitted_ok + 1);
  EXPECT_EQ(*NextSequence("W"), kThreads / 2 * kPerThread + 1);
}

TEST_P(StoreConformance, SubmittedWorkRunsBeforeTheDatabaseCloses) {
  std::atomic<int> done{0};
  Database* db = db_.get();  // reset() clears db_ before destroying the database
  for (int i = 0; i < 50; ++i) {
    db->SubmitWrite(
        [db](Txn& t) { return db->registry().NextCertificateSequence(t, "BW", 2026).status(); },
        [&](const Status& s) { done += s.ok() ? 1 : 0; });
  }
  db_.reset();  // waits for the committer to run all 50
  EXPECT_EQ(done, 50);
  Reopen();
  EXPECT_EQ(*NextSequence("BW"), 51);
}

// A long read aside (the anomaly scan) neither holds up writes and reads nor sees what they
// commit after it began; it refuses writes and nesting as Read does.
TEST_P(StoreConformance, AReadAsideHoldsNothingUp) {
  std::promise<void> inside, release;
  std::shared_future<void> released = release.get_future().share();
  std::optional<int64_t> seen_then, seen_later;
  std::thread aside([&] {
    Status st = db_->ReadAside([&](Txn& t) -> Status {
      auto before = db_->registry().ListParticipants(t);
      if (!before.ok()) return before.status();
      seen_then = static_cast<int64_t>(before->size());
      inside.set_value();
      released.wait();
      auto after = db_->registry().ListParticipants(t);  // the same snapshot
      if (!after.ok()) return after.status();
      seen_later = static_cast<int64_t>(after->size());
      return Status();
    });
    EXPECT_TRUE(st.ok()) << st.message();
  });
  inside.get_future().wait();
  // While it is open: a write commits and a read sees it. (Were they waiting for the read
  // aside, they would not finish before it is released: 60 s is a deadlock, not a timing.)
  auto others = std::async(std::launch::async, [&] {
    EXPECT_TRUE(Write([&](Txn& t) {
                  return db_->registry().UpsertParticipant(t, {"ZW", "Zimbabwe", "MMMD"});
                }).ok());
    return ReadValue(*db_, [&](Txn& t) { return db_->registry().ListParticipants(t); });
  });
  const bool finished = others.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
  release.set_value();
  aside.join();
  ASSERT_TRUE(finished) << "a write or read waited for a read aside";
  auto now = others.get();
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(static_cast<int64_t>(now->size()), *seen_then + 1);
  EXPECT_EQ(seen_later, seen_then);
  EXPECT_EQ(db_->ReadAside([&](Txn& t) {
                 return db_->registry().UpsertParticipant(t, {"CD", "Congo", "CEEC"});
               })
                .code(),
            Code::kInternal);
  EXPECT_EQ(Write([&](Txn&) { return db_->ReadAside([](Txn&) { return Status(); }); }).code(),
            Code::kInternal);
}

TEST_P(StoreConformance, AnExceptionInWorkFailsOnlyThatTransaction) {
  std::promise<Status> thrown;
  db_->SubmitWrite(
      [&](Txn& t) -> Status {
        OPENKP_RETURN_IF_ERROR(db_->registry().NextCertificateSequence(t, "BW", 2026));
        throw std::runtime_error("boom");
      },
      [&](const Status& s) { thrown.set_value(s); });
  Status s = thrown.get_future().get();
  EXPECT_EQ(s.code(), Code::kInternal);
  EXPECT_NE(s.message().find("boom"), std::string::npos);
  EXPECT_EQ(*NextSequence("BW"), 1);  // rolled back
  // The same for a waiting caller, and the database goes on working.
  EXPECT_EQ(Write([](Txn&) -> Status { throw std::logic_error("x"); }).code(), Code::kInternal);
  EXPECT_EQ(*NextSequence("BW"), 2);
}

// A backup is a consistent copy, taken while the database is in use, that opens as a database.
// (PostgreSQL's backups are pg_dump's: openkp says so.)
TEST_P(StoreConformance, BackupsAreCompleteCopies) {
  ASSERT_TRUE(AddParticipant({"BW", "Botswana", "MME"}).ok());
  ASSERT_TRUE(NextSequence("BW").ok());
  if (GetParam() == "postgresql") {
    Status refused = db_->BackupTo(dir_ / "copy.db");
    EXPECT_EQ(refused.code(), Code::kFailedPrecondition);
    EXPECT_NE(refused.message().find("pg_dump"), std::string::npos);
    return;
  }
  const std::string copy = dir_ / "copy.db";
  ASSERT_TRUE(db_->BackupTo(copy).ok());
  EXPECT_EQ(db_->BackupTo(copy).code(), Code::kAlreadyExists);  // never overwrites
  ASSERT_TRUE(NextSequence("BW").ok());                         // the original goes on
  auto opened = backends::OpenDatabase(backends::SqliteUrl(copy));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto bw =
      ReadValue(**opened, [&](Txn& t) { return (*opened)->registry().GetParticipant(t, "BW"); });
  EXPECT_EQ(bw->name, "Botswana");
  auto next = WriteValue(**opened, [&](Txn& t) {
    return (*opened)->registry().NextCertificateSequence(t, "BW", 2026);
  });
  EXPECT_EQ(*next, 2);  // the copy holds the state of the moment it was taken
}

TEST(BackendFactory, RefusesUnknownUrlsByName) {
  auto db = backends::OpenDatabase("mysql://nowhere");
  EXPECT_EQ(db.status().code(), Code::kInvalidArgument);
  EXPECT_NE(db.status().message().find("sqlite:"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, StoreConformance, ::testing::ValuesIn(backends::Schemes()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace openkp::store
