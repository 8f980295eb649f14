#include "core/jcs.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <vector>

namespace openkp::core {

namespace {

constexpr int64_t kMaxSafeInteger = 9007199254740992;  // 2^53

// Decodes UTF-8 to UTF-16 code units for ordering; Boost.JSON has already validated the UTF-8.
std::u16string ToUtf16(std::string_view s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    int len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c >> 5) == 0x6) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c >> 4) == 0xE) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

// Escapes only what RFC 8785 requires; runs of plain bytes are copied at once.
void AppendString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t plain = 0;  // start of the current run of bytes that need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, sizeof esc);
      }
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out.push_back('"');
}

void AppendInteger(std::string& out, auto i) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, i);
  out.append(buf, end);
}

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// RFC 8785 orders member names by UTF-16 code units. For ASCII names that is byte order; other
// names are compared through UTF-16 (UTF-8 byte order differs above U+FFFF).
bool NameBefore(std::string_view a, std::string_view b) {
  if (IsAscii(a) && IsAscii(b)) return a < b;
  return ToUtf16(a) < ToUtf16(b);
}

Status Append(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out += "null";
      return {};
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return {};
    case boost::json::kind::int64: {
      int64_t i = v.get_int64();
      if (i > kMaxSafeInteger || i < -kMaxSafeInteger) {
        return Status::Invalid("", "integer", "integer beyond 2^53 cannot be canonicalized");
      }
      AppendInteger(out, i);
      return {};
    }
    case boost::json::kind::uint64: {
      uint64_t u = v.get_uint64();
      if (u > static_cast<uint64_t>(kMaxSafeInteger)) {
        return Status::Invalid("", "integer", "integer beyond 2^53 cannot be canonicalized");
      }
      AppendInteger(out, u);
      return {};
    }
    case boost::json::kind::double_:
      return Status::Invalid("", "integer", "non-integer numbers are not used in signed documents");
    case boost::json::kind::string:
      AppendString(out, v.get_string());
      return {};
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        OPENKP_RETURN_IF_ERROR(Append(out, e));
      }
      out.push_back(']');
      return {};
    }
    case boost::json::kind::object: {
      const auto& obj = v.get_object();
      std::vector<const boost::json::key_value_pair*> members;
      members.reserve(obj.size());
      for (const auto& kv : obj) members.push_back(&kv);
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return NameBefore(a->key(), b->key()); });
      out.push_back('{');
      bool first = true;
      for (const auto* kv : members) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(out, kv->key());
        out.push_back(':');
        OPENKP_RETURN_IF_ERROR(Append(out, kv->value()));
      }
      out.push_back('}');
      return {};
    }
  }
  return Status::Internal("unknown JSON kind");
}

}  // namespace

Result<std::string> Canonicalize(const boost::json::value& value) {
  std::string out;
  out.reserve(1024);  // a certificate body is ~700 bytes
  Status s = Append(out, value);
  if (!s.ok()) return s;
  return out;
}

}  // namespace openkp::core
