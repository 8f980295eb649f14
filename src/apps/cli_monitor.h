// `openkp monitor ...` subcommands: organisations, members, device credentials, site imports.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

void AddMonitorCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
