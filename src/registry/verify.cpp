#include "registry/verify.h"

#include <boost/json.hpp>

#include "core/json_reader.h"
#include "crypto/crypto.h"

namespace openkp::registry {

namespace json = boost::json;
using core::Status;

VerifyReport VerifyOffline(const core::SignedCertificate& cert,
                           const std::vector<store::AuthorityKey>& keyring, core::Date today,
                           bool confirmed) {
  VerifyReport r;
  auto check = [&](const char* name, bool ok, const std::string& failure,
                   const std::string& detail) {
    r.checks.push_back({name, ok, detail});
    if (!ok && r.failure.empty()) {
      r.failure = failure;
      r.detail = detail;
    }
    return ok;
  };
  const auto& b = cert.body;
  Status well_formed = core::ValidateBody(b);
  if (!check("well-formed", well_formed.ok(), "malformed",
             well_formed.ok() ? "all Annex I fields present and valid" : well_formed.message())) {
    return r;
  }
  bool issuer_known = false;
  const store::AuthorityKey* key = nullptr;
  for (const auto& k : keyring) {
    if (k.participant == b.issuer) issuer_known = true;
    if (k.key_id == b.key_id) key = &k;
  }
  if (!check("issuer", issuer_known, "unknown-issuer",
             issuer_known ? "issuer " + b.issuer + " is a known KP authority"
                          : "no authority key is known for issuer '" + b.issuer + "'")) {
    return r;
  }
  bool key_ok = key != nullptr && key->participant == b.issuer;
  if (!check("key", key_ok, "unknown-key",
             key_ok ? "key " + b.key_id + " belongs to " + b.issuer
                    : "key '" + b.key_id + "' is not a key of " + b.issuer)) {
    return r;
  }
  auto canonical = core::CanonicalBody(b);
  auto sig = crypto::Base64Decode(cert.signature);
  bool sig_ok = canonical.ok() && sig.ok() && crypto::Verify(key->public_key, *canonical, *sig);
  if (!check("signature", sig_ok, "signature",
             sig_ok ? "Ed25519 signature over the canonical body is valid"
                    : "the signature does not match the certificate: it was altered or forged")) {
    return r;
  }
  bool not_revoked = !key->revoked_on.has_value();
  if (!check("key-not-revoked", not_revoked, "revoked-key",
             not_revoked ? "key is not revoked"
                         : "key " + key->key_id + " was revoked on " + key->revoked_on->ToString() +
                               " (" + key->revoke_reason + ")")) {
    return r;
  }
  bool in_period =
      key->valid_from <= b.issued_on && (!key->valid_to || b.issued_on <= *key->valid_to);
  std::string period = key->valid_from.ToString() + " to " +
                       (key->valid_to ? key->valid_to->ToString() : std::string("open"));
  if (!check("key-valid-on-issue-date", in_period, "key-not-valid-on-issue-date",
             "key valid " + period + ", certificate issued " + b.issued_on.ToString())) {
    return r;
  }
  bool not_expired = confirmed || today <= b.expires_on;
  if (!check("not-expired", not_expired, "expired",
             not_expired ? (confirmed ? "import confirmed; expiry no longer applies"
                                      : "valid until " + b.expires_on.ToString())
                         : "expired on " + b.expires_on.ToString())) {
    return r;
  }
  r.valid = true;
  return r;
}

json::object KeyToJson(const store::AuthorityKey& k) {
  json::object o{{"key_id", k.key_id},
                 {"participant", k.participant},
                 {"algorithm", "Ed25519"},
                 {"public_key", crypto::Base64Encode(k.public_key)},
                 {"valid_from", k.valid_from.ToString()}};
  o["valid_to"] = k.valid_to ? json::value(k.valid_to->ToString()) : json::value(nullptr);
  o["revoked_on"] = k.revoked_on ? json::value(k.revoked_on->ToString()) : json::value(nullptr);
  o["revoke_reason"] = k.revoke_reason;
  return o;
}

std::string KeyringToJson(const std::vector<store::AuthorityKey>& keys) {
  json::array arr;
  for (const auto& k : keys) arr.emplace_back(KeyToJson(k));
  return json::serialize(json::object{{"keys", std::move(arr)}});
}

namespace {
core::Result<store::AuthorityKey> KeyFromJson(const json::value& v, const std::string& path) {
  core::ObjectReader r(v, path);
  store::AuthorityKey k;
  k.key_id = r.String("key_id");
  k.participant = r.String("participant");
  std::string alg = r.OptionalString("algorithm", "Ed25519");
  if (r.ok() && alg != "Ed25519") r.Fail("algorithm", "constant", "must be Ed25519");
  std::string pk = r.String("public_key");
  std::string from = r.String("valid_from");
  std::string to = r.OptionalString("valid_to");
  std::string revoked = r.OptionalString("revoked_on");
  k.revoke_reason = r.OptionalString("revoke_reason");
  OPENKP_RETURN_IF_ERROR(r.Finish());
  auto raw = crypto::Base64Decode(pk);
  if (!raw.ok() || raw->size() != crypto::kPublicKeySize) {
    return Status::Invalid(r.FieldPath("public_key"), "ed25519-key",
                           "must be a base64 32-byte Ed25519 public key");
  }
  k.public_key = *raw;
  auto parse_date = [&](const std::string& s, const char* field) -> core::Result<core::Date> {
    auto d = core::Date::Parse(s);
    if (!d.ok()) return Status::Invalid(r.FieldPath(field), "date", d.status().message());
    return d;
  };
  auto f = parse_date(from, "valid_from");
  if (!f.ok()) return f.status();
  k.valid_from = *f;
  if (!to.empty()) {
    auto t = parse_date(to, "valid_to");
    if (!t.ok()) return t.status();
    k.valid_to = *t;
  }
  if (!revoked.empty()) {
    auto t = parse_date(revoked, "revoked_on");
    if (!t.ok()) return t.status();
    k.revoked_on = *t;
  }
  return k;
}
}  // namespace

core::Result<std::vector<store::AuthorityKey>> ParseKeyring(std::string_view text) {
  auto v = core::ParseJson(text);
  if (!v.ok()) return v.status();
  std::vector<store::AuthorityKey> out;
  const json::object* obj = v->if_object();
  if (obj != nullptr && obj->contains("keys")) {
    core::ObjectReader r(*v, "");
    const json::array* arr = r.Array("keys");
    OPENKP_RETURN_IF_ERROR(r.Finish());
    for (size_t i = 0; i < arr->size(); ++i) {
      auto k = KeyFromJson((*arr)[i], "keys[" + std::to_string(i) + "]");
      if (!k.ok()) return k.status();
      out.push_back(std::move(*k));
    }
    return out;
  }
  auto k = KeyFromJson(*v, "");
  if (!k.ok()) return k.status();
  out.push_back(std::move(*k));
  return out;
}

}  // namespace openkp::registry
