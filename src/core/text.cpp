#include "core/text.h"

#include <cstdint>
#include <cstdio>

namespace openkp::core {

namespace {

std::string CodePoint(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

bool IsBidiControl(uint32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

bool IsInvisibleFormat(uint32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF;
}

}  // namespace

std::optional<std::string> UnsafeTextReason(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t len = lead < 0x80           ? 1
                 : (lead >> 5) == 0x6  ? 2
                 : (lead >> 4) == 0xE  ? 3
                 : (lead >> 3) == 0x1E ? 4
                                       : 0;
    if (len == 0 || i + len > text.size()) return "is not valid UTF-8";
    uint32_t cp = len == 1 ? lead : lead & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return "is not valid UTF-8";
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return "is not valid UTF-8";
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      return "must not contain control characters (" + CodePoint(cp) + ")";
    }
    if (IsBidiControl(cp)) {
      return "must not contain bidirectional control characters (" + CodePoint(cp) +
             "): they make the printed text read differently from the signed text";
    }
    if (IsInvisibleFormat(cp)) {
      return "must not contain invisible format characters (" + CodePoint(cp) + ")";
    }
    i += len;
  }
  return std::nullopt;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Status CheckPlainText(const std::string& field, const std::string& text, size_t max,
                      bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::Invalid(field, "required", "is required");
  }
  if (text.size() > max) {
    return Status::Invalid(field, "length", "is longer than " + std::to_string(max) + " bytes");
  }
  std::string flat = text;
  for (char& c : flat) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  if (auto why = UnsafeTextReason(flat)) return Status::Invalid(field, "plain-text", *why);
  return {};
}

}  // namespace openkp::core
