// `openkp serve`, and what other long-running commands (the witness) share with it.
#pragma once

#include <signal.h>

#include <CLI/CLI.hpp>
#include <string>

#include "apps/cli_support.h"
#include "http/server.h"

namespace openkp::apps {

// Registers `serve` on `app`; *exit_code receives the result.
void AddServeCommand(CLI::App& app, GlobalOptions& global, int* exit_code);

// "HOST:PORT" (or "[v6]:PORT") into server options; port 0 picks a free port.
core::Result<http::ServerOptions> ParseListen(const std::string& listen);
// SIGINT and SIGTERM, blocked in the calling thread so that every thread started afterwards
// inherits the mask and only RunUntilSignalled's waiter receives them. Call before any thread.
sigset_t BlockStopSignals();
// Serves until SIGINT/SIGTERM (or Stop() from elsewhere), then returns.
void RunUntilSignalled(http::Server& server, const sigset_t& signals);

}  // namespace openkp::apps
