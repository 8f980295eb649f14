// What only the SQLite backend does; the contracts of every backend are in
// tests/store_conformance_test.cpp.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "store/sqlite/database.h"
#include "store/store.h"
#include "temp_dir.h"

namespace openkp::store::sqlite {

TEST(SqliteBackend, AppendOnlyTablesRefuseUpdatesAndDeletesFromAnyConnection) {
  testing::TempDir dir;
  const std::string path = dir / "t.db";
  {
    auto db = Open(path);
    ASSERT_TRUE(db.ok()) << db.status().message();
    Database& d = **db;
    ASSERT_TRUE(d.Write([&](Txn& t) -> Status {
                   OPENKP_RETURN_IF_ERROR(d.registry().UpsertParticipant(t, {"BW", "B", "M"}));
                   OPENKP_RETURN_IF_ERROR(d.registry().UpsertParticipant(t, {"EU", "E", "D"}));
                   AuthorityKey k{
                       "k1", "BW", std::string(32, 'k'), *core::Date::Parse("2026-01-01"), {},
                       {},   ""};
                   OPENKP_RETURN_IF_ERROR(d.registry().AddKey(t, k));
                   CertificateRecord rec;
                   rec.certificate.body.number = "BW-1";
                   rec.certificate.body.issuer = "BW";
                   rec.certificate.body.destination = "EU";
                   rec.certificate.body.key_id = "k1";
                   rec.certificate.body.lines = {{"7102.10", 100, 100}};
                   rec.certificate.body.parcels = 1;
                   rec.document = "{}";
                   OPENKP_RETURN_IF_ERROR(d.registry().InsertCertificate(t, rec));
                   OPENKP_RETURN_IF_ERROR(
                       d.events().Append(t, {0, "certificate.issued", "BW-1", "BW", "", "t", ""}));
                   OPENKP_RETURN_IF_ERROR(d.log().AppendLeaves(t, {{0, 1, "entry", "salt"}}));
                   OPENKP_RETURN_IF_ERROR(d.log().AddCheckpoint(t, {1, std::string(32, 'r'), "n"}));
                   return d.log().AddCosignature(t, 1, "w", "line");
                 }).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  for (const char* sql :
       {"UPDATE events SET kind = 'x'", "DELETE FROM events", "UPDATE certificates SET parcels = 2",
        "DELETE FROM certificates", "UPDATE log_leaves SET entry = 'x'", "DELETE FROM log_leaves",
        "UPDATE log_checkpoints SET note = 'x'", "DELETE FROM log_checkpoints",
        "UPDATE log_cosignatures SET line = 'x'", "DELETE FROM log_cosignatures",
        "DELETE FROM certificate_status", "UPDATE certificate_status SET issuer = 'EU'",
        "UPDATE certificate_status SET issued_on = '2026-01-02'"}) {
    char* err = nullptr;
    EXPECT_NE(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << sql;
    sqlite3_free(err);
  }
  // The state row carries its certificate's issuer and date (the anomaly scan's order); the
  // state itself changes (a confirmation).
  sqlite3_stmt* row = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT count(*) FROM certificate_status s JOIN certificates c "
                               "ON c.number = s.number WHERE s.issuer = 'BW' AND "
                               "s.issued_on = c.issued_on AND s.issued_on IS NOT NULL",
                               -1, &row, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(row), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(row, 0), 1);
  sqlite3_finalize(row);
  EXPECT_EQ(sqlite3_exec(db, "UPDATE certificate_status SET state = 'confirmed'", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

// Another process's commit (here: another connection) moves the change stamp within a
// millisecond or so, so caches of every server see it.
TEST(SqliteBackend, ChangesByAnotherConnectionMoveTheStamp) {
  testing::TempDir dir;
  const std::string path = dir / "t.db";
  auto a = Open(path);
  auto b = Open(path);
  ASSERT_TRUE(a.ok() && b.ok());
  auto before = *(*a)->CurrentChangeStamp();
  ASSERT_TRUE((*b)->Write([&](Txn& t) {
                    return (*b)->registry().UpsertParticipant(t, {"BW", "Botswana", "MME"});
                  })
                  .ok());
  bool moved = false;
  for (int i = 0; i < 200 && !moved; ++i) {
    moved = !(*(*a)->CurrentChangeStamp() == before);
    if (!moved) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_TRUE(moved);
}

TEST(SqliteBackend, RefusesADatabaseNewerThanItself) {
  testing::TempDir dir;
  const std::string path = dir / "t.db";
  ASSERT_TRUE(Open(path).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string sql =
      "INSERT INTO schema_migrations VALUES (" + std::to_string(SchemaVersion() + 1) + ", 'later')";
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto again = Open(path);
  EXPECT_EQ(again.status().code(), core::Code::kFailedPrecondition);
}

}  // namespace openkp::store::sqlite

namespace openkp::store::sqlite {

// Roles are names checked by the code (migration 8 dropped the schema's CHECK): a role this
// build does not know reads as an officer of no participant, which no service lets do anything.
TEST(SqliteBackend, ARoleThisBuildDoesNotKnowGrantsNothing) {
  testing::TempDir dir;
  const std::string path = dir / "t.db";
  ASSERT_TRUE(Open(path).ok());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "INSERT INTO participants VALUES ('BW', 'Botswana', 'MME');"
                         "INSERT INTO users (id, name, role, participant, created_at) VALUES "
                         "(1, 'later', 'auditor', 'BW', 'now');"
                         "INSERT INTO api_tokens (token_sha256, user_id, created_at) VALUES "
                         "('h', 1, 'now');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  auto db = Open(path);
  ASSERT_TRUE(db.ok());
  auto user = ReadValue(**db, [&](Txn& t) { return (*db)->accounts().FindUserByToken(t, "h"); });
  ASSERT_TRUE(user.ok()) << user.status().message();
  EXPECT_EQ(user->role, Role::kOfficer);
  EXPECT_EQ(user->participant, "");
}

}  // namespace openkp::store::sqlite

namespace openkp::store::sqlite {

// Private data stays private on disk: the database and its WAL files are 0600 even in a
// directory anyone can read, under a permissive umask.
TEST(SqliteBackend, DataFilesAreCreatedPrivate) {
  testing::TempDir dir;
  ::chmod(std::string(dir.path()).c_str(), 0755);
  const mode_t old = ::umask(022);
  const std::string path = dir / "t.db";
  {
    auto db = Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Write([&](Txn& t) {
                      return (*db)->registry().UpsertParticipant(t, {"BW", "B", "M"});
                    })
                    .ok());
    for (const std::string& f : {path, path + "-wal", path + "-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat(f.c_str(), &st), 0) << f;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
    }
  }
  ::umask(old);
}

}  // namespace openkp::store::sqlite
