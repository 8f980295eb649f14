// The statistics service reads spreadsheets with tables::ParseCsv/ParseXlsx (tables/); these
// names keep its code and tests short.
#pragma once

#include "tables/table_reader.h"

namespace openkp::stats {

using tables::kMaxCells;
using tables::kMaxColumns;
using tables::kMaxTableBytes;
using tables::ParseCsv;
using tables::ParseDecimalHundredths;
using tables::ParseXlsx;
using tables::ReadTable;
using tables::Table;
using tables::TableRow;

}  // namespace openkp::stats
