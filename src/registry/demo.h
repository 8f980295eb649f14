// Deterministic demo data: participants, one key and one officer per participant, an admin,
// and a year of plausible certificates (some confirmed, pending, voided, expired).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "registry/registry.h"

namespace openkp::registry {

struct DemoOptions {
  uint64_t seed = 2026;
  int certificates = 3000;
};

struct DemoResult {
  int certificates = 0, confirmed = 0, voided = 0, expired = 0, pending = 0, mismatched = 0;
  std::vector<std::pair<std::string, std::string>> tokens;  // user name -> token
};

// Expects an initialised, empty database. The same seed and `today` give the same certificates.
Result<DemoResult> LoadDemo(accounts::Accounts& accounts, Registry& registry,
                            const DemoOptions& options);

}  // namespace openkp::registry
