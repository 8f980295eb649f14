// `openkp coalition ...` subcommands: the civil-society coalition's members, activities, annual
// report and IATI open data (docs/COALITION.md).
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

void AddCoalitionCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
