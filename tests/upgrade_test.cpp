// Upgrading: a data directory written by an earlier openkp (tests/fixtures/schema7-44a3344,
// schema 7) opens with this one, which migrates it, and nothing is lost: users and their
// tokens, certificates that verify as before, the statistics, and the transparency log, whose
// published checkpoint still matches and which goes on growing.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "accounts/accounts.h"
#include "backends/backends.h"
#include "db_peek.h"
#include "registry/log_entries.h"
#include "registry/registry.h"
#include "temp_dir.h"
#include "transparency/audit.h"
#include "transparency/identity.h"
#include "transparency/log.h"
#include "transparency/tile_store.h"

namespace openkp {
namespace {

int64_t Count(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
  int64_t n = -1;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST(Upgrade, ADataDirectoryOfSchema7LosesNothing) {
  testing::TempDir dir;
  const std::filesystem::path data = dir.path() / "data";
  std::filesystem::copy(std::string(OPENKP_SOURCE_DIR) + "/tests/fixtures/schema7-44a3344", data,
                        std::filesystem::copy_options::recursive);
  const std::string db_path = (data / "openkp.db").string();
  ASSERT_EQ(Count(db_path, "SELECT MAX(version) FROM schema_migrations"), 7);

  auto db = backends::OpenDatabase(backends::SqliteUrl(db_path));
  ASSERT_TRUE(db.ok()) << db.status().message();
  EXPECT_EQ(Count(db_path, "SELECT MAX(version) FROM schema_migrations"),
            backends::SchemaVersion("sqlite"));
  EXPECT_EQ(Count(db_path, "SELECT COUNT(*) FROM users"), 61);
  EXPECT_EQ(Count(db_path, "SELECT COUNT(*) FROM api_tokens"), 61);
  EXPECT_EQ(Count(db_path, "SELECT COUNT(*) FROM certificates"), 40);
  EXPECT_EQ(Count(db_path, "SELECT COUNT(*) FROM events"), 133);
  EXPECT_EQ(Count(db_path, "SELECT COUNT(*) FROM stat_figures"), 1517);
  // Migration 12: every state row carries its certificate's issuer and date (the anomaly
  // scan merges on them; a row without would drop its certificate from the findings).
  EXPECT_EQ(Count(db_path,
                  "SELECT COUNT(*) FROM certificate_status s JOIN certificates c ON "
                  "c.number = s.number WHERE s.issuer = c.issuer AND s.issued_on = c.issued_on"),
            40);

  // Every demo token still signs its user in, with its role and participant.
  accounts::Accounts accounts(**db);
  std::ifstream tokens(data / "demo-tokens.txt");
  std::string line;
  int signed_in = 0;
  std::optional<accounts::Principal> bw;
  while (std::getline(tokens, line)) {
    const auto tab = line.find('\t');
    auto who = accounts.Authenticate(line.substr(tab + 1));
    ASSERT_TRUE(who.ok()) << line << ": " << who.status().message();
    EXPECT_EQ(who->user.name, line.substr(0, tab));
    if (who->user.name == "Demo admin") {
      EXPECT_TRUE(who->is_admin());
    } else {
      EXPECT_TRUE(who->is_officer_of(line.substr(tab - 2, 2))) << line;
    }
    if (who->user.name == "Demo officer BW") bw = *who;
    ++signed_in;
  }
  EXPECT_EQ(signed_in, 61);

  // Every certificate verifies as it did: confirmed and pending ones valid, the voided and
  // expired ones failing for that reason.
  registry::KeyVault vault(data / "keys");
  registry::Registry reg(**db, vault, [] { return *core::Date::Parse("2026-11-29"); });
  store::CertificateFilter all;
  all.limit = 100;
  all.today = reg.Today();
  auto page = testing::Peek(**db).Certificates(all);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 40u);
  for (const auto& c : page->items) {
    auto v = reg.VerifyStored(c.number);
    ASSERT_TRUE(v.ok()) << c.number;
    if (v->status == "voided" || v->status == "expired") {
      EXPECT_FALSE(v->valid) << c.number;  // a voided one may have expired first
      EXPECT_TRUE(v->failure == "voided" || v->failure == "expired") << c.number;
    } else {
      EXPECT_TRUE(v->valid) << c.number << ": " << v->failure << " " << v->detail;
    }
  }

  // The log opens on its published files (its checkpoint is one this database recorded) and
  // an audit recomputes them; a new certificate joins it.
  auto signer = transparency::LoadLogIdentity((data / "log" / "identity").string());
  ASSERT_TRUE(signer.ok()) << signer.status().message();
  auto tiles = transparency::OpenDirectoryTileStore(data / "log" / "public");
  auto log = transparency::Log::Open(**db, *tiles, *signer, registry::LogEntryKinds());
  ASSERT_TRUE(log.ok()) << log.status().message();
  EXPECT_EQ((*log)->size(), 133u);
  ASSERT_TRUE(bw.has_value());
  registry::IssueRequest r;
  r.destination = "EU";
  r.origin = {false, {"BW"}};
  r.exporter = {"Okavango Diamond Company", "Gaborone"};
  r.importer = {"Antwerp Rough NV", "Antwerp"};
  r.lines = {{"7102.31", 100000, 20000000}};
  r.parcels = 1;
  auto issued = reg.Issue(*bw, r);
  ASSERT_TRUE(issued.ok()) << issued.status().message();
  auto cp = (*log)->Integrate();
  ASSERT_TRUE(cp.ok()) << cp.status().message();
  EXPECT_EQ(cp->size, 134u);
  transparency::LogFileReader files = [&](const std::string& p) { return tiles->Get(p); };
  auto audit = transparency::AuditLog(files, (*log)->verifier(), std::nullopt);
  ASSERT_TRUE(audit.ok()) << audit.status().message();
  EXPECT_EQ(audit->entries, 134u);
}

}  // namespace
}  // namespace openkp
