// `openkp store copy --from URL --to URL`: every row into an empty database of another backend
// (docs/DEPLOYMENT.md "Moving to PostgreSQL"), then proof that nothing was lost: row counts
// equal table by table, the log's root recomputed from the copied leaves equal to its latest
// signed checkpoint, and every copied certificate verified against the copied keys.
#include "apps/cli_store.h"

#include <cstring>
#include <iostream>

#include "backends/backends.h"
#include "monitor/attachment_files.h"
#include "registry/registry.h"
#include "store/sql/copy.h"
#include "tlog/merkle.h"
#include "tlog/note.h"
#include "transparency/identity.h"

namespace openkp::apps {

using core::Status;

namespace {

// The copied log: its leaves make the root of its latest checkpoint, signed by the log's key.
Status CheckLog(store::Database& db, const GlobalOptions& g, uint64_t* size) {
  auto cp = store::ReadValue(db, [&](store::Txn& t) { return db.log().LatestCheckpoint(t); });
  if (!cp.ok()) return cp.status();
  *size = 0;
  if (!*cp) return {};
  const store::LogCheckpoint& latest = **cp;
  auto leaves =
      store::ReadValue(db, [&](store::Txn& t) { return db.log().ListLeaves(t, 0, latest.size); });
  if (!leaves.ok()) return leaves.status();
  if (leaves->size() != latest.size) {
    return Status::Internal("the copy holds " + std::to_string(leaves->size()) +
                            " log leaves under a checkpoint of " + std::to_string(latest.size));
  }
  std::vector<tlog::Hash> hashes;
  hashes.reserve(leaves->size());
  for (const auto& leaf : *leaves) hashes.push_back(tlog::LeafHash(leaf.entry));
  const tlog::Hash root = tlog::RootOfLeafHashes(hashes);
  if (latest.root.size() != root.size() ||
      std::memcmp(latest.root.data(), root.data(), root.size()) != 0) {
    return Status::Internal("the copied log's leaves do not make its checkpoint's root");
  }
  auto signer = transparency::LoadLogIdentity(LogIdentityPath(g));
  if (!signer.ok()) {
    return Status::NotFound("the log's key (" + LogIdentityPath(g) +
                            ") is needed to check the copied checkpoint: give --data");
  }
  auto opened = tlog::OpenNote(latest.note, {signer->verifier()});
  if (!opened.ok()) {
    return Status::Internal("the copied checkpoint is not signed by this deployment's log key");
  }
  *size = latest.size;
  return {};
}

// Monitoring attachments a SQLite source keeps as files (in `dir`) travel inside the copied
// rows: the target may be PostgreSQL, whose servers all read them from the database. Each file
// is checked against its row's size and SHA-256 on the way.
store::sql::RowRewriter InlineAttachmentFiles(std::string dir) {
  return [dir = std::move(dir)](const std::string& table, const std::vector<std::string>& columns,
                                std::vector<store::sql::Cell>& row) -> Status {
    if (table != "monitor_attachments") return {};
    auto at = [&](const char* name) -> store::sql::Cell* {
      for (size_t c = 0; c < columns.size(); ++c) {
        if (columns[c] == name) return &row[c];
      }
      return nullptr;
    };
    store::sql::Cell *in_file = at("in_file"), *data = at("data"), *sha = at("sha256"),
                     *size = at("size");
    if (in_file == nullptr || in_file->number == 0) return {};
    if (data == nullptr || sha == nullptr || size == nullptr || dir.empty()) {
      return Status::Internal("an attachment kept as a file cannot be copied from here");
    }
    auto bytes = monitor::ReadAttachmentFile(dir, sha->text, size->number);
    if (!bytes.ok()) return bytes.status();
    data->kind = store::sql::ColumnKind::kBlob;
    data->text = std::move(*bytes);
    in_file->number = 0;
    return {};
  };
}

Status Copy(const GlobalOptions& g, const std::string& from_url, const std::string& to_url) {
  auto from = backends::OpenDatabase(from_url, AllDomainSchemas());
  if (!from.ok()) return from.status();
  auto to = backends::OpenDatabase(to_url, AllDomainSchemas());
  if (!to.ok()) return to.status();
  GlobalOptions source = g;
  source.store = from_url;
  int64_t rows = 0;
  auto copied = store::sql::CopyDatabase(
      **from, **to,
      [&](const std::string& table, int64_t n) {
        rows += n;
        if (n > 0) std::cout << "  " << table << ": " << n << " rows\n";
      },
      InlineAttachmentFiles(AttachmentsDir(source)));
  if (!copied.ok()) return copied.status();

  // Proof 1: every table holds as many rows on both sides.
  auto before = store::sql::CountRows(**from);
  if (!before.ok()) return before.status();
  auto after = store::sql::CountRows(**to);
  if (!after.ok()) return after.status();
  for (const auto& [table, n] : *before) {
    int64_t there = -1;
    for (const auto& t : *after) there = t.table == table ? t.rows : there;
    if (there != n) {
      return Status::Internal("table " + table + ": " + std::to_string(n) + " rows, " +
                              std::to_string(there) + " copied");
    }
  }
  // Proof 2: the log recomputed from the copy.
  uint64_t log_size = 0;
  OPENKP_RETURN_IF_ERROR(CheckLog(**to, g, &log_size));
  // Proof 3: every certificate of the copy verifies with the copy's keys.
  registry::KeyVault vault(g.data_dir + "/keys");
  registry::Registry reg(**to, vault, &core::Date::TodayUtc);
  auto verified = VerifyEveryCertificate(reg);
  if (!verified.ok()) return verified.status();
  std::cout << "copied " << rows << " rows in " << copied->size() << " tables from " << from_url
            << " to " << to_url << "; row counts equal; log of " << log_size
            << " entries recomputed, root = checkpoint; " << verified->valid + verified->failing
            << " certificates verified (" << verified->valid << " valid, " << verified->failing
            << " voided, expired or of a revoked key)\n";
  return {};
}

}  // namespace

void AddStoreCommands(CLI::App& app, GlobalOptions& g, int* exit_code_out) {
  int& exit_code = *exit_code_out;
  static std::string from, to;
  CLI::App* store = app.add_subcommand("store", "The database itself");
  store->require_subcommand(1);
  CLI::App* copy = store->add_subcommand(
      "copy",
      "Copy every row into an empty database (sqlite:PATH or postgresql://...), then prove it");
  copy->add_option("--data", g.data_dir, "Data directory (the log's key, for the proof)")
      ->capture_default_str();
  copy->add_option("--from", from, "The database to copy, e.g. sqlite:data/openkp.db")->required();
  copy->add_option("--to", to, "An empty database, e.g. postgresql://openkp@db/openkp")->required();
  copy->callback([&] {
    if (Status s = Copy(g, from, to); !s.ok()) exit_code = Fail(s);
  });
}

}  // namespace openkp::apps
