// Readers of the spreadsheet files data arrive in (statistics, site lists): RFC 4180 CSV and
// Office Open XML workbooks (.xlsx). Both give the same thing: a header and the rows under it, each
// with its row number in the file, as text. Pure functions over bytes; they never throw.
//
//   auto table = tables::ReadTable(bytes, "kp_production.csv");  // picks the reader by content
//   for (const auto& row : table->rows) row.number, row.cells[...]
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace openkp::tables {

struct TableRow {
  int64_t number = 0;  // 1-based line (CSV record) or worksheet row number
  std::vector<std::string> cells;
};

struct Table {
  std::vector<std::string> header;
  std::vector<TableRow> rows;  // without the header; blank rows skipped
};

// Limits that keep a hostile file from exhausting memory.
inline constexpr size_t kMaxTableBytes = 64u << 20;  // input file
inline constexpr size_t kMaxCells = 4u << 20;        // cells in all rows
inline constexpr size_t kMaxColumns = 256;

// RFC 4180: comma-separated, fields optionally in double quotes ("" is a quote inside one), CRLF
// or LF line ends, a UTF-8 byte-order mark is skipped. The first record is the header. Every
// record must have as many fields as the header. Errors name the line.
core::Result<Table> ParseCsv(std::string_view text);

// The named worksheet (or the first one when `sheet` is empty) of an .xlsx workbook: shared and
// inline strings, numbers as written in the file (shortest round-trip text), booleans as
// "TRUE"/"FALSE". The first non-blank row is the header; cells are placed by their column
// reference, so skipped empty cells stay empty.
core::Result<Table> ParseXlsx(std::string_view bytes, const std::string& sheet = {});

// ParseXlsx for a ZIP ("PK\3\4") file, ParseCsv otherwise.
core::Result<Table> ReadTable(std::string_view bytes, const std::string& sheet = {});

// An exact decimal ("1234.5", "-0.25", "2.19485008E6", as spreadsheets write them) in
// hundredths, rounded half away from zero when it has more digits (binary floating point in
// workbooks writes 0.1 as 0.10000000000000001). `*rounded` says whether digits were dropped.
core::Result<int64_t> ParseDecimalHundredths(std::string_view text, bool* rounded = nullptr);

}  // namespace openkp::tables
