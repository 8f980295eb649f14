// The append-only journal of what happened (a certificate issued, a key revoked, ...), which
// the transparency log publishes. See database.h for the contracts every domain store shares.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/records.h"

namespace openkp::store {

class EventStore {
 public:
  virtual ~EventStore() = default;
  // Appends `event` (its id is assigned; an empty `at` becomes now, an empty payload "{}").
  virtual Status Append(Txn& t, const Event& event) = 0;
  // Events after `after_id`, oldest first.
  virtual Result<std::vector<Event>> List(Txn& t, int64_t after_id, int64_t limit) = 0;
  // The latest event of `kind` about `subject`; kNotFound if there is none.
  virtual Result<Event> Latest(Txn& t, const std::string& kind, const std::string& subject) = 0;
};

}  // namespace openkp::store
