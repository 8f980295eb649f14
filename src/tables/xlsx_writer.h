// A one-sheet .xlsx workbook from rows of text (libxlsxwriter): the first row is the header,
// in bold and frozen; cells that are plain decimal numbers are written as numbers.
//
//   auto bytes = tables::RowsToXlsx("sites", {{"code", "workers"}, {"ZW-MAR-001", "986"}});
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace openkp::tables {

// Whether `v` is a plain decimal number ("-19.909000", "986"): data, never a formula.
bool IsPlainDecimal(std::string_view v);

core::Result<std::string> RowsToXlsx(const std::string& sheet,
                                     const std::vector<std::vector<std::string>>& rows);

}  // namespace openkp::tables
