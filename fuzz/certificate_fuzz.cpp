// Fuzzes the signed-certificate parser, the validator and canonicalisation: no input may crash,
// and whatever parses must survive a JSON round trip unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/certificate.h"
#include "core/jcs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto json = openkp::core::ParseJson(text); json.ok()) {
    (void)openkp::core::Canonicalize(*json);
  }
  auto cert = openkp::core::ParseSignedCertificate(text);
  if (!cert.ok()) return 0;
  const bool valid = openkp::core::ValidateBody(cert->body).ok();
  auto back = openkp::core::BodyFromJson(openkp::core::BodyToJson(cert->body));
  if (!back.ok() || !(*back == cert->body)) std::abort();  // mapping must be lossless
  auto canonical = openkp::core::CanonicalBody(cert->body);
  // A valid body always canonicalises. An invalid one may not (RFC 8785 numbers must be exact
  // doubles: carats of 3e18 are not), and verification reports that as malformed.
  if (valid && !canonical.ok()) std::abort();
  return 0;
}
