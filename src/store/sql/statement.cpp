#include "store/sql/statement.h"

#include "core/date.h"

namespace openkp::store::sql {

std::string NowUtc() { return core::NowUtcTimestamp(); }

CertificateState ParseState(std::string_view s) {
  if (s == "confirmed") return CertificateState::kConfirmed;
  if (s == "voided") return CertificateState::kVoided;
  return CertificateState::kIssued;
}

}  // namespace openkp::store::sql
