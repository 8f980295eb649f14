#include "store/records.h"

namespace openkp::store {

const char* RoleName(Role role) { return role == Role::kAdmin ? "admin" : "officer"; }

const char* StateName(CertificateState s) {
  switch (s) {
    case CertificateState::kIssued:
      return "issued";
    case CertificateState::kConfirmed:
      return "confirmed";
    case CertificateState::kVoided:
      return "voided";
  }
  return "issued";
}

}  // namespace openkp::store
