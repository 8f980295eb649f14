// One text field of an RFC 4180 CSV file, safe to open in a spreadsheet.
//
//   out << core::CsvField(name) << ',' << core::CsvField(note) << "\r\n";
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace openkp::core {

// Quotes the field when it holds a comma, quote or line break (quotes doubled). A field that
// begins with =, +, -, @, a tab or a carriage return would be read as a formula by spreadsheet
// programs (CSV injection, OWASP): it gets a leading apostrophe and is quoted, so it shows as
// text. Numeric columns are written as numbers, not through this.
std::string CsvField(std::string_view field);

// Rows of text fields as an RFC 4180 file (each field through CsvField, lines ending CRLF).
std::string CsvRows(const std::vector<std::vector<std::string>>& rows);

}  // namespace openkp::core
