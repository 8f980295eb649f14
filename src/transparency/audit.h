// Auditing a published log from its files alone (what `openkp log audit` does): the checkpoint's
// signature, every entry bundle, every hash tile recomputed from the entries, the root, and
// consistency with a checkpoint seen before.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/status.h"
#include "tlog/note.h"

namespace openkp::transparency {

// Fetches a published file by its path relative to the log prefix ("checkpoint", "tile/0/000").
using LogFileReader = std::function<core::Result<std::string>(const std::string& path)>;

struct AuditReport {
  tlog::Checkpoint checkpoint;
  std::string checkpoint_note;  // verbatim, to remember for the next audit
  uint64_t entries = 0;
  uint64_t tiles = 0;
  std::optional<uint64_t> consistent_with;  // size of the earlier checkpoint checked
};

// Fails with kInvalidArgument (rule "audit") naming the first file or check that is wrong.
// `previous_note`, if given, is a checkpoint note of the same log seen earlier.
core::Result<AuditReport> AuditLog(const LogFileReader& read, const tlog::NoteVerifier& key,
                                   const std::optional<std::string>& previous_note);

}  // namespace openkp::transparency
