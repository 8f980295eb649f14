// `openkp serve`, and what other long-running commands (the witness) share with it.
#pragma once

#include <signal.h>

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

#include "apps/cli_support.h"
#include "http/server.h"

namespace openkp::apps {

// Registers `serve` on `app`; *exit_code receives the result.
void AddServeCommand(CLI::App& app, GlobalOptions& global, int* exit_code);

// The environment variables of serve's options (OPENKP_LISTEN for --listen, ...).
const std::vector<std::pair<std::string, std::string>>& ServeEnvironment();
// For `openkp serve`, before parsing: each variable of ServeEnvironment() that is set becomes its
// flag unless the flag is on the command line, and each key of the `--config FILE` (TOML, serve's
// options by their long names) becomes its flag unless given either way. So a flag beats its
// variable, which beats the file. kInvalidArgument for an unreadable file or an unknown key.
core::Status ExpandServeArguments(std::vector<std::string>& args);

// "HOST:PORT" (or "[v6]:PORT") into server options; port 0 picks a free port.
core::Result<http::ServerOptions> ParseListen(const std::string& listen);
// SIGINT and SIGTERM, blocked in the calling thread so that every thread started afterwards
// inherits the mask and only RunUntilSignalled's waiter receives them. Call before any thread.
sigset_t BlockStopSignals();
// Serves until SIGINT/SIGTERM (or Stop() from elsewhere), then returns.
void RunUntilSignalled(http::Server& server, const sigset_t& signals);

}  // namespace openkp::apps
