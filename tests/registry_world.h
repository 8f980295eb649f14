// A registry on a fresh SQLite file for one test: store, key vault and registry, with a
// calendar the test controls. Link the test with openkp_registry.
//
//   testing::RegistryWorld w(*core::Date::Parse("2026-06-15"));
//   w.registry->GenerateKey("BW", w.today);
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "backends/backends.h"
#include "registry/registry.h"
#include "temp_dir.h"

namespace openkp::testing {

struct RegistryWorld {
  explicit RegistryWorld(core::Date start) : today(start) {
    store = std::move(*backends::OpenDatabase(backends::SqliteUrl(db_path())));
    vault = std::make_unique<registry::KeyVault>(dir / "keys");
    registry = std::make_unique<registry::Registry>(*store, *vault, [this] { return today; });
    accounts = std::make_unique<accounts::Accounts>(*store);
    EXPECT_TRUE(registry->InitParticipants().ok());
  }
  std::string db_path() const { return dir / "db"; }

  core::Date today;  // what the registry (and anything given Today()) takes as today
  TempDir dir;
  std::unique_ptr<store::Database> store;
  std::unique_ptr<registry::KeyVault> vault;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<accounts::Accounts> accounts;
};

// The contents of a file in share/kp-production/ (the real KP statistics shipped with openkp).
// The test target needs OPENKP_SOURCE_DIR defined.
inline std::string ReadKpProductionFile(const std::string& name) {
  std::ifstream in(std::string(OPENKP_SOURCE_DIR) + "/share/kp-production/" + name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << "cannot read share/kp-production/" << name;
  return s.str();
}

}  // namespace openkp::testing
