// Exact quantities: carats and US$ as integer hundredths, never floating point.
//
//   core::Result<int64_t> c = core::ParseHundredths("1234.5");  // 123450
//   core::FormatHundredths(123450);                              // "1234.50"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace openkp::core {

// Parses a non-negative decimal with at most two fraction digits ("12", "12.3", "12.34").
// Rejects signs, exponents, separators, more than 2 decimals, and values above 9e15 hundredths.
Result<int64_t> ParseHundredths(std::string_view text);

// "-12.05", "0.00", "1234.50".
std::string FormatHundredths(int64_t hundredths);

// a + b, or false on int64 overflow.
bool CheckedAdd(int64_t a, int64_t b, int64_t* out);

}  // namespace openkp::core
