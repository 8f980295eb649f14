// `openkp cert ...` subcommands.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

// Registers `cert issue|show|verify|confirm|void|list` on `app`; *exit_code receives the result.
void AddCertCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
