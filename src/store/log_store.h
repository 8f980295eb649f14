// The transparency log's leaves (with their private salts), signed checkpoints and witness
// cosignatures. See database.h for the contracts every domain store shares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace openkp::store {

class LogStore {
 public:
  virtual ~LogStore() = default;
  // Number of leaves staged (may exceed the latest checkpoint's size after a crash).
  virtual Result<uint64_t> LeafCount(Txn& t) = 0;
  // Appends leaves, which must continue the sequence (index == LeafCount() + i).
  virtual Status AppendLeaves(Txn& t, const std::vector<LogLeaf>& leaves) = 0;
  virtual Result<std::vector<LogLeaf>> ListLeaves(Txn& t, uint64_t from_index, uint64_t limit) = 0;
  virtual Result<LogLeaf> LeafForEvent(Txn& t, int64_t event_id) = 0;
  // Events not yet in the log, oldest first.
  virtual Result<std::vector<Event>> UnloggedEvents(Txn& t, int64_t limit) = 0;
  virtual Status AddCheckpoint(Txn& t, const LogCheckpoint& checkpoint) = 0;
  // The newest checkpoint, or nullopt for a log that has signed none.
  virtual Result<std::optional<LogCheckpoint>> LatestCheckpoint(Txn& t) = 0;
  virtual Result<std::optional<LogCheckpoint>> CheckpointOfSize(Txn& t, uint64_t size) = 0;
  // A witness's cosignature line ("— name base64\n") of the checkpoint of `size`; adding the
  // same witness twice for one size keeps the first.
  virtual Status AddCosignature(Txn& t, uint64_t size, const std::string& witness,
                                const std::string& line) = 0;
  virtual Result<std::vector<std::string>> Cosignatures(Txn& t, uint64_t size) = 0;
};

}  // namespace openkp::store
