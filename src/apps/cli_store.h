// `openkp store copy`: moves a deployment's database to another backend.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

// Registers `store copy` on `app`; *exit_code receives the result.
void AddStoreCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
