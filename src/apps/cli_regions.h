// `openkp region ...`, `openkp plan ...` and `openkp commitment ...`: regions, action plans,
// commitments and their follow-up (docs/REGIONS.md).
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

void AddRegionCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
