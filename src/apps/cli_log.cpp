// `openkp log vkey|audit` and `openkp witness serve|vkey`.
#include "apps/cli_log.h"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <iostream>

#include "apps/cli_serve.h"
#include "apps/http_fetch.h"
#include "http/router.h"
#include "tlog/note.h"
#include "tlog/witness.h"
#include "transparency/audit.h"
#include "transparency/identity.h"
#include "transparency/tile_store.h"
#include "transparency/witness.h"

namespace openkp::apps {

using core::Status;

void AddLogCommands(CLI::App& app, GlobalOptions& g, int* exit_code_out) {
  // Callbacks run after this returns: option storage is static (one CLI per process), and
  // everything else they use is a reference to main's storage.
  int& exit_code = *exit_code_out;
  auto data_opt = [&g](CLI::App* c) { AddDataOption(c, g); };
  CLI::App* logc = app.add_subcommand("log", "The public transparency log");
  logc->require_subcommand(1);
  CLI::App* vkey = logc->add_subcommand("vkey", "Print the log's verifier key (note vkey format)");
  data_opt(vkey);
  vkey->callback([&] {
    auto signer = transparency::LoadLogIdentity(LogIdentityPath(g));
    if (!signer.ok()) return void(exit_code = Fail(signer.status()));
    std::cout << signer->verifier().VerifierKey() << "\n";
  });

  static std::string audit_source, audit_key, audit_state;
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
  static std::string witness_dir = "witness", witness_name = "openkp-witness", witness_log_key,
                     witness_listen = "127.0.0.1:8090";
  static const auto witness_cosigner = []() -> core::Result<tlog::Cosigner> {
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
    // The same router as the API: exact methods and paths, problem documents for the rest.
    http::Router router;
    router.Add("POST", "/add-checkpoint", [&w](const http::Request& r, const http::Params&) {
      auto reply = w.AddCheckpoint(r.body, static_cast<uint64_t>(std::time(nullptr)));
      http::Response out;
      out.status = reply.status;
      out.content_type = reply.content_type;
      out.body = reply.body;
      return out;
    });
    router.Add("GET", "/vkey", [&w](const http::Request&, const http::Params&) {
      http::Response out;
      out.content_type = "text/plain; charset=utf-8";
      out.body = w.verifier().VerifierKey() + "\n";
      return out;
    });
    http::Server server(*opt, [&router](const http::Request& r) { return router.Handle(r); });
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
}

}  // namespace openkp::apps
