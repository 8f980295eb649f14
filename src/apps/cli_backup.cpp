// `openkp backup --to DEST`: a consistent copy of a data directory, also while `serve` runs;
// `openkp restore --from SRC --data DIR`: puts one back, then proves it (every certificate
// verified, the transparency log recomputed from its files against its checkpoint).
#include "apps/cli_backup.h"

#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "backends/backends.h"
#include "registry/log_entries.h"
#include "transparency/audit.h"
#include "transparency/identity.h"
#include "transparency/log.h"
#include "transparency/tile_store.h"

namespace openkp::apps {

namespace fs = std::filesystem;
using core::Status;

namespace {

Status CopyTree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (!fs::exists(from, ec)) return {};
  fs::create_directories(to.parent_path(), ec);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) return Status::Internal("cannot copy " + from.string() + ": " + ec.message());
  return {};
}

// The database first (one snapshot), then the files: tiles never change once written and are
// written before the checkpoint that names them is recorded, so every tile of the snapshot's
// checkpoint is there; the published checkpoint is written from the snapshot itself, so the
// copy is consistent whatever the log did meanwhile.
Status Backup(const GlobalOptions& g, const std::string& to) {
  const fs::path dest(to);
  std::error_code ec;
  if (fs::exists(dest, ec)) return Status(core::Code::kAlreadyExists, to + " exists already");
  if (StoreScheme(g) != "sqlite") {  // said before anything is created
    return Status(core::Code::kFailedPrecondition,
                  "openkp backup copies a SQLite database; back up PostgreSQL with pg_dump "
                  "(docs/DEPLOYMENT.md \"Backups\")");
  }
  auto w = OpenWorkspace(g, false);
  if (!w.ok()) return w.status();
  fs::create_directories(dest / "log" / "public", ec);
  if (ec) return Status::Internal("cannot create " + to + ": " + ec.message());
  // As private as the data directory's own: the log's identity is a signing key.
  ::chmod(dest.c_str(), 0700);
  ::chmod((dest / "log").c_str(), 0700);
  OPENKP_RETURN_IF_ERROR(w->db->BackupTo((dest / "openkp.db").string()));
  const fs::path data(g.data_dir);
  OPENKP_RETURN_IF_ERROR(CopyTree(data / "keys", dest / "keys"));
  OPENKP_RETURN_IF_ERROR(CopyTree(data / "log" / "identity", dest / "log" / "identity"));
  // Public site positions are displaced with a seed derived from it: a new secret would show
  // every site at a second displaced point, and two points average closer to the truth.
  OPENKP_RETURN_IF_ERROR(CopyTree(data / "monitor-secret", dest / "monitor-secret"));
  // Attachment files are written before the rows that name them commit: every file the
  // snapshot names is there now (and files added since are harmless extras).
  OPENKP_RETURN_IF_ERROR(CopyTree(AttachmentsDir(g), dest / "attachments"));
  OPENKP_RETURN_IF_ERROR(
      CopyTree(data / "log" / "public" / "tile", dest / "log" / "public" / "tile"));
  auto copy = backends::OpenDatabase(backends::SqliteUrl((dest / "openkp.db").string()));
  if (!copy.ok()) return copy.status();
  store::Database& db = **copy;
  std::string published;
  OPENKP_RETURN_IF_ERROR(db.Read([&](store::Txn& t) -> Status {
    auto cp = db.log().LatestCheckpoint(t);
    if (!cp.ok()) return cp.status();
    if (!*cp) return Status();
    auto lines = db.log().Cosignatures(t, (*cp)->size);
    if (!lines.ok()) return lines.status();
    published = transparency::CheckpointFile(**cp, *lines);
    return Status();
  }));
  if (!published.empty()) {
    OPENKP_RETURN_IF_ERROR(WriteFile((dest / "log" / "public" / "checkpoint").string(), published));
  }
  std::cout << "backed up " << g.data_dir << " to " << to
            << " (database snapshot, keys, log identity and files, monitoring secret and "
               "attachments)\n";
  return {};
}

Status Restore(const GlobalOptions& g, const std::string& from) {
  const fs::path src(from), data(g.data_dir);
  std::error_code ec;
  if (!fs::exists(src / "openkp.db", ec)) {
    return Status::NotFound(from + " holds no backup (no openkp.db)");
  }
  if (fs::exists(data, ec) && !fs::is_empty(data, ec)) {
    return Status(core::Code::kAlreadyExists,
                  g.data_dir + " is not empty: restore into a new data directory");
  }
  fs::create_directories(data, ec);
  ::chmod(data.c_str(), 0750);
  fs::copy(src, data, fs::copy_options::recursive, ec);
  if (ec) return Status::Internal("cannot copy the backup: " + ec.message());
  // Proof: every certificate verified, the log opened on its files and recomputed.
  auto w = OpenWorkspace(g, false);
  if (!w.ok()) return w.status();
  auto verified = VerifyEveryCertificate(*w->registry);
  if (!verified.ok()) return verified.status();
  // Every monitoring attachment there and the file received (read back, hash checked).
  auto attachments = w->monitor->CheckAttachments();
  if (!attachments.ok()) return attachments.status();
  auto signer = transparency::LoadLogIdentity(LogIdentityPath(g));
  if (!signer.ok()) return signer.status();
  auto tiles = transparency::OpenDirectoryTileStore(LogFilesDir(g));
  auto log = transparency::Log::Open(*w->db, *tiles, *signer, AllLogEntryKinds());
  if (!log.ok()) return log.status();
  transparency::LogFileReader files = [&](const std::string& p) { return tiles->Get(p); };
  auto audit = transparency::AuditLog(files, (*log)->verifier(), std::nullopt);
  if (!audit.ok()) return audit.status();
  std::cout << "restored " << from << " into " << g.data_dir << ": "
            << verified->valid + verified->failing << " certificates verified (" << verified->valid
            << " valid, " << verified->failing << " voided, expired or revoked); " << *attachments
            << " monitoring attachments read back; transparency log of " << audit->entries
            << " entries recomputed from its files, root = checkpoint\n";
  return {};
}

}  // namespace

void AddBackupCommands(CLI::App& app, GlobalOptions& g, int* exit_code_out) {
  int& exit_code = *exit_code_out;
  static std::string to, from;
  CLI::App* backup = app.add_subcommand(
      "backup", "Copy a data directory consistently (also while `serve` runs) into a new one");
  AddDataOption(backup, g);
  backup->add_option("--to", to, "The backup directory to create")->required();
  backup->callback([&] {
    if (Status s = Backup(g, to); !s.ok()) exit_code = Fail(s);
  });
  CLI::App* restore = app.add_subcommand(
      "restore",
      "Put a backup into a new data directory, then verify every certificate and recompute "
      "the log");
  AddDataOption(restore, g);
  restore->add_option("--from", from, "The backup directory (from `openkp backup`)")->required();
  restore->callback([&] {
    if (Status s = Restore(g, from); !s.ok()) exit_code = Fail(s);
  });
}

}  // namespace openkp::apps
