// Turning a statistics file into figures: the KP production export (one row per participant,
// half-year and production type) and openkp's trade-totals format. Pure: the caller reads the
// file and stores the result. docs/STATISTICS.md lists every check and what is done about it.
//
//   auto table = stats::ReadTable(bytes);
//   stats::ParticipantNames names = ...;                    // from the store's participants
//   stats::ParsedImport p = stats::ParseStatistics(*table, names, today);
//   if (!p.errors.empty()) ...                              // refused: nothing is stored
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/date.h"
#include "stats/table_reader.h"
#include "store/store.h"

namespace openkp::stats {

// Something the importer noticed: an error (the file is refused) or an oddity it handled.
struct ImportNote {
  std::string kind;           // e.g. "duplicate-key", "unknown-participant"
  std::vector<int64_t> rows;  // file rows concerned (may be empty for file-wide notes)
  std::string message;        // what was found
  std::string action;         // what the importer did about it (empty for errors)
};

struct ParsedImport {
  std::string kind;                        // production | trade
  std::vector<store::StatFigure> figures;  // sorted by key, one per key
  std::vector<ImportNote> notes;
  std::vector<ImportNote> errors;  // any error refuses the whole file
  int64_t rows = 0;                // data rows read
  std::string vintage;             // newest record date in the file (YYYY-MM-DD), or ""
  std::string sha256;              // hex, of the kind and the figures: same data, same hash
};

// Resolves participant names and codes as files write them ("Congo, Democratic Republic of",
// "CD", "Cote D'ivoire") to codes. Case and spacing do not matter.
class ParticipantNames {
 public:
  // Every participant by code and name, plus the aliases built in (docs/STATISTICS.md).
  explicit ParticipantNames(const std::vector<store::Participant>& participants);
  // The code, or "" when unknown. `note` is set when the name was resolved by a rule worth
  // reporting (a former participant now inside the EU).
  std::string Resolve(const std::string& name, std::string* note = nullptr) const;

 private:
  std::map<std::string, std::string> codes_;   // normalised name or code -> code
  std::map<std::string, std::string> former_;  // normalised name -> explanation
};

// Recognises the format by its header and parses it. `today` bounds the periods accepted.
ParsedImport ParseStatistics(const Table& table, const ParticipantNames& names, core::Date today);

// The report of an import as JSON text (kept with the source).
std::string ImportReportJson(const ParsedImport& p);

}  // namespace openkp::stats
