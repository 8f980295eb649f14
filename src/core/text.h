// Text that people read on a printed document must read as it is stored. Bidirectional
// controls (U+202E "right-to-left override" and its kin) and invisible format characters can
// make a printed certificate show "Antwerp" where the signed bytes say something else, so
// fields that are printed refuse them.
//
//   if (auto why = core::UnsafeTextReason(name)) return Status::Invalid(field, "plain-text", *why);
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace openkp::core {

// Nothing when `text` is valid UTF-8 without control characters (C0, DEL, C1), bidirectional
// controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) or invisible format characters
// (U+200B-U+200D, U+2060-U+2064, U+FEFF); otherwise why not, naming the code point.
std::optional<std::string> UnsafeTextReason(std::string_view text);

// `text` with &, <, >, " and ' escaped: safe in XML and HTML text and quoted attributes.
std::string XmlEscape(std::string_view text);

// A text field people write and read: at most `max` bytes, line breaks and tabs allowed, else as
// UnsafeTextReason; with `required`, not blank. kInvalidArgument naming `field` (rules
// "required", "length", "plain-text").
Status CheckPlainText(const std::string& field, const std::string& text, size_t max,
                      bool required = false);

}  // namespace openkp::core
