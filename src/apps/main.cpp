// openkp: the command-line tool and server. `openkp --help` lists the commands; README.md
// documents them and their exit codes.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "apps/cli_cert.h"
#include "apps/cli_stats.h"
#include "apps/cli_support.h"
#include "apps/http_fetch.h"
#include "backends/backends.h"
#include "http/api.h"
#include "http/server.h"
#include "registry/demo.h"
#include "registry/log_entries.h"
#include "registry/verify.h"
#include "tlog/note.h"
#include "tlog/witness.h"
#include "transparency/audit.h"
#include "transparency/identity.h"
#include "transparency/log.h"
#include "transparency/witness.h"

using namespace openkp;
using core::Status;
using namespace openkp::apps;
namespace json = boost::json;

namespace openkp::apps {
extern const std::string_view kKpProductionCsv;
extern const char* const kKpProductionCsvName;
}  // namespace openkp::apps

namespace {

// "HOST:PORT" (or "[v6]:PORT") into server options; port 0 picks a free port.
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

int Serve(const GlobalOptions& g, const std::string& listen, int threads, int workers,
          int max_body_mib, const std::vector<std::string>& witness_specs) {
  std::vector<transparency::WitnessEndpoint> witnesses;
  for (const auto& spec : witness_specs) {
    auto w = transparency::ParseWitnessEndpoint(spec);
    if (!w.ok()) return Fail(w.status());
    witnesses.push_back(*w);
  }
  // glibc returns freed heap to the kernel eagerly; under load that is a brk() per request or
  // two (measured: ~10% of the issue benchmark). Keep up to 256 MiB of it instead. (No effect
  // in release builds, which allocate with jemalloc: see OPENKP_JEMALLOC.)
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  auto w = OpenWorkspace(g, false);
  if (!w.ok()) return Fail(w.status());
  auto opt = ParseListen(listen);
  if (!opt.ok()) return Fail(opt.status());
  opt->threads = threads;
  opt->workers = workers;
  opt->body_limit = static_cast<size_t>(max_body_mib) << 20;
  const sigset_t signals = BlockStopSignals();
  auto signer = EnsureLogIdentity(g, transparency::kDefaultOrigin);
  if (!signer.ok()) return Fail(signer.status());
  auto log_files = transparency::OpenDirectoryTileStore(LogFilesDir(g));
  // The log reads every new certificate back and writes in batches; on a connection of its own
  // it neither waits for nor holds up the registry's (SQLite WAL: readers do not block writers).
  auto log_db = backends::OpenDatabase(backends::SqliteUrl(g.data_dir + "/openkp.db"));
  if (!log_db.ok()) return Fail(log_db.status());
  auto log = transparency::Log::Open(**log_db, *log_files, *signer, registry::LogEntryKinds());
  if (!log.ok()) return Fail(log.status());
  if (auto cp = (*log)->Integrate(); !cp.ok()) return Fail(cp.status());
  http::Api api(*w->accounts, *w->registry, log->get(), log_files.get(), w->stats.get());
  http::Server server(
      *opt, [&api](const http::Request& r) { return api.Handle(r); },
      [&api](const http::Request& r) { return api.HandleFast(r); },
      [&api](const http::Request& r, const http::Reply& reply) {
        return api.HandleAsync(r, reply);
      });
  core::Status s = server.Start();
  if (!s.ok()) return Fail(s);
  std::cout << "openkp serving http://" << listen.substr(0, listen.rfind(':')) << ":"
            << server.port() << "/ (data: " << g.data_dir << ")" << std::endl;
  // Sequence new events into the log at least every 500 ms while the server runs.
  std::mutex integrate_mu;
  std::condition_variable integrate_cv;
  bool stopping = false;
  std::thread integrator([&] {
    pthread_setname_np(pthread_self(), "openkp-log");
    // Logging is background work that may lag by a batch: on a busy machine it yields to the
    // request path (the tile writer it starts inherits this). Raising nice needs no privilege.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
    std::unique_lock lock(integrate_mu);
    while (!integrate_cv.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping; })) {
      lock.unlock();
      if (auto cp = (*log)->Integrate(); !cp.ok()) {
        std::cerr << "transparency log: " << cp.status().message() << std::endl;
      } else if (!witnesses.empty()) {
        if (Status s = (*log)->Cosign(witnesses, HttpPost); !s.ok()) {
          std::cerr << "witnesses: " << s.message() << std::endl;
        }
      }
      lock.lock();
    }
  });
  RunUntilSignalled(server, signals);
  {
    std::lock_guard lock(integrate_mu);
    stopping = true;
  }
  integrate_cv.notify_one();
  integrator.join();
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"openkp: Kimberley Process certificates, statistics and monitoring"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");
  GlobalOptions g;
  int exit_code = 0;
  app.add_option("--today", g.today, "Pretend today is YYYY-MM-DD (tests and demos)")
      ->group("")  // hidden: not for production use
      ->configurable(false);
  auto data_opt = [&g](CLI::App* c) {
    c->add_option("--data", g.data_dir, "Data directory (database and keys)")
        ->capture_default_str();
  };

  std::string log_origin = transparency::kDefaultOrigin;
  auto init_log = [&]() -> core::Status {
    auto signer = EnsureLogIdentity(g, log_origin);
    return signer.ok() ? core::Status() : signer.status();
  };
  CLI::App* init = app.add_subcommand("init", "Create a data directory with the KP participants");
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
    std::cout << "initialised " << g.data_dir << "/openkp.db (schema "
              << backends::SchemaVersion("sqlite") << ")\n";
  });

  registry::DemoOptions demo_opt;
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
    std::string tokens;
    for (const auto& [name, token] : r->tokens)
      tokens.append(name).append("\t").append(token) += "\n";
    const std::string path = g.data_dir + "/demo-tokens.txt";
    core::Status s = WriteFile(path, tokens);
    if (!s.ok()) return void(exit_code = Fail(s));
    ::chmod(path.c_str(), 0600);
    std::cout << "demo data loaded into " << g.data_dir << ": " << r->certificates
              << " certificates (" << r->confirmed << " confirmed, " << r->pending << " pending, "
              << r->voided << " voided, " << r->expired << " expired, " << r->mismatched
              << " with a confirmation mismatch), and the KP production statistics 2003-2024 ("
              << imported->parsed.figures.size() << " figures)\n"
              << "API tokens of the demo admin and officers: " << path << "\n";
  });

  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  CLI::App* serve = app.add_subcommand("serve", "Run the HTTP API and web app");
  data_opt(serve);
  serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--threads", threads, "I/O threads (0: one per core, at least 2)")
      ->check(CLI::Range(0, 256));
  int workers = 0;
  serve
      ->add_option("--workers", workers,
                   "Handler threads for requests that wait on the database (issuing needs "
                   "none: it is answered after the group commit that stores it) (0: 64)")
      ->check(CLI::Range(0, 1024));
  int max_body_mib = 1;
  serve
      ->add_option("--max-body", max_body_mib,
                   "Largest request body in MiB (statistics uploads; larger ones get 413)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  std::vector<std::string> witness_specs;
  serve->add_option("--witness", witness_specs,
                    "Ask this witness to cosign each checkpoint: http://HOST:PORT[/PREFIX]=VKEY "
                    "(repeat for several)");
  serve->callback(
      [&] { exit_code = Serve(g, listen, threads, workers, max_body_mib, witness_specs); });

  // keys
  CLI::App* keys = app.add_subcommand("keys", "Authority signing keys");
  keys->require_subcommand(1);
  std::string key_participant, key_id, key_reason, valid_from;
  CLI::App* kgen = keys->add_subcommand(
      "generate", "Create a key pair for a participant (private key file 0600 in DATA/keys)");
  data_opt(kgen);
  kgen->add_option("--participant", key_participant, "Participant code")->required();
  kgen->add_option("--valid-from", valid_from, "First issue date it signs (default today)");
  kgen->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    std::optional<core::Date> from;
    if (!valid_from.empty()) {
      auto d = core::Date::Parse(valid_from);
      if (!d.ok())
        return void(exit_code =
                        Fail(core::Status::Invalid("--valid-from", "date", d.status().message())));
      from = *d;
    }
    auto k = w->registry->GenerateKey(key_participant, from);
    if (!k.ok()) return void(exit_code = Fail(k.status()));
    std::cout << PrettyJson(registry::KeyToJson(*k));
  });
  CLI::App* krot = keys->add_subcommand(
      "rotate", "New key from today; the participant's current keys stop signing after today");
  data_opt(krot);
  krot->add_option("--participant", key_participant, "Participant code")->required();
  krot->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto k = w->registry->RotateKey(key_participant);
    if (!k.ok()) return void(exit_code = Fail(k.status()));
    std::cout << PrettyJson(registry::KeyToJson(*k));
  });
  CLI::App* krev = keys->add_subcommand(
      "revoke", "Revoke a compromised key: every certificate it signed fails verification");
  data_opt(krev);
  krev->add_option("key_id", key_id, "Key id")->required();
  krev->add_option("--reason", key_reason, "Why (e.g. 'private key compromised')")->required();
  krev->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    core::Status s = w->registry->RevokeKey(key_id, key_reason);
    if (!s.ok()) return void(exit_code = Fail(s));
    std::cout << "revoked " << key_id << "\n";
  });
  for (const char* name : {"list", "export"}) {
    CLI::App* kl = keys->add_subcommand(
        name, std::string(name) == "list"
                  ? "List public keys"
                  : "Print public keys as a keyring JSON for offline `cert verify --keys`");
    data_opt(kl);
    kl->add_option("--participant", key_participant, "Only this participant's keys");
    bool as_table = std::string(name) == "list";
    kl->callback([&, as_table] {
      auto w = OpenWorkspace(g, false);
      if (!w.ok()) return void(exit_code = Fail(w.status()));
      std::optional<std::string> p;
      if (!key_participant.empty()) p = key_participant;
      auto ks = w->registry->ListKeys(p);
      if (!ks.ok()) return void(exit_code = Fail(ks.status()));
      if (!as_table) {
        std::cout << PrettyJson(json::parse(registry::KeyringToJson(*ks)));
        return;
      }
      for (const auto& k : *ks) {
        std::cout << k.key_id << "  " << k.participant << "  from " << k.valid_from.ToString()
                  << (k.valid_to ? "  to " + k.valid_to->ToString() : "")
                  << (k.revoked_on ? "  REVOKED " + k.revoked_on->ToString() : "") << "\n";
      }
    });
  }

  // users
  CLI::App* users = app.add_subcommand("users", "API users and tokens");
  users->require_subcommand(1);
  std::string user_name, user_role = "officer", user_participant;
  CLI::App* uadd = users->add_subcommand("add", "Create a user; prints its API token (once)");
  data_opt(uadd);
  uadd->add_option("--name", user_name, "Display name")->required();
  uadd->add_option("--role", user_role, "admin or officer")
      ->check(CLI::IsMember({"admin", "officer"}))
      ->capture_default_str();
  uadd->add_option("--participant", user_participant, "Participant code (officers)");
  uadd->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto u = w->accounts->AddUser(
        user_name, user_role == "admin" ? store::Role::kAdmin : store::Role::kOfficer,
        user_participant);
    if (!u.ok()) return void(exit_code = Fail(u.status()));
    std::cout << u->token << "\n";
  });
  CLI::App* ulist = users->add_subcommand("list", "List users (never tokens)");
  data_opt(ulist);
  ulist->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto us = w->accounts->ListUsers(OperatorPrincipal());
    if (!us.ok()) return void(exit_code = Fail(us.status()));
    for (const auto& u : *us) {
      std::cout << u.id << "  " << store::RoleName(u.role) << "  "
                << (u.participant.empty() ? "-" : u.participant) << "  " << u.name << "  "
                << (u.disabled_on.empty() ? "" : "disabled since " + u.disabled_on + ", ")
                << u.active_tokens << (u.active_tokens == 1 ? " token" : " tokens") << "\n";
    }
  });
  // Account control: the id is the first column of `users list`.
  int64_t user_id = 0;
  auto with_user_id = [&](CLI::App* c) {
    data_opt(c);
    c->add_option("id", user_id, "User id (from `openkp users list`)")
        ->required()
        ->check(CLI::PositiveNumber);
  };
  for (const bool disable : {true, false}) {
    CLI::App* c = users->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Refuse every token of a user until enabled again (e.g. an officer who left)"
                : "Let a disabled user's active tokens work again");
    with_user_id(c);
    c->callback([&, disable] {
      auto w = OpenWorkspace(g, false);
      if (!w.ok()) return void(exit_code = Fail(w.status()));
      auto u = w->accounts->SetUserDisabled(user_id, disable);
      if (!u.ok()) return void(exit_code = Fail(u.status()));
      std::cout << "user " << u->id << " (" << u->name << ") " << (disable ? "disabled" : "enabled")
                << "\n";
    });
  }
  CLI::App* utoken =
      users->add_subcommand("token", "Create another API token for a user; prints it (once)");
  with_user_id(utoken);
  utoken->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto t = w->accounts->NewToken(user_id);
    if (!t.ok()) return void(exit_code = Fail(t.status()));
    std::cout << t->token << "\n";
  });
  CLI::App* urevoke = users->add_subcommand(
      "revoke-tokens", "Revoke every API token of a user (a leak); `users token` makes a new one");
  with_user_id(urevoke);
  urevoke->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto n = w->accounts->RevokeTokens(user_id);
    if (!n.ok()) return void(exit_code = Fail(n.status()));
    std::cout << "revoked " << *n << (*n == 1 ? " token" : " tokens") << " of user " << user_id
              << "\n";
  });

  CLI::App* parts = app.add_subcommand("participants", "KP participants");
  parts->require_subcommand(1);
  CLI::App* plist = parts->add_subcommand("list", "List participants");
  data_opt(plist);
  plist->callback([&] {
    auto w = OpenWorkspace(g, false);
    if (!w.ok()) return void(exit_code = Fail(w.status()));
    auto ps = w->registry->ListParticipants();
    if (!ps.ok()) return void(exit_code = Fail(ps.status()));
    for (const auto& p : *ps)
      std::cout << p.code << "  " << p.name << "  (" << p.authority << ")\n";
  });

  CLI::App* logc = app.add_subcommand("log", "The public transparency log");
  logc->require_subcommand(1);
  CLI::App* vkey = logc->add_subcommand("vkey", "Print the log's verifier key (note vkey format)");
  data_opt(vkey);
  vkey->callback([&] {
    auto signer = transparency::LoadLogIdentity(LogIdentityPath(g));
    if (!signer.ok()) return void(exit_code = Fail(signer.status()));
    std::cout << signer->verifier().VerifierKey() << "\n";
  });

  std::string audit_source, audit_key, audit_state;
  CLI::App* audit = logc->add_subcommand(
      "audit",
      "Recompute a published log from its files: checkpoint signature, every entry bundle and "
      "tile, the root, and consistency with the checkpoint this command saw last time");
  audit
      ->add_option("source", audit_source,
                   "The log prefix URL (http://HOST:PORT/log) or a directory of its files "
                   "(DATA/log/public, a mirror)")
      ->required();
  audit->add_option("--log-key", audit_key, "The log's verifier key (openkp log vkey)")->required();
  audit->add_option("--state", audit_state,
                    "Where checkpoints seen are remembered (default: $HOME/.openkp/audit)");
  audit->callback([&] {
    auto key = tlog::NoteVerifier::FromVerifierKey(audit_key);
    if (!key.ok()) return void(exit_code = Fail(key.status()));
    transparency::LogFileReader reader;
    if (audit_source.rfind("http://", 0) == 0) {
      std::string base = audit_source;
      while (!base.empty() && base.back() == '/') base.pop_back();
      reader = [base](const std::string& path) { return HttpGet(base + "/" + path); };
    } else {
      auto files = std::shared_ptr<transparency::TileStore>(
          transparency::OpenDirectoryTileStore(audit_source));
      reader = [files](const std::string& path) { return files->Get(path); };
    }
    if (audit_state.empty()) {
      const char* home = std::getenv("HOME");
      audit_state = std::string(home ? home : ".") + "/.openkp/audit";
    }
    std::string name = key->name;
    for (char& c : name) {
      if (c == '/' || c == ':') c = '_';
    }
    const std::string state_file = audit_state + "/" + name + ".checkpoint";
    std::optional<std::string> previous;
    if (auto seen = ReadFile(state_file); seen.ok()) previous = *seen;
    auto report = transparency::AuditLog(reader, *key, previous);
    if (!report.ok()) {
      std::cout << "AUDIT FAILED: " << report.status().message() << "\n";
      exit_code = report.status().code() == core::Code::kInvalidArgument ? kExitNotValid
                                                                         : Fail(report.status());
      return;
    }
    std::error_code ec;
    std::filesystem::create_directories(audit_state, ec);
    if (Status s = WriteFile(state_file, report->checkpoint_note); !s.ok()) {
      return void(exit_code = Fail(s));
    }
    std::cout << "audit OK: " << report->checkpoint.origin << " size " << report->checkpoint.size
              << ": signature, " << report->entries << " entries, " << report->tiles
              << " tiles and the root recomputed";
    if (report->consistent_with) {
      std::cout << "; consistent with checkpoint " << *report->consistent_with << " seen before";
    }
    std::cout << "\n";
  });

  // witness
  CLI::App* witness = app.add_subcommand("witness", "Run a transparency-log witness");
  witness->require_subcommand(1);
  std::string witness_dir = "witness", witness_name = "openkp-witness", witness_log_key,
              witness_listen = "127.0.0.1:8090";
  auto witness_cosigner = [&]() -> core::Result<tlog::Cosigner> {
    ::mkdir(witness_dir.c_str(), 0700);
    auto id = transparency::LoadOrCreateNamedKey(witness_dir + "/witness.key", witness_name);
    if (!id.ok()) return id.status();
    return tlog::Cosigner(id->name, id->key);
  };
  CLI::App* wserve = witness->add_subcommand(
      "serve", "Cosign a log's checkpoints over HTTP (POST /add-checkpoint, C2SP tlog-witness)");
  wserve->add_option("--dir", witness_dir, "Witness directory (key, state)")->capture_default_str();
  wserve->add_option("--name", witness_name, "Witness key name (first run only)")
      ->capture_default_str();
  wserve->add_option("--log-key", witness_log_key, "The witnessed log's vkey")->required();
  wserve->add_option("--listen", witness_listen, "HOST:PORT")->capture_default_str();
  wserve->callback([&] {
    auto cosigner = witness_cosigner();
    if (!cosigner.ok()) return void(exit_code = Fail(cosigner.status()));
    auto log_key = tlog::NoteVerifier::FromVerifierKey(witness_log_key);
    if (!log_key.ok()) return void(exit_code = Fail(log_key.status()));
    transparency::Witness w(*cosigner, *log_key, witness_dir + "/state");
    auto opt = ParseListen(witness_listen);
    if (!opt.ok()) return void(exit_code = Fail(opt.status()));
    opt->threads = 1;
    opt->workers = 2;
    const sigset_t signals = BlockStopSignals();
    http::Server server(*opt, [&](const http::Request& r) {
      http::Response out;
      if (r.method == "POST" && r.path == "/add-checkpoint") {
        auto reply = w.AddCheckpoint(r.body, static_cast<uint64_t>(std::time(nullptr)));
        out.status = reply.status;
        out.content_type = reply.content_type;
        out.body = reply.body;
      } else if (r.method == "GET" && r.path == "/vkey") {
        out.content_type = "text/plain; charset=utf-8";
        out.body = w.verifier().VerifierKey() + "\n";
      } else {
        out.status = 404;
        out.content_type = "text/plain; charset=utf-8";
        out.body = "not found\n";
      }
      return out;
    });
    if (Status s = server.Start(); !s.ok()) return void(exit_code = Fail(s));
    std::cout << "witness " << w.verifier().VerifierKey() << " serving http://" << opt->host << ":"
              << server.port() << "/" << std::endl;
    RunUntilSignalled(server, signals);
  });
  CLI::App* wvkey = witness->add_subcommand("vkey", "Print the witness's verifier key");
  wvkey->add_option("--dir", witness_dir, "Witness directory")->capture_default_str();
  wvkey->add_option("--name", witness_name, "Witness key name (first run only)")
      ->capture_default_str();
  wvkey->callback([&] {
    auto cosigner = witness_cosigner();
    if (!cosigner.ok()) return void(exit_code = Fail(cosigner.status()));
    std::cout << cosigner->verifier().VerifierKey() << "\n";
  });

  AddCertCommands(app, g, &exit_code);
  AddStatsCommands(app, g, &exit_code);

  try {
    app.parse(argc, argv);
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
