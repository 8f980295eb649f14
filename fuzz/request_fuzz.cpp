// Fuzzes the other parsers of untrusted input: API request bodies, keyrings and URL targets.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/certificate.h"
#include "registry/codec.h"
#include "registry/verify.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)openkp::registry::ParseKeyring(text);
  auto json = openkp::core::ParseJson(text);
  if (!json.ok()) return 0;
  if (auto r = openkp::registry::IssueRequestFromJson(*json); r.ok()) {
    openkp::core::CertificateBody b;
    b.origin = r->origin;
    b.lines = r->lines;
    (void)openkp::core::ValidateBody(b);
  }
  (void)openkp::registry::ConfirmRequestFromJson(*json);
  (void)openkp::registry::VoidRequestFromJson(*json);
  return 0;
}
