#include "core/amount.h"

#include <cstdlib>

namespace openkp::core {

namespace {
constexpr int64_t kMaxParsed = 9'000'000'000'000'000;  // far beyond any shipment, below 2^63
}

Result<int64_t> ParseHundredths(std::string_view text) {
  if (text.empty()) return Status::Invalid("", "decimal", "empty amount");
  int64_t whole = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') {
      return Status::Invalid("", "decimal", "'" + std::string(text) + "' is not a decimal amount");
    }
    if (whole > kMaxParsed / 10) return Status::Invalid("", "range", "amount too large");
    whole = whole * 10 + (c - '0');
  }
  if (i == 0) return Status::Invalid("", "decimal", "missing digits before '.'");
  int64_t frac = 0;
  if (i < text.size()) {
    std::string_view f = text.substr(i + 1);
    if (f.empty() || f.size() > 2) {
      return Status::Invalid("", "decimal",
                             "amounts have one or two decimals, got '" + std::string(text) + "'");
    }
    for (char c : f) {
      if (c < '0' || c > '9') {
        return Status::Invalid("", "decimal",
                               "'" + std::string(text) + "' is not a decimal amount");
      }
      frac = frac * 10 + (c - '0');
    }
    if (f.size() == 1) frac *= 10;
  }
  if (whole > (kMaxParsed - frac) / 100) return Status::Invalid("", "range", "amount too large");
  return whole * 100 + frac;
}

std::string FormatHundredths(int64_t h) {
  bool neg = h < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(h) : static_cast<uint64_t>(h);
  std::string frac = std::to_string(u % 100);
  if (frac.size() < 2) frac.insert(0, "0");
  return (neg ? "-" : "") + std::to_string(u / 100) + "." + frac;
}

bool CheckedAdd(int64_t a, int64_t b, int64_t* out) { return !__builtin_add_overflow(a, b, out); }

}  // namespace openkp::core
