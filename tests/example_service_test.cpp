// The seams, proven by a service added from outside (tests/example_service/): its own tables
// created by the backend, its routes on the same server and router, its log entry kind
// registered beside the registry's, and the log refusing to start without it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "backends/backends.h"
#include "example_service/notes.h"
#include "http/api.h"
#include "http_client.h"
#include "registry/log_entries.h"
#include "temp_dir.h"
#include "transparency/log.h"

namespace openkp {
namespace {

namespace json = boost::json;

TEST(ExampleService, AddsTablesRoutesAndLogEntriesWithoutTouchingOtherServices) {
  testing::TempDir dir;
  const std::string url = backends::SqliteUrl(dir / "openkp.db");
  auto db = backends::OpenDatabase(url, {example::NotesSchema()});
  ASSERT_TRUE(db.ok()) << db.status().message();
  registry::KeyVault vault(dir / "keys");
  registry::Registry reg(**db, vault);
  accounts::Accounts accounts(**db);
  ASSERT_TRUE(reg.InitParticipants().ok());
  auto officer = accounts.AddUser("Officer BW", store::Role::kOfficer, "BW");
  ASSERT_TRUE(officer.ok());
  auto note_store = example::NewNoteStore(**db);
  ASSERT_TRUE(note_store.ok());
  example::Notes notes(**db, std::move(*note_store));

  // Its routes beside the built-in ones, on one server.
  http::Api api(accounts, reg);
  api.AddRoutes([&](http::Router& r, const http::Auth& auth) { AddNoteRoutes(r, auth, notes); });
  http::ServerOptions opt;
  opt.port = 0;
  http::Server server(opt, [&](const http::Request& r) { return api.Handle(r); });
  ASSERT_TRUE(server.Start().ok());
  std::thread serving([&] { server.Run(); });
  const std::string body = json::serialize(json::object{{"text", "Marange: road closed"}});
  EXPECT_EQ(testing::HttpCall(server.port(), "POST", "/v1/example/notes", body).status, 401);
  auto posted = testing::HttpCall(server.port(), "POST", "/v1/example/notes", body, officer->token);
  EXPECT_EQ(posted.status, 201) << posted.body;
  auto listed = testing::HttpCall(server.port(), "GET", "/v1/example/notes");
  EXPECT_NE(listed.body.find("road closed"), std::string::npos) << listed.body;
  EXPECT_EQ(testing::HttpCall(server.port(), "GET", "/v1/participants").status, 200);
  server.Stop();
  serving.join();

  // The log publishes the note's event with the service's registered builder ...
  auto tiles = transparency::OpenDirectoryTileStore(dir / "log");
  auto signer =
      tlog::NoteSigner("openkp.test/log", *crypto::KeyPair::FromSeed(std::string(32, 'x')));
  transparency::EntryKinds kinds = registry::LogEntryKinds();
  // ... and refuses to start while that kind has no builder: the log would stop at the event.
  auto without = transparency::Log::Open(**db, *tiles, signer, kinds);
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.status().code(), core::Code::kFailedPrecondition);
  EXPECT_NE(without.status().message().find("example.note"), std::string::npos);
  ASSERT_TRUE(kinds.Add(example::NoteEntryKinds()).ok());
  auto log = transparency::Log::Open(**db, *tiles, signer, kinds);
  ASSERT_TRUE(log.ok()) << log.status().message();
  auto cp = (*log)->Integrate();
  ASSERT_TRUE(cp.ok()) << cp.status().message();
  auto leaves =
      store::ReadValue(**db, [&](store::Txn& t) { return (*db)->log().ListLeaves(t, 0, 10); });
  ASSERT_TRUE(leaves.ok());
  bool published = false;
  for (const auto& leaf : *leaves) {
    published = published || leaf.entry.find("\"event\":\"example.note\"") != std::string::npos;
  }
  EXPECT_TRUE(published);
  // One kind, one owner.
  EXPECT_EQ(kinds.Add(example::NoteEntryKinds()).code(), core::Code::kAlreadyExists);

  // Reopening applies no migration twice; a domain without a schema for the backend is refused.
  db->reset();
  EXPECT_TRUE(backends::OpenDatabase(url, {example::NotesSchema()}).ok());
  store::DomainSchema other{"other", {{"postgresql", {"CREATE TABLE t (x INTEGER)"}}}};
  EXPECT_EQ(backends::OpenDatabase(url, {other}).status().code(), core::Code::kInvalidArgument);
}

}  // namespace
}  // namespace openkp
