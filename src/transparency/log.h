// The public transparency log of openkp's events (issue 3): sequences the append-only `events`
// table into an RFC 6962 tree published as C2SP tlog-tiles with signed checkpoints.
//
//   auto log = transparency::Log::Open(store, *tiles, signer);
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
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"
#include "tlog/merkle.h"
#include "tlog/note.h"
#include "transparency/tile_store.h"

namespace openkp::transparency {

// The entry published for an event, and the salt kept private (empty when nothing is hidden).
struct EntryAndSalt {
  std::string entry;
  std::string salt;
};
// Builds the entry of `event`. Certificate events read the signed document from `store`.
// Unknown event kinds are an error: nothing is published that was not designed to be public.
core::Result<EntryAndSalt> BuildEntry(store::Store& store, const store::Event& event,
                                      std::string salt);

// The commitment a certificate entry carries: base64(SHA-256(salt || signed document)).
std::string CertificateCommitment(std::string_view salt, std::string_view document);

class Log {
 public:
  static core::Result<std::unique_ptr<Log>> Open(store::Store& store, TileStore& tiles,
                                                 tlog::NoteSigner signer);

  // Sequences up to `max_events` events not yet logged; if the tree grew, writes its tiles and
  // entry bundles and signs and publishes a new checkpoint. Returns the latest checkpoint.
  core::Result<store::Store::LogCheckpoint> Integrate(int64_t max_events = 50000);

  const std::string& origin() const { return signer_.name(); }
  tlog::NoteVerifier verifier() const { return signer_.verifier(); }
  uint64_t size() const;

  // Subtree hashes of the published tree of `size` leaves, read from its tiles.
  tlog::SubtreeSource Source(uint64_t size);

 private:
  Log(store::Store& store, TileStore& tiles, tlog::NoteSigner signer)
      : store_(store), tiles_(tiles), signer_(std::move(signer)) {}
  core::Status LoadEdge(uint64_t size);

  store::Store& store_;
  TileStore& tiles_;
  tlog::NoteSigner signer_;
  mutable std::mutex mu_;  // one integration at a time
  uint64_t size_ = 0;      // leaves under the latest checkpoint
  tlog::Hash root_{};
  // The right edge: for each tile level, the hashes of its partial tile.
  std::vector<std::vector<tlog::Hash>> edge_;
};

}  // namespace openkp::transparency
