// `openkp init`, `openkp demo` and `openkp openapi`.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

// Registers `init`, `demo` and `openapi` on `app`; *exit_code receives the result.
void AddDataCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
