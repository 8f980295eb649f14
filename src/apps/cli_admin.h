// `openkp keys ...`, `openkp users ...` and `openkp participants ...`.
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

// Registers `keys generate|rotate|revoke|list|export`, `users add|list|disable|enable|token|
// revoke-tokens` and `participants list` on `app`; *exit_code receives the result.
void AddAdminCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
