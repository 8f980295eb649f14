// The public transparency log of openkp's events (issue 3): sequences the append-only `events`
// table into an RFC 6962 tree published as C2SP tlog-tiles with signed checkpoints.
//
//   auto log = transparency::Log::Open(db, *tiles, signer, kinds);   // kinds: entry_kinds.h
//   auto checkpoint = (*log)->Integrate();   // call at least once a second while there is work
//
// An entry commits to its event without revealing trade secrets (docs/TRANSPARENCY_LOG.md):
// certificate events publish type, number, issuer, date and status, plus
// SHA-256(salt || signed certificate) whose salt only the registry and the certificate's holder
// know. Order of work, so that a crash at any point loses nothing and never forks the log:
// stage leaves in the database -> write tiles and bundles -> record the signed checkpoint in the
// database -> publish it. Open() refuses a published checkpoint the database does not know.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/certificate.h"
#include "store/store.h"
#include "tlog/merkle.h"
#include "tlog/note.h"
#include "tlog/tile.h"
#include "transparency/entry_kinds.h"
#include "transparency/tile_store.h"
#include "transparency/witness.h"

namespace openkp::transparency {

// base64(SHA-256(salt || canonical)): the commitment to a private document whose RFC 8785
// form is `canonical`.
std::string CommitmentOfCanonical(std::string_view salt, std::string_view canonical);

// The commitment a certificate entry carries: base64(SHA-256(salt || JCS(signed document))),
// the signed document being {"certificate": ..., "signature": ...} in RFC 8785 form, so that
// any copy of the certificate, however formatted, gives the same commitment.
std::string CertificateCommitment(std::string_view salt, const core::SignedCertificate& cert);

// What a verified receipt proves about a certificate: which of its events is in the log.
struct LoggedCertificateEvent {
  tlog::Checkpoint checkpoint;  // the signed checkpoint whose tree holds the entry
  uint64_t index = 0;           // the entry's leaf index
  std::string status;           // "issued", "confirmed" or "voided"
  std::string date;  // YYYY-MM-DD: the issue date, or the day (UTC) the event was recorded
};

// Offline check of a receipt (tlog-proof@v1 from GET /v1/certificates/{number}/receipt): its
// checkpoint is signed by `log_key`, and an entry about `cert`, whose commitment matches `cert`
// with the receipt's salt, is included in that checkpoint's tree.
// The receipt's `extra` is the 16-byte salt for an issue receipt (the entry is rebuilt from the
// certificate alone), or the salt followed by the entry's bytes for a confirmation or void
// receipt (their date is not in the certificate); the entry's number, issuer and commitment are
// then checked against `cert`.
core::Result<LoggedCertificateEvent> VerifyCertificateReceipt(const core::SignedCertificate& cert,
                                                              const tlog::Receipt& receipt,
                                                              const tlog::NoteVerifier& log_key);

// The entry of a certificate event, as published. For "certificate.issued" the date is the
// certificate's issue date, so that a holder of the certificate and the salt can rebuild the
// entry offline and check a receipt; other events carry the date they happened.
std::string CertificateEntry(std::string_view event_kind, std::string_view number,
                             std::string_view issuer, std::string_view date,
                             std::string_view status, std::string_view commitment);

// The receipt of `number`'s `status` event ("issued", "confirmed" or "voided") from the stored
// leaves and checkpoints and the published tiles; what Log::CertificateReceipt serves. Read-only,
// so the CLI can use it beside a running server. kNotFound if that event has not happened,
// kFailedPrecondition if it is not in a published checkpoint yet. `cache` (optional): the
// tiles' subtrees kept between receipts (a server's).
core::Result<std::string> CertificateReceipt(store::Database& db, TileStore& tiles,
                                             const std::string& number,
                                             std::string_view status = "issued",
                                             tlog::TileHashCache* cache = nullptr);

// The receipt of the latest `kind` event about `subject` (a service's own events): the entry
// itself travels in the receipt's extra data, after its salt (none for entries without one).
// kNotFound without such an event, kFailedPrecondition while it is not in a published
// checkpoint.
core::Result<std::string> EventReceipt(store::Database& db, TileStore& tiles,
                                       const std::string& kind, const std::string& subject,
                                       tlog::TileHashCache* cache = nullptr);
// What a receipt of EventReceipt proves: `entry` is leaf `index` of `checkpoint`, signed by
// `log_key`. kInvalidArgument naming what fails (signature, origin, inclusion).
struct ProvenEntry {
  tlog::Checkpoint checkpoint;
  uint64_t index = 0;
  std::string entry;
};
core::Result<ProvenEntry> VerifyEntryReceipt(const tlog::Receipt& receipt,
                                             const tlog::NoteVerifier& log_key);
// The checkpoint file a log publishes for `cp` (what /log/checkpoint serves): its signed note
// followed by the witnesses' cosignature lines.
std::string CheckpointFile(const store::LogCheckpoint& cp,
                           const std::vector<std::string>& cosignatures);

// The receipt of `leaf` under checkpoint `cp`, with `extra` as its application data.
core::Result<std::string> ProveLeaf(TileStore& tiles, const store::LogLeaf& leaf,
                                    const store::LogCheckpoint& cp, std::string extra,
                                    tlog::TileHashCache* cache = nullptr);

class Log {
 public:
  // kFailedPrecondition when an event not yet logged has a kind `kinds` has no builder for,
  // or when the published checkpoint is not one the database recorded.
  static core::Result<std::unique_ptr<Log>> Open(store::Database& db, TileStore& tiles,
                                                 tlog::NoteSigner signer, EntryKinds kinds);

  // Sequences up to `max_events` events not yet logged; if the tree grew, writes its tiles and
  // entry bundles and signs and publishes a new checkpoint. Returns the latest checkpoint.
  // With several servers on one database, only the holder of the sequencer lease
  // (store::kLogSequencerLease) sequences and signs; the others build their tiles from the
  // stored leaves and publish the checkpoint it recorded, once they make its root.
  core::Result<store::LogCheckpoint> Integrate(int64_t max_events = 50000);

  const std::string& origin() const { return signer_.name(); }
  tlog::NoteVerifier verifier() const { return signer_.verifier(); }
  uint64_t size() const;

  // The tlog-proof@v1 receipt of the certificate's `status` entry against the latest checkpoint
  // (see the free function above). kFailedPrecondition while it is not yet logged. Kept in
  // memory until this log publishes another checkpoint: a certificate has at most one entry of
  // each status, so a receipt changes only with the checkpoint it is proven against.
  core::Result<std::string> CertificateReceipt(const std::string& number,
                                               std::string_view status = "issued");
  // CertificateReceipt's answer from memory only, or nothing: for the HTTP I/O threads.
  std::optional<std::string> CachedCertificateReceipt(const std::string& number,
                                                      std::string_view status);
  core::Result<std::string> EventReceipt(const std::string& kind, const std::string& subject);

  // Asks each witness to cosign the latest checkpoint (tlog-witness add-checkpoint, with a
  // consistency proof from the size it last cosigned), stores the cosignatures and republishes
  // the checkpoint with them. A witness that fails is skipped (and retried next time).
  // `post(url, body)` performs the HTTP POST and returns (status, body).
  using HttpPost = std::function<core::Result<std::pair<int, std::string>>(
      const std::string& url, const std::string& body)>;
  core::Status Cosign(const std::vector<WitnessEndpoint>& witnesses, const HttpPost& post);

  // Subtree hashes of the published tree of `size` leaves, read from its tiles.
  tlog::SubtreeSource Source(uint64_t size);

 private:
  Log(store::Database& db, TileStore& tiles, tlog::NoteSigner signer, EntryKinds kinds)
      : db_(db), tiles_(tiles), signer_(std::move(signer)), kinds_(std::move(kinds)) {}
  core::Status LoadEdge(uint64_t size);
  struct Grown {
    tlog::Hash root;
    std::vector<std::vector<tlog::Hash>> edge;
  };
  core::Result<store::LogCheckpoint> Follow();
  core::Result<Grown> Extend(uint64_t target);
  std::optional<std::string> CachedReceipt(const std::string& key, uint64_t publication);
  core::Result<store::LogCheckpoint> Publish(const store::LogCheckpoint& cp, const Grown& grown);
  core::Status PublishNote(const store::LogCheckpoint& cp, const std::vector<std::string>& lines);
  core::Status CheckKindsOfUnloggedEvents();
  // Builds the entry of `event` with its registered builder.
  core::Result<EntryAndSalt> BuildEntry(store::Txn& t, const store::Event& event);

  store::Database& db_;
  TileStore& tiles_;
  tlog::NoteSigner signer_;
  const EntryKinds kinds_;
  mutable std::mutex mu_;              // one integration at a time
  uint64_t size_ = 0;                  // leaves under the latest checkpoint
  uint64_t published_size_ = 0;        // the size of the checkpoint published by this process
  size_t published_cosignatures_ = 0;  // ... and how many cosignatures it carried
  tlog::Hash root_{};
  std::map<std::string, uint64_t> witnessed_;  // witness name -> size it last cosigned
  tlog::TileHashCache hash_cache_;             // the published tiles' subtrees, for receipts
  // Certificate receipts already proven, by status and number, with the publication they are
  // proven against (publications_ when they were made): a newer checkpoint drops them.
  struct ProvenReceipt {
    uint64_t publication;
    std::string text;
  };
  static constexpr size_t kReceiptCacheEntries = 100'000;
  std::atomic<uint64_t> publications_{0};  // checkpoints published by this process
  std::shared_mutex receipts_mu_;
  std::unordered_map<std::string, ProvenReceipt> receipts_;  // guarded by receipts_mu_
  // The right edge: for each tile level, the hashes of its partial tile.
  std::vector<std::vector<tlog::Hash>> edge_;
};

}  // namespace openkp::transparency
