#include "core/jcs.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
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

void AppendString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
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
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
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
      out += std::to_string(i);
      return {};
    }
    case boost::json::kind::uint64: {
      uint64_t u = v.get_uint64();
      if (u > static_cast<uint64_t>(kMaxSafeInteger)) {
        return Status::Invalid("", "integer", "integer beyond 2^53 cannot be canonicalized");
      }
      out += std::to_string(u);
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
      std::vector<std::pair<std::u16string, const boost::json::key_value_pair*>> members;
      members.reserve(obj.size());
      for (const auto& kv : obj) members.emplace_back(ToUtf16(kv.key()), &kv);
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [_, kv] : members) {
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
  Status s = Append(out, value);
  if (!s.ok()) return s;
  return out;
}

}  // namespace openkp::core
