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
  // Not yet durable: call Sync() before publishing anything that refers to it.
  virtual core::Status Put(std::string_view path, std::string_view data) = 0;
  // Makes every Put so far durable (one filesystem sync for a whole batch of tiles).
  virtual core::Status Sync() = 0;
  // kNotFound if absent.
  virtual core::Result<std::string> Get(std::string_view path) = 0;
};

// Files under `dir`: Put writes a temporary file and renames it into place; Sync is one syncfs().
std::unique_ptr<TileStore> OpenDirectoryTileStore(std::string dir);

}  // namespace openkp::transparency
