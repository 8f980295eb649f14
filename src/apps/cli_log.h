// `openkp log ...` and `openkp witness ...`.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

// Registers `log vkey|audit` and `witness serve|vkey` on `app`; *exit_code receives the result.
void AddLogCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
