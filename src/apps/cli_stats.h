// `openkp stats ...` subcommands.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

// Registers `stats import|sources|diff|production|exports|imports|anomalies|thresholds`.
void AddStatsCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
