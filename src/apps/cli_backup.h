// `openkp backup` and `openkp restore`.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

// Registers `backup` and `restore` on `app`; *exit_code receives the result.
void AddBackupCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
