// Where the log's public files live: tiles, entry bundles and the checkpoint, by path relative
// to the log prefix ("tile/0/000", "checkpoint"). A directory by default, so any static web
// server can publish it; object storage or the database can implement the same interface.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace openkp::transparency {

class TileStore {
 public:
  virtual ~TileStore() = default;
  // Atomically replaces the file at `path` (readers see the old or the new bytes, never a mix).
  // May return before the bytes are written, and does not report write failures: Sync does.
  // Not yet durable: call Sync() before publishing anything that refers to it.
  virtual core::Status Put(std::string_view path, std::string data) = 0;
  // Makes every Put so far written and durable (one filesystem sync for a whole batch of tiles),
  // or reports the first write that failed since the last Sync; after a failure, Put the batch
  // again.
  virtual core::Status Sync() = 0;
  // The latest bytes Put at `path`, even if not yet written; kNotFound if absent.
  virtual core::Result<std::string> Get(std::string_view path) = 0;
};

// Files under `dir`: a writer thread turns each Put into a temporary file renamed into place
// (at most 64 MiB queued; Put waits beyond that); Sync drains the queue, then one syncfs().
// Destruction waits for queued files to be written.
std::unique_ptr<TileStore> OpenDirectoryTileStore(std::string dir);

}  // namespace openkp::transparency
