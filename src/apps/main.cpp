// openkp's command line: main only composes the command groups (cli_*.h).
#include <CLI/CLI.hpp>

#include "apps/cli_admin.h"
#include "apps/cli_backup.h"
#include "apps/cli_cert.h"
#include "apps/cli_coalition.h"
#include "apps/cli_data.h"
#include "apps/cli_log.h"
#include "apps/cli_monitor.h"
#include "apps/cli_regions.h"
#include "apps/cli_review.h"
#include "apps/cli_serve.h"
#include "apps/cli_stats.h"
#include "apps/cli_store.h"
#include "apps/cli_support.h"

using namespace openkp::apps;

int main(int argc, char** argv) {
  CLI::App app{"openkp: Kimberley Process certificates, statistics and monitoring"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");
  GlobalOptions g;
  int exit_code = 0;
  app.add_option("--today", g.today, "Pretend today is YYYY-MM-DD (tests and demos)")
      ->group("")  // hidden: not for production use
      ->configurable(false);

  AddDataCommands(app, g, &exit_code);
  AddServeCommand(app, g, &exit_code);
  AddAdminCommands(app, g, &exit_code);
  AddLogCommands(app, g, &exit_code);
  AddBackupCommands(app, g, &exit_code);
  AddStoreCommands(app, g, &exit_code);

  AddCertCommands(app, g, &exit_code);
  AddStatsCommands(app, g, &exit_code);
  AddMonitorCommands(app, g, &exit_code);
  AddReviewCommands(app, g, &exit_code);
  AddCoalitionCommands(app, g, &exit_code);
  AddRegionCommands(app, g, &exit_code);

  std::vector<std::string> args(argv, argv + argc);
  if (openkp::core::Status s = ExpandServeArguments(args); !s.ok()) return Fail(s);
  try {
    // CLI11 parses a reversed vector of the arguments after the program's name.
    std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return exit_code;
}
