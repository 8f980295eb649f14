#include "tables/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace openkp::tables {

bool IsPlainDecimal(std::string_view v) {
  if (!v.empty() && v.front() == '-') v.remove_prefix(1);
  const size_t dot = v.find('.');
  const std::string_view whole = v.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : v.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return !d.empty() && d.size() <= 15 &&
           d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return digits(whole) && (dot == std::string_view::npos || digits(frac));
}

core::Result<std::string> WorkbookBytes(const std::function<void(lxw_workbook*)>& fill) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/openkp-sheet-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) return core::Status::Internal("cannot create a temporary file for the workbook");
  close(fd);
  struct Unlink {
    std::string p;
    ~Unlink() { unlink(p.c_str()); }
  } cleanup{path};
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return core::Status::Internal("cannot create the workbook");
  fill(wb);
  if (workbook_close(wb) != LXW_NO_ERROR)
    return core::Status::Internal("cannot write the workbook");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

core::Result<std::string> RowsToXlsx(const std::string& sheet,
                                     const std::vector<std::vector<std::string>>& rows) {
  return WorkbookBytes([&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        const std::string& v = rows[r][c];
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        if (r > 0 && IsPlainDecimal(v)) {
          // The text is exact; the cell is a double like every spreadsheet number.
          worksheet_write_number(ws, row, col, std::strtod(v.c_str(), nullptr), nullptr);
        } else if (!v.empty()) {
          // Strings, never formulas: libxlsxwriter writes them as shared strings.
          worksheet_write_string(ws, row, col, v.c_str(), r == 0 ? bold : nullptr);
        }
      }
    }
    worksheet_freeze_panes(ws, 1, 0);
  });
}

}  // namespace openkp::tables
