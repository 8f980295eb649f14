// The fixture of the stats tests: a registry world (tests/registry_world.h) and Statistics on
// its store, sharing its calendar (2026-11-28 unless a test moves it).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db_peek.h"
#include "registry_world.h"
#include "stats/stats.h"

namespace openkp::stats {

class StatsFixture : public ::testing::Test {
 protected:
  // Imports `bytes`, expecting the file to be accepted.
  ImportResult MustImport(const std::string& bytes, const std::string& vintage = "") {
    ImportOptions o;
    o.name = "test.csv";
    o.vintage = vintage;
    auto r = stats_->Import(bytes, o);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return {};
    EXPECT_TRUE(r->accepted) << (r->parsed.errors.empty() ? "" : r->parsed.errors[0].message);
    return *r;
  }

  testing::RegistryWorld world_{*core::Date::Parse("2026-11-28")};
  core::Date& today_ = world_.today;
  std::unique_ptr<store::Database>& store_ = world_.store;
  std::unique_ptr<registry::Registry>& reg_ = world_.registry;
  std::unique_ptr<accounts::Accounts>& accounts_ = world_.accounts;
  std::unique_ptr<Statistics> stats_ =
      std::make_unique<Statistics>(*store_, [this] { return today_; });
};

}  // namespace openkp::stats
