#include "registry/log_entries.h"

#include <boost/json.hpp>

#include "core/jcs.h"
#include "core/json_reader.h"
#include "transparency/log.h"

namespace openkp::registry {

namespace json = boost::json;
using core::Result;
using core::Status;
using transparency::EntryAndSalt;

namespace {

// A certificate event's entry: type, number, issuer, date and status, plus a commitment to the
// signed certificate whose salt only the registry and the certificate's holder know.
Result<EntryAndSalt> CertificateEntryOf(store::Database& db, store::Txn& t, const store::Event& e,
                                        std::string salt, std::string_view status) {
  // The stored document is the registry's own serialisation of the signed certificate, so its
  // canonical form is the one CertificateCommitment computes (log_test checks both agree);
  // reading it as JSON skips building and validating a typed certificate per entry (~40 % of
  // this function under the issue benchmark).
  auto doc = db.registry().GetCertificateDocument(t, e.subject);
  if (!doc.ok()) return doc.status();
  auto parsed = core::ParseJson(*doc);
  const json::object* body = nullptr;
  if (parsed.ok() && parsed->is_object()) {
    if (const auto* c = parsed->get_object().if_contains("certificate")) body = c->if_object();
  }
  const json::value* issuer = body ? body->if_contains("issuer") : nullptr;
  const json::value* issued_on = body ? body->if_contains("issued_on") : nullptr;
  auto canonical = parsed.ok() ? core::Canonicalize(*parsed) : parsed.status();
  if (!canonical.ok() || issuer == nullptr || !issuer->is_string() || issued_on == nullptr ||
      !issued_on->is_string()) {
    return Status::Internal("stored certificate " + e.subject + " is unreadable");
  }
  const std::string date =
      e.kind == "certificate.issued" ? std::string(issued_on->get_string()) : e.at.substr(0, 10);
  std::string bytes = transparency::CertificateEntry(
      e.kind, e.subject, std::string_view(issuer->get_string()), date, status,
      transparency::CommitmentOfCanonical(salt, *canonical));
  return EntryAndSalt{std::move(bytes), std::move(salt)};
}

// A key event's entry: the participant, the key id and the event's details (public key material
// and dates only: the registry writes them).
Result<EntryAndSalt> KeyEntryOf(const store::Event& e) {
  auto details = core::ParseJson(e.payload);
  if (!details.ok()) return Status::Internal("event " + std::to_string(e.id) + " payload");
  json::object entry{{"v", 1},
                     {"event", e.kind},
                     {"date", e.at.substr(0, 10)},
                     {"participant", e.participant},
                     {"key_id", e.subject},
                     {"details", *details}};
  auto bytes = core::Canonicalize(entry);
  if (!bytes.ok()) return bytes.status();
  return EntryAndSalt{std::move(*bytes), ""};
}

}  // namespace

transparency::EntryKinds LogEntryKinds() {
  transparency::EntryKinds kinds;
  for (const auto& [kind, status] :
       {std::pair{"certificate.issued", "issued"}, std::pair{"certificate.confirmed", "confirmed"},
        std::pair{"certificate.voided", "voided"}}) {
    (void)kinds.Register(kind,
                         [status = std::string(status)](store::Database& db, store::Txn& t,
                                                        const store::Event& e, std::string salt) {
                           return CertificateEntryOf(db, t, e, std::move(salt), status);
                         });
  }
  for (const char* kind : {"key.registered", "key.rotated", "key.revoked"}) {
    (void)kinds.Register(kind, [](store::Database&, store::Txn&, const store::Event& e,
                                  const std::string&) { return KeyEntryOf(e); });
  }
  return kinds;
}

}  // namespace openkp::registry
