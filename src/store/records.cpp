#include "store/records.h"

namespace openkp::store {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kMonitor:
      return "monitor";
    case Role::kVerifier:
      return "verifier";
    case Role::kAnalyst:
      return "analyst";
    case Role::kReviewer:
      return "reviewer";
    case Role::kCoalition:
      return "coalition";
    case Role::kMetrics:
      return "metrics";
    case Role::kOfficer:
      break;
  }
  return "officer";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "officer") return Role::kOfficer;
  if (name == "monitor") return Role::kMonitor;
  if (name == "verifier") return Role::kVerifier;
  if (name == "analyst") return Role::kAnalyst;
  if (name == "reviewer") return Role::kReviewer;
  if (name == "coalition") return Role::kCoalition;
  if (name == "metrics") return Role::kMetrics;
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
