// `openkp serve`: the HTTP API, the web app and the transparency log on one port.
#include "apps/cli_serve.h"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "apps/http_fetch.h"
#include "backends/backends.h"
#include "http/access_log.h"
#include "http/api.h"
#include "http/metrics.h"
#include "registry/log_entries.h"
#include "transparency/identity.h"
#include "transparency/integrator.h"
#include "transparency/log.h"
#include "transparency/witness.h"

namespace openkp::apps {

using core::Status;

core::Result<http::ServerOptions> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return core::Status::Invalid("--listen", "host-port", "expected HOST:PORT");
  }
  http::ServerOptions opt;
  opt.host = listen.substr(0, colon);
  if (opt.host.size() > 2 && opt.host.front() == '[') {
    opt.host = opt.host.substr(1, opt.host.size() - 2);
  }
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    opt.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    return core::Status::Invalid("--listen", "port", "port must be 0..65535");
  }
  return opt;
}

// SIGINT and SIGTERM, blocked in the calling thread so that every thread started afterwards
// inherits the mask and only RunUntilSignalled's waiter receives them. Call before any thread.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// Serves until SIGINT/SIGTERM (or Stop() from elsewhere), then returns.
void RunUntilSignalled(http::Server& server, const sigset_t& signals) {
  std::atomic<bool> signalled{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    signalled = true;
    server.Stop();
  });
  server.Run();
  // Run() returns after Stop(); if something other than a signal stopped it, wake the waiter.
  if (!signalled) ::kill(::getpid(), SIGTERM);
  waiter.join();
}

namespace {

// The flags of `openkp serve`.
struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  int workers = 0;
  int max_body_mib = 1;
  http::ServerOptions limits;
  std::string log_level = "info";
  int min_cell_certificates = 3;
  int findings_refresh = 10;
  std::vector<std::string> witness_specs;
  std::string metrics = "on";
};

// The transparency log's state for the metrics, read when scraped.
core::Result<http::LogGauges> ReadLogGauges(store::Database& db) {
  http::LogGauges g;
  OPENKP_RETURN_IF_ERROR(db.Read([&](store::Txn& t) -> core::Status {
    auto unlogged = db.log().UnloggedEvents(t, 100000);
    if (!unlogged.ok()) return unlogged.status();
    g.unlogged_events = static_cast<int64_t>(unlogged->size());
    if (!unlogged->empty()) {
      std::tm tm{};
      if (::strptime(unlogged->front().at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr) {
        g.oldest_unlogged_seconds =
            std::max<double>(0, static_cast<double>(std::time(nullptr) - ::timegm(&tm)));
      }
    }
    auto cp = db.log().LatestCheckpoint(t);
    if (!cp.ok()) return cp.status();
    if (*cp) g.checkpoint_size = static_cast<int64_t>((*cp)->size);
    return {};
  }));
  return g;
}

int Serve(const GlobalOptions& g, const ServeFlags& f) {
  const std::string& listen = f.listen;
  const auto& limits = f.limits;
  auto level = http::ParseLogLevel(f.log_level);
  if (!level) {
    return Fail(Status::Invalid("--log-level", "enum", "must be info, warn, error or off"));
  }
  // First, before any thread starts (the log writer is one): only the waiter gets SIGTERM, and
  // a closed stderr or socket is an error to handle, never a SIGPIPE that kills the server.
  const sigset_t signals = BlockStopSignals();
  ::signal(SIGPIPE, SIG_IGN);
  // Access and error logs: JSON lines on stderr (docs/OPERATIONS.md).
  http::JsonLog logs(STDERR_FILENO, *level);
  std::vector<transparency::WitnessEndpoint> witnesses;
  if (f.metrics != "on" && f.metrics != "off") {
    return Fail(Status::Invalid("--metrics", "enum", "must be on or off"));
  }
  for (const auto& spec : f.witness_specs) {
    auto w = transparency::ParseWitnessEndpoint(spec);
    if (!w.ok()) return Fail(w.status());
    witnesses.push_back(*w);
  }
  // glibc returns freed heap to the kernel eagerly; under load that is a brk() per request or
  // two (measured: ~10% of the issue benchmark). Keep up to 256 MiB of it instead. (No effect
  // in release builds, which allocate with jemalloc: see OPENKP_JEMALLOC.)
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  // Prometheus metrics (docs/OPERATIONS.md "Metrics"), on unless --metrics off; made before the
  // databases that report to it, so that it outlives them.
  std::unique_ptr<http::Metrics> metrics;
  if (f.metrics == "on") metrics = std::make_unique<http::Metrics>();
  auto w = OpenWorkspace(g, false);
  if (!w.ok()) return Fail(w.status());
  w->stats->SetMinCellCertificates(f.min_cell_certificates);
  w->stats->SetFindingsRefresh(std::chrono::seconds(f.findings_refresh));
  auto opt = ParseListen(listen);
  if (!opt.ok()) return Fail(opt.status());
  opt->threads = f.threads;
  opt->workers = f.workers;
  opt->body_limit = static_cast<size_t>(f.max_body_mib) << 20;
  opt->max_connections = limits.max_connections;
  if (metrics) {
    w->db->SetObserver(metrics->DatabaseObserver());
    metrics->SetLogGauges([db = w->db.get()] { return ReadLogGauges(*db); });
  }
  const bool access_log = *level != http::LogLevel::kOff;
  if (access_log || metrics) {
    opt->on_response = [&logs, access_log, m = metrics.get()](const http::AccessRecord& r) {
      if (access_log) logs.Access(r);
      if (m != nullptr) m->Response(r);
    };
  }
  opt->max_connections_per_client = limits.max_connections_per_client;
  auto signer = EnsureLogIdentity(g, transparency::kDefaultOrigin);
  if (!signer.ok()) return Fail(signer.status());
  auto log_files = transparency::OpenDirectoryTileStore(LogFilesDir(g));
  // The log reads every new certificate back and writes in batches; on a connection of its own
  // it neither waits for nor holds up the registry's (SQLite WAL: readers do not block writers).
  auto log_db = backends::OpenDatabase(StoreUrl(g));
  if (!log_db.ok()) return Fail(log_db.status());
  if (metrics) (*log_db)->SetObserver(metrics->DatabaseObserver());
  auto log = transparency::Log::Open(**log_db, *log_files, *signer, AllLogEntryKinds());
  if (!log.ok()) return Fail(log.status());
  if (auto cp = (*log)->Integrate(); !cp.ok()) return Fail(cp.status());
  http::Api api(*w->accounts, *w->registry, log->get(), log_files.get(), w->stats.get(),
                w->monitor.get(), w->review.get(), w->peer_reviews.get(), w->coalition.get(),
                metrics.get(), w->regions.get(), w->follow_ups.get());
  // Each route's own body limit (JSON routes 1 MiB), or --max-body for those without one.
  opt->body_limit_for = [&api, fallback = opt->body_limit](std::string_view method,
                                                           std::string_view target) {
    return api.BodyLimitFor(method, target, fallback);
  };
  // Uploads (OpenRosa submissions) stream to DATA/spool, on the data's disk rather than a
  // /tmp that may be memory, and are removed once answered.
  opt->spool_dir = g.data_dir + "/spool";
  ::mkdir(opt->spool_dir.c_str(), 0700);
  // Uploads a crash left behind (each is removed once answered).
  std::error_code sweep_ec;
  for (const auto& f : std::filesystem::directory_iterator(opt->spool_dir, sweep_ec)) {
    if (f.path().filename().string().rfind("openkp-upload-", 0) == 0) {
      std::filesystem::remove(f.path(), sweep_ec);
    }
  }
  opt->body_to_file_for = [&api](std::string_view method, std::string_view target) {
    return api.BodyToFile(method, target);
  };
  opt->check_before_body = [&api](const http::Request& head) { return api.CheckBeforeBody(head); };
  opt->rewrite_error = &http::Api::RewriteError;
  http::Server server(
      *opt, [&api](const http::Request& r) { return api.Handle(r); },
      [&api](const http::Request& r) { return api.HandleFast(r); },
      [&api](const http::Request& r, const http::Reply& reply) {
        return api.HandleAsync(r, reply);
      });
  core::Status s = server.Start();
  if (!s.ok()) return Fail(s);
  std::cout << "openkp serving http://" << listen.substr(0, listen.rfind(':')) << ":"
            << server.port() << "/ (data: " << g.data_dir << ", database: " << StoreDescription(g)
            << ")" << std::endl;
  // Sequence new events into the log at least every 500 ms while the server runs.
  transparency::Integrator integrator(**log, witnesses, HttpPost, std::chrono::milliseconds(500),
                                      [&logs](const std::string& m) { logs.Error("log", m); });
  integrator.Start();
  RunUntilSignalled(server, signals);
  integrator.Stop();
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& g, int* exit_code_out) {
  // Callbacks run after this returns: option storage is static (one CLI per process), and
  // everything else they use is a reference to main's storage.
  int& exit_code = *exit_code_out;
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };
  static ServeFlags f;
  CLI::App* serve = app.add_subcommand("serve", "Run the HTTP API and web app");
  data_opt(serve);
  serve->add_option("--listen", f.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--threads", f.threads, "I/O threads (0: one per core, at least 2)")
      ->check(CLI::Range(0, 256));
  serve
      ->add_option("--workers", f.workers,
                   "Handler threads for requests that wait on the database (issuing needs "
                   "none: it is answered after the group commit that stores it) (0: 64)")
      ->check(CLI::Range(0, 1024));
  serve
      ->add_option("--max-body", f.max_body_mib,
                   "Largest request body in MiB (statistics uploads; larger ones get 413)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve
      ->add_option("--max-connections", f.limits.max_connections,
                   "Open connections at most; more wait in the backlog (0: the descriptor limit "
                   "less 128)")
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-client", f.limits.max_connections_per_client,
                   "Open connections from one client address at most; more are closed (0: no cap)")
      ->capture_default_str();
  serve
      ->add_option("--log-level", f.log_level,
                   "JSON lines on stderr: info (every request), warn, error, off")
      ->capture_default_str();
  serve
      ->add_option("--min-cell-certificates", f.min_cell_certificates,
                   "Public trade tables from certificates withhold any figure of fewer "
                   "certificates (1: none withheld)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  serve
      ->add_option("--findings-refresh", f.findings_refresh,
                   "Seconds: the anomaly findings are recomputed for new certificates at most "
                   "this often (new statistics, reference data and dates at once; 0: always)")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  serve->add_option("--witness", f.witness_specs,
                    "Ask this witness to cosign each checkpoint: http://HOST:PORT[/PREFIX]=VKEY "
                    "(repeat for several)");
  serve
      ->add_option("--metrics", f.metrics,
                   "Prometheus metrics at /metrics for admins and the role metrics: on or off")
      ->capture_default_str();
  // Read by ExpandServeArguments before parsing; declared so that --help shows it.
  static std::string config_file;
  serve->add_option("--config", config_file,
                    "TOML file of serve's options by their long names (e.g. "
                    "/etc/openkp/openkp.toml); flags and OPENKP_* variables override it");
  serve->callback([&] { exit_code = Serve(g, f); });
}

const std::vector<std::pair<std::string, std::string>>& ServeEnvironment() {
  static const std::vector<std::pair<std::string, std::string>> kVariables = {
      {"OPENKP_DATA", "--data"},
      {"OPENKP_STORE", "--store"},
      {"OPENKP_LISTEN", "--listen"},
      {"OPENKP_THREADS", "--threads"},
      {"OPENKP_WORKERS", "--workers"},
      {"OPENKP_MAX_BODY", "--max-body"},
      {"OPENKP_MAX_CONNECTIONS", "--max-connections"},
      {"OPENKP_MAX_CONNECTIONS_PER_CLIENT", "--max-connections-per-client"},
      {"OPENKP_LOG_LEVEL", "--log-level"},
      {"OPENKP_METRICS", "--metrics"},
      {"OPENKP_MIN_CELL_CERTIFICATES", "--min-cell-certificates"},
      {"OPENKP_FINDINGS_REFRESH", "--findings-refresh"},
  };
  return kVariables;
}

namespace {

bool Given(const std::vector<std::string>& args, const std::string& flag) {
  return std::any_of(args.begin() + 2, args.end(), [&](const std::string& a) {
    return a == flag || a.rfind(flag + "=", 0) == 0;
  });
}

}  // namespace

core::Status ExpandServeArguments(std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] != "serve") return {};
  // The configuration file's name, taken out of the arguments.
  std::string config;
  for (size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config = args[i + 1];
      args.erase(args.begin() + static_cast<ptrdiff_t>(i),
                 args.begin() + static_cast<ptrdiff_t>(i) + 2);
      break;
    }
    if (args[i].rfind("--config=", 0) == 0) {
      config = args[i].substr(9);
      args.erase(args.begin() + static_cast<ptrdiff_t>(i));
      break;
    }
  }
  // Flags as given, then variables for the flags not given, then the file for the rest.
  std::vector<std::string> extra;
  for (const auto& [variable, flag] : ServeEnvironment()) {
    const char* value = std::getenv(variable.c_str());
    if (value != nullptr && !Given(args, flag)) extra.push_back(flag + "=" + value);
  }
  args.insert(args.end(), extra.begin(), extra.end());
  if (config.empty()) return {};
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigTOML().from_file(config);
  } catch (const CLI::Error& e) {
    return Status::Invalid("--config", "file", "cannot read " + config + ": " + e.what());
  }
  std::set<std::string> known = {"--witness"};
  std::string names;  // the file's keys, for the message
  for (const auto& [variable, flag] : ServeEnvironment()) {
    known.insert(flag);
    names += flag.substr(2) + ", ";
  }
  names += "witness";
  for (const auto& item : items) {
    const std::string flag = "--" + item.name;
    if (!item.parents.empty() || known.count(flag) == 0) {
      return Status::Invalid(
          "--config", "unknown-key",
          config + ": '" + item.fullname() + "' is not an option of serve (" + names + ")");
    }
    if (Given(args, flag)) continue;
    for (const auto& value : item.inputs) args.push_back(flag + "=" + value);
  }
  return {};
}

}  // namespace openkp::apps
