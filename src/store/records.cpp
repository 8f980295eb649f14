#include "store/records.h"

namespace openkp::store {

const char* RoleName(Role role) { return role == Role::kAdmin ? "admin" : "officer"; }

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "officer") return Role::kOfficer;
  return std::nullopt;
}

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
