// Documents people attach to what they record (a questionnaire's answer, civil-society input, a
// coalition activity): PDF, PNG, JPEG, plain text, CSV, .xlsx or .docx, checked by name, type
// and content before anything is stored.
//
//   if (Status s = core::CheckDocument(name, content_type, bytes, 10 << 20); !s.ok()) return s;
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace openkp::core {

// kInvalidArgument naming what is wrong: the name (letters of any script, digits, '.', '-', '_'
// and single spaces; no look-alike spaces, blank characters or combining accents; the
// extension of its type), the type (one of the seven above), the content (it must start as its
// type does; text must be plain UTF-8); kPayloadTooLarge over `max_bytes`.
Status CheckDocument(const std::string& name, const std::string& content_type,
                     const std::string& bytes, int64_t max_bytes);

}  // namespace openkp::core
