#include "transparency/log.h"

#include <gtest/gtest.h>

#include "backends/backends.h"
#include "db_peek.h"
#include "registry/log_entries.h"
#include "registry/registry.h"
#include "temp_dir.h"
#include "tlog/tile.h"
#include "transparency/audit.h"

namespace openkp::transparency {
namespace {

using registry::IssueRequest;
using registry::Principal;

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(*backends::OpenDatabase(backends::SqliteUrl(dir_ / "db")));
    vault_ = std::make_unique<registry::KeyVault>(dir_ / "keys");
    reg_ = std::make_unique<registry::Registry>(*store_, *vault_, [this] { return today_; });
    ASSERT_TRUE(reg_->InitParticipants().ok());
    ASSERT_TRUE(reg_->GenerateKey("BW", today_.AddDays(-10)).ok());
    accounts::Accounts accounts(*store_);
    bw_ = Principal{accounts.AddUser("bw", store::Role::kOfficer, "BW")->user};
    eu_ = Principal{accounts.AddUser("eu", store::Role::kOfficer, "EU")->user};
    tiles_ = OpenDirectoryTileStore(dir_ / "log");
  }

  tlog::NoteSigner Signer(uint8_t seed_byte = 7) {
    return tlog::NoteSigner("openkp.test/log", *crypto::KeyPair::FromSeed(
                                                   std::string(32, static_cast<char>(seed_byte))));
  }

  std::string Issue() {
    IssueRequest r;
    r.destination = "EU";
    r.origin = {false, {"BW"}};
    r.exporter = {"Secret Exporter Ltd", "Gaborone"};
    r.importer = {"Secret Importer NV", "Antwerp"};
    r.lines = {{"7102.31", 123456, 98765432}};
    r.parcels = 2;
    return reg_->Issue(bw_, r)->certificate.body.number;
  }

  // Everything recomputed from the published files alone: entries from the bundles, the tree
  // root from those entries, and the signed checkpoint.
  void ExpectPublishedLogIsSelfConsistent(const tlog::NoteVerifier& verifier) {
    auto note = tiles_->Get("checkpoint");
    ASSERT_TRUE(note.ok());
    auto opened = tlog::OpenNote(*note, {verifier});
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    auto cp = *tlog::ParseCheckpoint(opened->text);
    std::vector<tlog::Hash> leaves;
    for (uint64_t index = 0; index * 256 < cp.size; ++index) {
      const int width = cp.size - index * 256 >= 256 ? 0 : static_cast<int>(cp.size % 256);
      auto bundle = tiles_->Get(tlog::EntriesPath(index, width));
      ASSERT_TRUE(bundle.ok()) << tlog::EntriesPath(index, width);
      for (size_t p = 0; p < bundle->size();) {
        size_t len =
            (static_cast<uint8_t>((*bundle)[p]) << 8) | static_cast<uint8_t>((*bundle)[p + 1]);
        leaves.push_back(tlog::LeafHash(bundle->substr(p + 2, len)));
        p += 2 + len;
      }
    }
    ASSERT_EQ(leaves.size(), cp.size);
    EXPECT_EQ(tlog::RootOfLeafHashes(leaves), cp.root);
  }

  core::Date today_ = *core::Date::Parse("2026-06-15");
  testing::TempDir dir_;
  std::unique_ptr<store::Database> store_;
  std::unique_ptr<registry::KeyVault> vault_;
  std::unique_ptr<registry::Registry> reg_;
  std::unique_ptr<TileStore> tiles_;
  Principal bw_, eu_;
};

TEST_F(LogTest, SequencesEveryEventIntoTilesAndASignedCheckpoint) {
  const std::string n1 = Issue();
  const std::string n2 = Issue();
  ASSERT_TRUE(reg_->Confirm(eu_, n1, {std::nullopt, 123456, 98765432, 2}).ok());
  ASSERT_TRUE(reg_->Void(bw_, n2, {"lost", "x"}).ok());
  auto log = Log::Open(*store_, *tiles_, Signer(), registry::LogEntryKinds());
  ASSERT_TRUE(log.ok()) << log.status().message();
  auto cp = (*log)->Integrate();
  ASSERT_TRUE(cp.ok()) << cp.status().message();
  EXPECT_EQ(cp->size, 5u);  // key registered, 2 issued, confirmed, voided
  ExpectPublishedLogIsSelfConsistent((*log)->verifier());

  // Entries carry public fields and a commitment only: no parties, weights or values.
  auto leaves = *testing::Peek(*store_).LogLeaves(0, 10);
  EXPECT_EQ(leaves[1].entry.rfind(R"({"commitment":")", 0), 0u) << leaves[1].entry;
  for (const auto& l : leaves) {
    for (const char* secret : {"Secret", "123456", "98765432", "EU\"", "destination"}) {
      EXPECT_EQ(l.entry.find(secret), std::string::npos) << secret << " in " << l.entry;
    }
  }
  // The holder of the certificate and the salt can prove what the commitment commits to.
  auto rec = *testing::Peek(*store_).Certificate(n1);
  EXPECT_NE(leaves[1].entry.find(CertificateCommitment(leaves[1].salt, rec.certificate)),
            std::string::npos);
  // A receipt proves it offline, from the certificate, the receipt and the log's key only.
  auto receipt_text = (*log)->CertificateReceipt(n1);
  ASSERT_TRUE(receipt_text.ok()) << receipt_text.status().message();
  auto receipt = tlog::ParseReceipt(*receipt_text);
  ASSERT_TRUE(receipt.ok()) << receipt.status().message();
  EXPECT_EQ(tlog::FormatReceipt(*receipt), *receipt_text);
  auto checked = VerifyCertificateReceipt(rec.certificate, *receipt, (*log)->verifier());
  ASSERT_TRUE(checked.ok()) << checked.status().message();
  EXPECT_EQ(checked->checkpoint.size, 5u);
  EXPECT_EQ(checked->index, 1u);
  EXPECT_EQ(checked->status, "issued");
  EXPECT_EQ(checked->date, rec.certificate.body.issued_on.ToString());
  auto other =
      *testing::Peek(*store_).Certificate(n2);  // another certificate does not match this receipt
  EXPECT_EQ(
      VerifyCertificateReceipt(other.certificate, *receipt, (*log)->verifier()).status().rule(),
      "inclusion");
  auto altered = rec.certificate;
  altered.body.parcels = 3;
  EXPECT_EQ(VerifyCertificateReceipt(altered, *receipt, (*log)->verifier()).status().rule(),
            "inclusion");
  EXPECT_FALSE(VerifyCertificateReceipt(rec.certificate, *receipt, Signer(9).verifier()).ok());
  // The confirmation and the void are proven the same way; their entries travel in the receipt.
  auto confirmed = tlog::ParseReceipt(*(*log)->CertificateReceipt(n1, "confirmed"));
  ASSERT_TRUE(confirmed.ok()) << confirmed.status().message();
  auto proven = VerifyCertificateReceipt(rec.certificate, *confirmed, (*log)->verifier());
  ASSERT_TRUE(proven.ok()) << proven.status().message();
  EXPECT_EQ(proven->status, "confirmed");
  EXPECT_EQ(proven->index, 3u);
  const std::string confirmed_on =
      testing::Peek(*store_).LatestEvent("certificate.confirmed", n1)->at.substr(0, 10);
  EXPECT_EQ(proven->date, confirmed_on);
  auto voided = tlog::ParseReceipt(*(*log)->CertificateReceipt(n2, "voided"));
  ASSERT_TRUE(voided.ok()) << voided.status().message();
  proven = VerifyCertificateReceipt(other.certificate, *voided, (*log)->verifier());
  ASSERT_TRUE(proven.ok()) << proven.status().message();
  EXPECT_EQ(proven->status, "voided");
  // ...and only for their own certificate, untouched.
  EXPECT_EQ(VerifyCertificateReceipt(rec.certificate, *voided, (*log)->verifier()).status().rule(),
            "entry");
  EXPECT_EQ(VerifyCertificateReceipt(altered, *confirmed, (*log)->verifier()).status().rule(),
            "entry");
  auto forged = *confirmed;  // an entry edited to claim another date no longer hashes to the leaf
  const size_t at = forged.extra.find(confirmed_on);
  ASSERT_NE(at, std::string::npos);
  forged.extra.replace(at, 10, "2020-01-01");
  EXPECT_EQ(VerifyCertificateReceipt(rec.certificate, forged, (*log)->verifier()).status().rule(),
            "inclusion");
  forged.extra.resize(20);  // salt plus a torn entry
  EXPECT_EQ(VerifyCertificateReceipt(rec.certificate, forged, (*log)->verifier()).status().rule(),
            "entry");
  forged.extra.resize(8);  // no salt at all
  EXPECT_EQ(VerifyCertificateReceipt(rec.certificate, forged, (*log)->verifier()).status().rule(),
            "extra");
  // Events that did not happen, or that no receipt covers, are clear errors.
  EXPECT_EQ((*log)->CertificateReceipt(n1, "voided").status().code(), core::Code::kNotFound);
  EXPECT_EQ((*log)->CertificateReceipt(n1, "shipped").status().rule(), "one-of");
  // Not yet logged: a clear precondition error.
  const std::string n3 = Issue();
  EXPECT_EQ((*log)->CertificateReceipt(n3).status().code(), core::Code::kFailedPrecondition);
  // Receipts are kept in memory until the log publishes a newer checkpoint: then the same
  // request is proven against the newer one (and n3's is served once it is logged).
  EXPECT_EQ(*(*log)->CertificateReceipt(n1), *receipt_text);
  ASSERT_TRUE((*log)->Integrate().ok());
  auto newer = tlog::ParseReceipt(*(*log)->CertificateReceipt(n1));
  ASSERT_TRUE(newer.ok());
  checked = VerifyCertificateReceipt(rec.certificate, *newer, (*log)->verifier());
  ASSERT_TRUE(checked.ok()) << checked.status().message();
  EXPECT_EQ(checked->checkpoint.size, 6u);
  EXPECT_TRUE((*log)->CertificateReceipt(n3).ok());
  EXPECT_NE(leaves[3].entry.find(R"("status":"confirmed")"), std::string::npos);
  EXPECT_NE(leaves[4].entry.find(R"("status":"voided")"), std::string::npos);
}

// A second server given its own log key (or origin) instead of the first server's refuses to
// start, before it could sign anything; with the right key it opens (and builds its tiles).
TEST_F(LogTest, AnotherLogKeyIsRefusedAtOpen) {
  Issue();
  auto log = Log::Open(*store_, *tiles_, Signer(), registry::LogEntryKinds());
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE((*log)->Integrate().ok());
  auto other_tiles = OpenDirectoryTileStore(dir_ / "other-log");
  auto other = Log::Open(*store_, *other_tiles, Signer(9), registry::LogEntryKinds());
  EXPECT_EQ(other.status().code(), core::Code::kFailedPrecondition);
  EXPECT_NE(other.status().message().find("log/identity"), std::string::npos);
  auto renamed = Log::Open(
      *store_, *other_tiles,
      tlog::NoteSigner("openkp.other/log", *crypto::KeyPair::FromSeed(std::string(32, '\7'))),
      registry::LogEntryKinds());
  EXPECT_EQ(renamed.status().code(), core::Code::kFailedPrecondition);
  auto same = Log::Open(*store_, *other_tiles, Signer(), registry::LogEntryKinds());
  ASSERT_TRUE(same.ok()) << same.status().message();
  EXPECT_TRUE((*same)->Integrate().ok());
}

TEST_F(LogTest, GrowsConsistentlyAcrossTilesAndRestarts) {
  auto signer = Signer();
  std::vector<store::LogCheckpoint> checkpoints;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 200; ++i) Issue();
    auto log =
        Log::Open(*store_, *tiles_, signer, registry::LogEntryKinds());  // a restart every round
    ASSERT_TRUE(log.ok()) << log.status().message();
    auto cp = (*log)->Integrate();
    ASSERT_TRUE(cp.ok()) << cp.status().message();
    checkpoints.push_back(*cp);
    ExpectPublishedLogIsSelfConsistent(signer.verifier());
    // Every earlier checkpoint is consistent with this one, from the tiles alone.
    auto source = (*log)->Source(cp->size);
    tlog::Hash new_root;
    std::memcpy(new_root.data(), cp->root.data(), 32);
    for (const auto& old : checkpoints) {
      tlog::Hash old_root;
      std::memcpy(old_root.data(), old.root.data(), 32);
      auto proof = tlog::ConsistencyProof(old.size, cp->size, source);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(tlog::VerifyConsistency(old.size, cp->size, *proof, old_root, new_root).ok());
    }
    // And any leaf's inclusion proof verifies.
    auto leaf = *testing::Peek(*store_).LogLeaves(cp->size / 2, 1);
    auto proof = tlog::InclusionProof(leaf[0].index, cp->size, source);
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(tlog::VerifyInclusion(tlog::LeafHash(leaf[0].entry), leaf[0].index, cp->size,
                                      *proof, new_root)
                    .ok());
  }
  EXPECT_EQ(checkpoints.back().size, 601u);
  // Idle integration changes nothing.
  auto log = *Log::Open(*store_, *tiles_, signer, registry::LogEntryKinds());
  EXPECT_EQ(log->Integrate()->size, 601u);
}

TEST_F(LogTest, RecoversStagedLeavesAndUnpublishedCheckpoints) {
  auto signer = Signer();
  Issue();
  {
    auto log = *Log::Open(*store_, *tiles_, signer, registry::LogEntryKinds());
    ASSERT_TRUE(log->Integrate().ok());
  }
  // A crash after staging leaves, before any tile or checkpoint: simulate by staging by hand.
  Issue();
  auto events = *testing::Peek(*store_).UnloggedEvents(10);
  ASSERT_EQ(events.size(), 1u);
  const transparency::EntryKinds kinds = registry::LogEntryKinds();
  const auto* build = kinds.Find(events[0].kind);
  ASSERT_NE(build, nullptr);
  ASSERT_TRUE(
      store_
          ->Write([&](store::Txn& t) -> core::Status {
            auto built = (*build)(*store_, t, events[0], crypto::RandomBytes(16));
            if (!built.ok()) return built.status();
            return store_->log().AppendLeaves(t, {{2, events[0].id, built->entry, built->salt}});
          })
          .ok());
  // A crash after recording a checkpoint, before publishing it: the old file is still there.
  auto old_published = *tiles_->Get("checkpoint");
  {
    auto log = *Log::Open(*store_, *tiles_, signer, registry::LogEntryKinds());
    auto cp = log->Integrate();
    ASSERT_TRUE(cp.ok());
    EXPECT_EQ(cp->size, 3u);
  }
  ASSERT_TRUE(tiles_->Put("checkpoint", old_published).ok());
  auto log = Log::Open(*store_, *tiles_, signer, registry::LogEntryKinds());
  ASSERT_TRUE(log.ok()) << log.status().message();
  EXPECT_EQ((*log)->size(), 2u);  // what the tiles publish
  // The first round rebuilds the tiles beyond it from the stored leaves and publishes the
  // recorded checkpoint (serve runs one before it listens).
  auto cp = (*log)->Integrate();
  ASSERT_TRUE(cp.ok()) << cp.status().message();
  EXPECT_EQ((*log)->size(), 3u);
  EXPECT_NE(tiles_->Get("checkpoint")->find("\n3\n"), std::string::npos);  // republished
  ExpectPublishedLogIsSelfConsistent(signer.verifier());
}

TEST_F(LogTest, RefusesToStartAgainstAForeignOrForkedCheckpoint) {
  Issue();
  ASSERT_TRUE(
      (*Log::Open(*store_, *tiles_, Signer(), registry::LogEntryKinds()))->Integrate().ok());
  // Another key: the published checkpoint is not ours.
  auto other = Log::Open(*store_, *tiles_, Signer(8), registry::LogEntryKinds());
  EXPECT_EQ(other.status().code(), core::Code::kFailedPrecondition);
  // Our key, but a checkpoint the database never recorded (a fork).
  tlog::Hash bogus{};
  auto forged = *tlog::SignNote(tlog::FormatCheckpoint({"openkp.test/log", 2, bogus}), {Signer()});
  ASSERT_TRUE(tiles_->Put("checkpoint", forged).ok());
  auto forked = Log::Open(*store_, *tiles_, Signer(), registry::LogEntryKinds());
  EXPECT_EQ(forked.status().code(), core::Code::kFailedPrecondition);
  EXPECT_NE(forked.status().message().find("not one this database recorded"), std::string::npos);
}

TEST_F(LogTest, AuditRecomputesEverythingAndCatchesForksShrinksAndTampering) {
  auto signer = Signer();
  for (int i = 0; i < 300; ++i) Issue();
  auto log = *Log::Open(*store_, *tiles_, signer, registry::LogEntryKinds());
  auto first = *log->Integrate();
  for (int i = 0; i < 20; ++i) Issue();
  auto second = *log->Integrate();
  LogFileReader files = [this](const std::string& path) { return tiles_->Get(path); };
  auto report = AuditLog(files, signer.verifier(), first.note);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->entries, second.size);
  EXPECT_EQ(report->consistent_with, first.size);
  EXPECT_GE(report->tiles, 3u);
  // The log serves an older checkpoint than one seen before: it shrank.
  LogFileReader stale = [&](const std::string& path) -> core::Result<std::string> {
    if (path == "checkpoint") return first.note;
    return tiles_->Get(path);
  };
  EXPECT_NE(AuditLog(stale, signer.verifier(), second.note).status().message().find("shrank"),
            std::string::npos);
  // A checkpoint seen before that this log does not extend: a fork.
  tlog::Hash other{};
  auto forked = *tlog::SignNote(tlog::FormatCheckpoint({"openkp.test/log", 10, other}), {signer});
  EXPECT_NE(AuditLog(files, signer.verifier(), forked).status().message().find("forked"),
            std::string::npos);
  // A tampered tile, a tampered bundle, a foreign key.
  auto tile = *tiles_->Get("tile/0/000");
  tile[40] ^= 1;
  ASSERT_TRUE(tiles_->Put("tile/0/000", tile).ok());
  EXPECT_NE(AuditLog(files, signer.verifier(), std::nullopt).status().message().find("tile/0/000"),
            std::string::npos);
  tile[40] ^= 1;
  ASSERT_TRUE(tiles_->Put("tile/0/000", tile).ok());
  auto bundle = *tiles_->Get("tile/entries/000");
  ASSERT_TRUE(tiles_->Put("tile/entries/000", bundle.substr(0, bundle.size() - 1)).ok());
  EXPECT_EQ(AuditLog(files, signer.verifier(), std::nullopt).status().rule(), "audit");
  ASSERT_TRUE(tiles_->Put("tile/entries/000", bundle).ok());
  EXPECT_TRUE(AuditLog(files, signer.verifier(), std::nullopt).ok());
  EXPECT_FALSE(AuditLog(files, Signer(3).verifier(), std::nullopt).ok());
}

}  // namespace
}  // namespace openkp::transparency
