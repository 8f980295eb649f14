// Records for the store tests (the conformance suite, the PostgreSQL backend's own tests): the
// smallest rows the stores accept, so each test writes only what it checks.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "core/certificate.h"
#include "store/store.h"

namespace openkp::testing {

// A minimal certificate of BW to EU signed by key k1 (registered by the test), with its
// document as the registry stores it.
inline store::CertificateRecord MinimalCertificate(const std::string& number) {
  store::CertificateRecord rec;
  rec.certificate.body.number = number;
  rec.certificate.body.issuer = "BW";
  rec.certificate.body.destination = "EU";
  rec.certificate.body.key_id = "k1";
  rec.certificate.body.issued_on = *core::Date::Parse("2026-06-15");
  rec.certificate.body.expires_on = *core::Date::Parse("2026-08-14");
  rec.certificate.body.lines = {{"7102.10", 100, 100}};
  rec.certificate.body.parcels = 1;
  rec.certificate.signature = "c2lnbmF0dXJl";
  rec.document = boost::json::serialize(core::SignedToJson(rec.certificate));
  return rec;
}

}  // namespace openkp::testing
