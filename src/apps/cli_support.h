// Helpers shared by the openkp CLI commands: exit codes, opening the data directory, output.
#pragma once

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "activities/activities.h"
#include "monitor/monitor.h"
#include "registry/key_vault.h"
#include "registry/registry.h"
#include "review/follow_ups.h"
#include "review/peer_reviews.h"
#include "review/regions.h"
#include "review/review.h"
#include "stats/stats.h"
#include "store/store.h"
#include "tlog/note.h"
#include "transparency/entry_kinds.h"
#include "transparency/log.h"

namespace openkp::apps {

// Exit codes (README "Exit codes"): stable, scripts rely on them.
enum ExitCode : int {
  kExitOk = 0,
  kExitNotValid = 1,  // `cert verify`: the certificate failed a check
  kExitUsage = 2,     // bad command line
  kExitInvalid = 3,   // input breaks a rule
  kExitNotFound = 4,
  kExitDenied = 5,    // missing/unknown token, or role/participant not allowed
  kExitConflict = 6,  // duplicate, or state forbids it
  kExitInternal = 7,  // storage or unexpected failure
};

int ExitFor(const core::Status& s);
// Prints "error: <message>" (and field/rule) to stderr; returns the exit code.
int Fail(const core::Status& s);

struct GlobalOptions {
  std::string data_dir = "data";
  // The database's URL (--store, OPENKP_STORE); empty: the SQLite file DATA/openkp.db.
  std::string store;
  std::string today;  // YYYY-MM-DD: pretend today is this date (tests, demos)
};

// The URL of the database: --store, or the SQLite file of the data directory.
std::string StoreUrl(const GlobalOptions& g);
// The database as it may be printed: the SQLite file's path, or the URL without its password
// and parameters. Its backend's scheme ("sqlite", "postgresql"; "" for none) in StoreScheme.
std::string StoreDescription(const GlobalOptions& g);
std::string StoreScheme(const GlobalOptions& g);
// Where monitoring attachments are files: "attachments" beside a SQLite database (one server
// reads them); "" on PostgreSQL, which keeps them in the database for every server.
std::string AttachmentsDir(const GlobalOptions& g);

// An open data directory: database, key vault, registry and statistics.
struct Workspace {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<registry::KeyVault> vault;
  std::unique_ptr<accounts::Accounts> accounts;
  std::unique_ptr<registry::Registry> registry;
  std::unique_ptr<stats::Statistics> stats;
  std::unique_ptr<monitor::Monitor> monitor;
  std::unique_ptr<review::Review> review;  // uses `stats` for its findings
  std::unique_ptr<review::PeerReviews> peer_reviews;
  std::unique_ptr<activities::Activities> coalition;
  std::unique_ptr<review::Regions> regions;
  std::unique_ptr<review::FollowUps> follow_ups;  // its references checked in monitor, coalition
};

// The log entry kinds of every service (registry, monitoring): what the log needs to open.
// The tables of every service this binary has, for backends::OpenDatabase.
std::vector<store::DomainSchema> AllDomainSchemas();
transparency::EntryKinds AllLogEntryKinds();

// Adds `--data DIR` (the data directory, default ./data) to a command.
void AddDataOption(CLI::App* command, GlobalOptions& global);

// The operator of a data directory, who reads its database anyway: treated as an admin.
accounts::Principal OperatorPrincipal();

// Every stored certificate verified (the proof after a copy or a restore): how many are valid,
// and how many fail for a reason the original had too (voided, expired, signed by a key revoked
// since). Anything else (a signature, a key or a document that no longer checks) is a damaged
// copy: kInternal naming the certificate.
struct VerifiedCertificates {
  int64_t valid = 0;
  int64_t failing = 0;  // voided, expired or of a revoked key
};
core::Result<VerifiedCertificates> VerifyEveryCertificate(registry::Registry& reg);

// Opens DIR/openkp.db (creating DIR when `create`) and builds the registry.
core::Result<Workspace> OpenWorkspace(const GlobalOptions& g, bool create);

// The transparency log's files in a data directory: its identity (origin and signing key, 0600)
// and its public files (tiles, bundles, checkpoint).
std::string LogIdentityPath(const GlobalOptions& g);
std::string LogFilesDir(const GlobalOptions& g);
// Creates DATA/log and the identity (with `origin`) unless they exist; returns the signer.
core::Result<tlog::NoteSigner> EnsureLogIdentity(const GlobalOptions& g, const std::string& origin);

// A receipt (c2sp.org/tlog-proof text) proven offline against the log's key, with its entry
// as a JSON object: what every `verify-receipt` command checks first.
struct ProvenReceipt {
  transparency::ProvenEntry proof;
  boost::json::object entry;
  // Whether the entry's member `key` is `value`.
  bool Says(std::string_view key, const boost::json::value& value) const {
    const auto* v = entry.if_contains(key);
    return v != nullptr && *v == value;
  }
};
// kInvalidArgument ("receipt") when the text is no receipt of that log or its entry is no object.
core::Result<ProvenReceipt> ProveReceipt(const std::string& text, const tlog::NoteVerifier& key);

// Reads a whole file (or stdin for "-"), limited to 16 MiB.
core::Result<std::string> ReadFile(const std::string& path);
core::Status WriteFile(const std::string& path, const std::string& text);

// Two-space indented JSON for people.
std::string PrettyJson(const boost::json::value& v);

// The token from --token or $OPENKP_TOKEN, authenticated.
core::Result<accounts::Principal> Login(accounts::Accounts& accounts,
                                        const std::string& token_flag);

}  // namespace openkp::apps
