// Certificate verification that needs no database: usable offline with a keyring of public keys.
//
//   registry::VerifyReport r = registry::VerifyOffline(cert, keyring, today);
//   if (!r.valid) std::cout << r.failure << ": " << r.detail;   // "signature: ..."
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/certificate.h"
#include "store/store.h"

namespace openkp::registry {

struct VerifyCheck {
  std::string name;  // well-formed, issuer, key, signature, key-not-revoked,
                     // key-valid-on-issue-date, not-voided, not-expired, matches-registry
  bool ok = false;
  std::string detail;
};

struct VerifyReport {
  bool valid = false;
  // The first failed check's code, or empty when valid: malformed, unknown-issuer, unknown-key,
  // signature, revoked-key, key-not-valid-on-issue-date, voided, expired, altered.
  std::string failure;
  std::string detail;
  std::string status;  // issued, confirmed, voided, expired ("" offline when unknown)
  std::vector<std::string> altered_fields;
  std::vector<VerifyCheck> checks;
};

// Checks well-formedness, issuer, key (known, not revoked, valid on the issue date), the Ed25519
// signature over the canonical body, and expiry against `today` (a confirmed certificate
// does not expire: its journey is over).
VerifyReport VerifyOffline(const core::SignedCertificate& cert,
                           const std::vector<store::AuthorityKey>& keyring, core::Date today,
                           bool confirmed = false);

// A keyring as published by GET /v1/keys and `openkp keys export`:
// {"keys":[{"key_id","participant","public_key"(base64),"valid_from","valid_to","revoked_on"}]}
// A single key object is accepted too.
core::Result<std::vector<store::AuthorityKey>> ParseKeyring(std::string_view json_text);
std::string KeyringToJson(const std::vector<store::AuthorityKey>& keys);
boost::json::object KeyToJson(const store::AuthorityKey& key);

}  // namespace openkp::registry
