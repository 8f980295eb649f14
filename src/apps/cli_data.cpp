// `openkp init|demo|openapi`: a new data directory, demo data, the API's description.
#include "apps/cli_data.h"

#include <sys/stat.h>

#include <iostream>

#include "activities/demo.h"
#include "backends/backends.h"
#include "http/findings_source.h"
#include "http/openapi.h"
#include "http/region_dashboard.h"
#include "monitor/demo.h"
#include "registry/demo.h"
#include "review/demo.h"
#include "transparency/identity.h"

namespace openkp::apps {

namespace {
// The demo users' web password (demo data only: printed, and in demo-tokens.txt).
constexpr const char* kDemoPassword = "openkp-demo-password";
}  // namespace

extern const std::string_view kKpProductionCsv;
extern const char* const kKpProductionCsvName;

void AddDataCommands(CLI::App& app, GlobalOptions& g, int* exit_code_out) {
  // Callbacks run after this returns: option storage is static (one CLI per process), and
  // everything else they use is a reference to main's storage.
  int& exit_code = *exit_code_out;
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };
  static std::string log_origin = transparency::kDefaultOrigin;
  static CLI::App* init = nullptr;
  static const auto init_log = [&g]() -> core::Status {
    auto signer = EnsureLogIdentity(g, log_origin);
    if (!signer.ok()) return signer.status();
    // An existing identity keeps its name: say so rather than let the flag look obeyed.
    if (init != nullptr && init->count("--log-origin") > 0 && signer->name() != log_origin) {
      return core::Status(core::Code::kFailedPrecondition,
                          "the transparency log of " + g.data_dir + " is named " + signer->name() +
                              " already (log/identity); --log-origin " + log_origin +
                              " cannot rename it: give it to init of a new data directory");
    }
    return core::Status();
  };
  init = app.add_subcommand("init", "Create a data directory with the KP participants");
  data_opt(init);
  init->add_option("--log-origin", log_origin,
                   "Name of the transparency log (its checkpoints' origin), e.g. log.example.org")
      ->capture_default_str();
  init->callback([&] {
    auto w = OpenWorkspace(g, true);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    core::Status s = w->registry->InitParticipants();
    if (s.ok()) s = init_log();
    if (!s.ok()) return void(exit_code = Fail(s));
    std::cout << "initialised " << g.data_dir << " on " << StoreDescription(g) << " (schema "
              << backends::SchemaVersion(StoreScheme(g)) << ")\n";
  });

  static registry::DemoOptions demo_opt;
  CLI::App* demo = app.add_subcommand("demo",
                                      "init, then load demo data: keys, users, a year of "
                                      "certificates, real KP production statistics");
  data_opt(demo);
  demo->add_option("--seed", demo_opt.seed, "Random seed")->capture_default_str();
  demo->add_option("--certificates", demo_opt.certificates, "How many certificates")
      ->check(CLI::Range(0, 2000000))
      ->capture_default_str();
  demo->callback([&] {
    auto w = OpenWorkspace(g, true);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto users = w->accounts->ListUsers(OperatorPrincipal());
    if (!users.ok()) return void(exit_code = Fail(users.status()));
    if (!users->empty()) {
      return void(exit_code = Fail(core::Status(core::Code::kFailedPrecondition,
                                                g.data_dir + " already has data; demo needs a "
                                                             "new data directory")));
    }
    if (auto s = init_log(); !s.ok()) return void(exit_code = Fail(s));
    auto r = registry::LoadDemo(*w->accounts, *w->registry, demo_opt);
    if (!r.ok()) return void(exit_code = Fail(r.status()));
    // Real statistics: the KP production figures 2003-2024 (share/kp-production).
    stats::ImportOptions stats_opt;
    stats_opt.name = kKpProductionCsvName;
    stats_opt.actor = "demo";
    auto imported = w->stats->Import(kKpProductionCsv, stats_opt);
    if (!imported.ok()) return void(exit_code = Fail(imported.status()));
    if (!imported->accepted) {
      return void(exit_code = Fail(core::Status::Internal("the embedded statistics were refused")));
    }
    // Community monitoring: organisations, devices, sites, visits and reports.
    core::Date today = core::Date::TodayUtc();
    if (!g.today.empty()) today = *core::Date::Parse(g.today);  // checked by OpenWorkspace
    auto mon = monitor::LoadDemo(*w->accounts, *w->monitor, demo_opt.seed, today);
    if (!mon.ok()) return void(exit_code = Fail(mon.status()));
    // The statistics working group: a season of triage and questionnaires on the findings.
    auto rv =
        review::LoadDemo(*w->accounts, *w->db, http::FindingsFromStatistics(*w->stats), today);
    if (!rv.ok()) return void(exit_code = Fail(rv.status()));
    // The coalition: the real 2019 report's activities, and 2020 from the seed.
    auto co = activities::LoadDemo(*w->accounts, *w->coalition, demo_opt.seed);
    if (!co.ok()) return void(exit_code = Fail(co.status()));
    // Regions: the Mano River Union and Central Africa, the Kinshasa plan, commitments.
    auto rg = review::LoadRegionsDemo(
        *w->accounts, *w->db, today,
        http::FollowUpReferencePublic(w->monitor.get(), w->coalition.get()));
    if (!rg.ok()) return void(exit_code = Fail(rg.status()));
    std::string tokens;
    for (const auto& [name, token] : r->tokens)
      tokens.append(name).append("\t").append(token) += "\n";
    for (const auto& [name, token] : mon->tokens)
      tokens.append(name).append("\t").append(token) += "\n";
    for (const auto& [name, token] : rv->tokens)
      tokens.append(name).append("\t").append(token) += "\n";
    for (const auto& [name, token] : co->tokens)
      tokens.append(name).append("\t").append(token) += "\n";
    // Device credentials for ODK Collect (username:password); the first is "Demo device".
    for (size_t i = 0; i < mon->devices.size(); ++i) {
      tokens.append(i == 0 ? "Demo device" : mon->devices[i].first)
          .append("\t")
          .append(mon->devices[i].second) += "\n";
    }
    // Web sign-in for a few of them (Argon2id costs ~0.1 s each: not every officer).
    const std::vector<std::pair<std::string, std::string>> logins = {
        {"Demo admin", "admin"},           {"Demo officer BW", "officer-bw"},
        {"Demo officer EU", "officer-eu"}, {"Demo monitor NMJD-SL", "monitor-nmjd"},
        {"Demo analyst", "analyst"},       {"Demo coalition coordinator", "coordinator"},
        {"Demo reviewer", "reviewer"},     {"Demo verifier", "verifier"}};
    auto all = w->accounts->ListUsers(OperatorPrincipal());
    if (!all.ok()) return void(exit_code = Fail(all.status()));
    for (const auto& [name, login] : logins) {
      for (const auto& u : *all) {
        if (u.name != name) continue;
        if (auto st = w->accounts->SetPassword(u.id, login, kDemoPassword); !st.ok()) {
          return void(exit_code = Fail(st));
        }
        tokens.append("Web sign-in ").append(login).append("\t").append(kDemoPassword) += "\n";
      }
    }
    const std::string path = g.data_dir + "/demo-tokens.txt";
    core::Status s = WriteFile(path, tokens);
    if (!s.ok()) return void(exit_code = Fail(s));
    ::chmod(path.c_str(), 0600);
    std::cout << "demo data loaded into " << g.data_dir << ": " << r->certificates
              << " certificates (" << r->confirmed << " confirmed, " << r->pending << " pending, "
              << r->voided << " voided, " << r->expired << " expired, " << r->mismatched
              << " with a confirmation mismatch), and the KP production statistics 2003-2024 ("
              << imported->parsed.figures.size() << " figures), and monitoring: " << mon->sites
              << " mining sites, " << mon->visits << " visits, " << mon->reports
              << " incident reports, and review: " << rv->questionnaires << " questionnaires, "
              << rv->triaged << " findings triaged, " << rv->reviews << " review visit with "
              << rv->recommendations << " recommendations, and the coalition: " << co->members
              << " members, " << co->activities << " activities (2019 from its real report), and "
              << rg->regions << " regions with " << rg->plans << " action plan (" << rg->actions
              << " actions) and " << rg->commitments << " commitments\n"
              << "API tokens of the demo users, web sign-ins (login admin, officer-bw, officer-eu, "
                 "monitor-nmjd, analyst, coordinator, reviewer or verifier; password "
              << kDemoPassword << ") and device credentials for ODK Collect: " << path << "\n";
  });

  CLI::App* openapi = app.add_subcommand(
      "openapi", "Print the OpenAPI document that `serve` publishes at /v1/openapi.json");
  openapi->callback([] { std::cout << http::OpenApiDocument() << "\n"; });
}

}  // namespace openkp::apps
