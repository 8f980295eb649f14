// Fuzzes the parsers of what phones send: multipart bodies (with the boundary from the first
// line), the submission XML, Digest headers, geopoints and attachment names.
#include <cstdint>
#include <string>
#include <string_view>

#include "monitor/geo.h"
#include "monitor/multipart.h"
#include "monitor/openrosa.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first line is the Content-Type, the rest the body.
  const size_t eol = text.find('\n');
  const std::string_view content_type = text.substr(0, eol);
  const std::string_view body = eol == std::string_view::npos ? "" : text.substr(eol + 1);
  if (auto boundary = openkp::monitor::MultipartBoundary(content_type); boundary.ok()) {
    openkp::monitor::StringSource source(body);
    if (auto parts = openkp::monitor::ParseMultipart(source, *boundary); parts.ok()) {
      for (const auto& p : *parts) {
        if (p.offset + p.size > body.size()) __builtin_trap();  // a range outside the body
        (void)openkp::monitor::CheckAttachmentName(p.name);
        if (p.name == "xml_submission_file") {
          (void)openkp::monitor::ParseInstance(body.substr(p.offset, p.size));
        }
      }
    }
  }
  (void)openkp::monitor::ParseInstance(text);
  (void)openkp::monitor::ParseDigest(text);
  (void)openkp::monitor::ParseGeopoint(text);
  return 0;
}
