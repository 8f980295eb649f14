// The /v1 API's test fixture: a real server on a loopback port over every service, on each
// backend (real SQLite files; a database in the throw-away PostgreSQL cluster), with the demo's
// users; shared by the API's test files (each instantiates ApiTest on every backend).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "activities/activities.h"
#include "activities/demo.h"
#include "backends/backends.h"
#include "core/amount.h"
#include "db_peek.h"
#include "http/access_log.h"
#include "http/api.h"
#include "http/findings_source.h"
#include "http/openapi.h"
#include "http/region_dashboard.h"
#include "http/server.h"
#include "http_client.h"
#include "monitor/log_entries.h"
#include "monitor/monitor.h"
#include "pg_database.h"
#include "registry/log_entries.h"
#include "registry/registry.h"
#include "registry_world.h"
#include "review/log_entries.h"
#include "stats/stats.h"
#include "temp_dir.h"
#include "tlog/note.h"
#include "transparency/log.h"
#include "transparency/tile_store.h"

namespace openkp {
namespace {

namespace json = boost::json;
using testing::HttpCall;
using testing::HttpResult;

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string url = GetParam() == "postgresql" ? testing::FreshPostgresDatabase()
                                                       : backends::SqliteUrl(dir_ / "openkp.db");
    ASSERT_FALSE(url.empty());
    auto opened =
        backends::OpenDatabase(url, {monitor::Schema(), review::Schema(), activities::Schema()});
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(*opened);
    vault_ = std::make_unique<registry::KeyVault>(dir_ / "keys");
    reg_ = std::make_unique<registry::Registry>(*store_, *vault_, [this] { return today_; });
    accounts_ = std::make_unique<accounts::Accounts>(*store_);
    ASSERT_TRUE(reg_->InitParticipants().ok());
    ASSERT_TRUE(reg_->GenerateKey("BW", today_.AddDays(-30)).ok());
    ASSERT_TRUE(reg_->GenerateKey("EU", today_.AddDays(-30)).ok());
    bw_ = accounts_->AddUser("Officer BW", store::Role::kOfficer, "BW")->token;
    eu_ = accounts_->AddUser("Officer EU", store::Role::kOfficer, "EU")->token;
    za_ = accounts_->AddUser("Officer ZA", store::Role::kOfficer, "ZA")->token;
    admin_ = accounts_->AddUser("Admin", store::Role::kAdmin, "")->token;
    stats_ = std::make_unique<stats::Statistics>(*store_, [this] { return today_; });
    // Community monitoring: an organisation with a member, and a verifier.
    monitor_ = std::make_unique<monitor::Monitor>(
        *store_, std::move(*monitor::NewMonitorStore(*store_)),
        monitor::MonitorOptions{"test-secret"}, [this] { return today_; });
    accounts::Principal op;
    op.user.role = store::Role::kAdmin;
    ASSERT_TRUE(monitor_->AddOrganisation(op, "ORG-A", "Org A").ok());
    auto member = accounts_->AddUser("Monitor A", store::Role::kMonitor, "");
    ASSERT_TRUE(member.ok());
    ASSERT_TRUE(monitor_->AddMember(op, member->user.id, "ORG-A").ok());
    monitor_token_ = member->token;
    verifier_ = accounts_->AddUser("Verifier", store::Role::kVerifier, "")->token;
    analyst_ = accounts_->AddUser("Analyst", store::Role::kAnalyst, "")->token;
    review_ = std::make_unique<review::Review>(*store_, std::move(*review::NewReviewStore(*store_)),
                                               http::FindingsFromStatistics(*stats_),
                                               review::ReviewOptions{}, [this] { return today_; });
    review_->SetFindingVersion(http::FindingsVersionOf(*stats_));
    review_->SetCertificateLister(http::CertificatesFromStatistics(*stats_));
    peer_reviews_ = std::make_unique<review::PeerReviews>(
        *store_, std::move(*review::NewReviewStore(*store_)), [this] { return today_; });
    // The coalition: its 2019 data, a coordinator, an editor of ZELA and a viewer.
    coalition_ = std::make_unique<activities::Activities>(
        *store_, std::move(*activities::NewActivitiesStore(*store_)), [this] { return today_; });
    ASSERT_TRUE(activities::LoadCsc2019(op, *coalition_).ok());
    for (const auto& [token, member, part] : {std::tuple{&coordinator_, "", "coordinator"},
                                              {&editor_, "ZELA", "editor"},
                                              {&viewer_, "", "viewer"}}) {
      auto u = accounts_->AddUser(std::string("Coalition ") + part, store::Role::kCoalition, "");
      ASSERT_TRUE(u.ok());
      ASSERT_TRUE(coalition_->SetPerson(op, u->user.id, member, part).ok());
      *token = u->token;
    }
    regions_ = std::make_unique<review::Regions>(
        *store_, std::move(*review::NewReviewStore(*store_)), [this] { return today_; });
    follow_ups_ = std::make_unique<review::FollowUps>(
        *store_, std::move(*review::NewReviewStore(*store_)), [this] { return today_; });
    follow_ups_->SetReferencePublic(
        http::FollowUpReferencePublic(monitor_.get(), coalition_.get()));
    api_ = std::make_unique<http::Api>(
        *accounts_, *reg_, nullptr, nullptr, stats_.get(), monitor_.get(), review_.get(),
        peer_reviews_.get(), coalition_.get(), nullptr, regions_.get(), follow_ups_.get());
    http::ServerOptions opt;
    opt.port = 0;
    opt.threads = 2;
    opt.body_limit = size_t{200} * 1024;  // above the KP production CSV (118 KB)
    opt.body_to_file_for = [this](std::string_view method, std::string_view target) {
      return api_->BodyToFile(method, target);
    };
    opt.check_before_body = [this](const http::Request& head) {
      return api_->CheckBeforeBody(head);
    };
    opt.rewrite_error = &http::Api::RewriteError;
    opt.spool_dir = dir_.path().string();
    server_ = std::make_unique<http::Server>(
        opt, [this](const http::Request& r) { return api_->Handle(r); },
        [this](const http::Request& r) { return api_->HandleFast(r); },
        [this](const http::Request& r, const http::Reply& reply) {
          return api_->HandleAsync(r, reply);
        });
    ASSERT_TRUE(server_->Start().ok());
    port_ = server_->port();
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  static json::object IssueBody() {
    return json::parse(R"({
      "destination": "EU",
      "origin": {"mixed": false, "countries": ["BW"]},
      "exporter": {"name": "Okavango Diamond Company", "address": "Plot 1, Gaborone"},
      "importer": {"name": "Antwerp Rough NV", "address": "Hoveniersstraat 2, Antwerp"},
      "lines": [{"hs_code": "7102.31", "carats_hundredths": 125050, "value_usd_cents": 38000000},
                {"hs_code": "7102.21", "carats_hundredths": 5000, "value_usd_cents": 100000}],
      "parcels": 3
    })")
        .as_object();
  }

  // Serves the API with a transparency log (tiles in DIR/log), as `openkp serve` does.
  void ServeWithLog() {
    tiles_ = transparency::OpenDirectoryTileStore(dir_ / "log");
    auto signer =
        tlog::NoteSigner("openkp.test/log", *crypto::KeyPair::FromSeed(std::string(32, '\x07')));
    transparency::EntryKinds kinds = registry::LogEntryKinds();
    ASSERT_TRUE(kinds.Add(monitor::LogEntryKinds()).ok());
    ASSERT_TRUE(kinds.Add(review::LogEntryKinds()).ok());
    auto log = transparency::Log::Open(*store_, *tiles_, signer, kinds);
    ASSERT_TRUE(log.ok()) << log.status().message();
    log_ = std::move(*log);
    api_ = std::make_unique<http::Api>(*accounts_, *reg_, log_.get(), tiles_.get(), stats_.get(),
                                       monitor_.get(), review_.get(), peer_reviews_.get());
  }

  HttpResult Post(const std::string& path, const json::value& body, const std::string& token) {
    return HttpCall(port_, "POST", path, json::serialize(body), token);
  }

  // Everything stored that a bad request must leave untouched.
  std::string Snapshot() {
    auto events = testing::Peek(*store_).Events(0, 1000000);
    store::CertificateFilter f;
    f.limit = 1000000;
    f.today = today_;
    auto page = testing::Peek(*store_).Certificates(f);
    std::string s = std::to_string(events->size()) + "/" + std::to_string(page->total);
    for (const auto& c : page->items) s += "|" + c.number + ":" + store::StateName(c.state);
    return s;
  }

  core::Date today_ = *core::Date::Parse("2026-06-15");
  testing::TempDir dir_;
  std::unique_ptr<store::Database> store_;
  std::unique_ptr<registry::KeyVault> vault_;
  std::unique_ptr<registry::Registry> reg_;
  std::unique_ptr<accounts::Accounts> accounts_;
  std::unique_ptr<stats::Statistics> stats_;
  std::unique_ptr<monitor::Monitor> monitor_;
  std::string monitor_token_, verifier_, analyst_, coordinator_, editor_, viewer_;
  std::unique_ptr<activities::Activities> coalition_;
  std::unique_ptr<review::Review> review_;
  std::unique_ptr<review::PeerReviews> peer_reviews_;
  std::unique_ptr<review::Regions> regions_;
  std::unique_ptr<review::FollowUps> follow_ups_;
  std::unique_ptr<transparency::TileStore> tiles_;
  std::unique_ptr<transparency::Log> log_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
  std::string bw_, eu_, za_, admin_;
};

void ExpectProblem(const HttpResult& r, int status, const std::string& field,
                   const std::string& rule) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.content_type, "application/problem+json") << r.body;
  auto v = json::parse(r.body).as_object();
  EXPECT_EQ(v["status"].as_int64(), status);
  EXPECT_TRUE(v.contains("type") && v.contains("title") && v.contains("detail")) << r.body;
  if (!field.empty()) {
    EXPECT_EQ(v.contains("field") ? json::value_to<std::string>(v["field"]) : "", field) << r.body;
  }
  if (!rule.empty()) {
    EXPECT_EQ(v.contains("rule") ? json::value_to<std::string>(v["rule"]) : "", rule) << r.body;
  }
}

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

using testing::ReadKpProductionFile;

}  // namespace
}  // namespace openkp
