// A one-sheet .xlsx workbook from rows of text (libxlsxwriter): the first row is the header,
// in bold and frozen; cells that are plain decimal numbers are written as numbers.
//
//   auto bytes = tables::RowsToXlsx("sites", {{"code", "workers"}, {"ZW-MAR-001", "986"}});
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct lxw_workbook;  // libxlsxwriter's

namespace openkp::tables {

// The bytes of a workbook that `fill` writes (libxlsxwriter writes to a file: a temporary one,
// removed here). kInternal when the workbook cannot be made or written.
core::Result<std::string> WorkbookBytes(const std::function<void(lxw_workbook*)>& fill);

// Whether `v` is a plain decimal number ("-19.909000", "986"): data, never a formula.
bool IsPlainDecimal(std::string_view v);

core::Result<std::string> RowsToXlsx(const std::string& sheet,
                                     const std::vector<std::vector<std::string>>& rows);

}  // namespace openkp::tables
