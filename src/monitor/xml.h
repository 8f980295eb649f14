// A small, safe XML reader for untrusted documents (OpenRosa submissions, imported forms):
// expat underneath, with every DOCTYPE refused, so no entity is ever declared or expanded
// (no XML bombs, no external entities), and limits on size, depth and element count.
//
//   auto root = monitor::ParseXml(body);
//   if (!root.ok()) return root.status();          // kInvalidArgument naming line and column
//   std::string id = root->Attr("id");
//   const XmlElement* meta = root->Child("meta");
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/text.h"

namespace openkp::monitor {

struct XmlElement {
  std::string name;  // the local name: "version" for "orx:version"
  std::vector<std::pair<std::string, std::string>> attributes;  // qualified names as written
  std::string text;                                             // character data, concatenated
  std::vector<XmlElement> children;

  // The first child with this local name, or null.
  const XmlElement* Child(std::string_view local_name) const;
  // The attribute whose qualified or local name is `name` ("version" finds "orx:version");
  // "" when absent. Namespace declarations (xmlns...) are never matched by local name.
  std::string Attr(std::string_view name) const;
};

struct XmlLimits {
  size_t max_bytes = 4 << 20;
  int max_depth = 32;
  size_t max_elements = 20000;
};

// The document element of `text`; kInvalidArgument for malformed XML, a DOCTYPE, or a limit
// exceeded (the message says which, with line and column).
core::Result<XmlElement> ParseXml(std::string_view text, const XmlLimits& limits = {});

// Escapes & < > " ' for text and attribute values (core/text.h).
using core::XmlEscape;

}  // namespace openkp::monitor
