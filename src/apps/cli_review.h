// `openkp review ...` subcommands: the statistics working group's findings and questionnaires
// (docs/REVIEW.md).
#pragma once

#include <CLI/CLI.hpp>

#include "apps/cli_support.h"

namespace openkp::apps {

void AddReviewCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace openkp::apps
