// The KP certificate (KPCS Annex I) as openkp signs it, its JSON form and its validation.
//
//   core::Result<core::SignedCertificate> c = core::ParseSignedCertificate(json_text);
//   core::Status s = core::ValidateBody(c->body);              // every Annex I rule
//   std::string signed_bytes = core::CanonicalBody(c->body).value();  // RFC 8785 bytes
//
// The JSON format is specified in docs/CERTIFICATE_FORMAT.md; keep the two in step.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace openkp::core {

inline constexpr std::string_view kCertificateFormat = "openkp-kp-certificate/1";
inline constexpr std::string_view kCertificateTitle = "Kimberley Process Certificate";
inline constexpr std::string_view kCertificateStatement =
    "The rough diamonds in this shipment have been handled in accordance with the provisions of "
    "the Kimberley Process Certification Scheme for rough diamonds.";

// Limits a certificate must respect (documented in docs/CERTIFICATE_FORMAT.md).
inline constexpr int64_t kMaxLineCaratsHundredths = 100'000'000'000;  // 1 billion carats
inline constexpr int64_t kMaxLineValueCents = 10'000'000'000'000;     // US$ 100 billion
inline constexpr int kMaxParcels = 100'000;
inline constexpr int kMaxValidityDays = 366;

// The three HS codes of rough diamonds.
bool IsRoughDiamondHsCode(std::string_view code);

struct Party {
  std::string name;
  std::string address;
  bool operator==(const Party&) const = default;
};

struct Origin {
  bool mixed = false;                  // "mixed" origin, as on most multi-origin parcels
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2; may list each origin of a mix
  bool operator==(const Origin&) const = default;
};

struct HsLine {
  std::string hs_code;        // 7102.10, 7102.21 or 7102.31
  int64_t carats_hundredths;  // > 0
  int64_t value_usd_cents;    // > 0
  bool operator==(const HsLine&) const = default;
};

// Everything the issuing authority signs.
struct CertificateBody {
  std::string number;             // unique, contains the issuer's code
  std::string issuer;             // participant code of the exporting authority
  std::string issuing_authority;  // its name
  std::string key_id;             // the authority key that signs
  std::string destination;        // participant code of the importing authority
  Origin origin;
  Party exporter;
  Party importer;
  std::vector<HsLine> lines;
  int64_t parcels = 0;
  Date issued_on;
  Date expires_on;

  int64_t TotalCaratsHundredths() const;
  int64_t TotalValueCents() const;
  bool operator==(const CertificateBody&) const = default;
};

struct SignedCertificate {
  CertificateBody body;
  std::string signature;  // base64 (RFC 4648, padded) of the 64-byte Ed25519 signature
};

// Checks every rule of the body that needs no database: formats, ranges, dates, number.
// Returns the first rule broken, naming its field.
Status ValidateBody(const CertificateBody& body);

// Strict JSON mapping: unknown or missing members and wrong types are errors naming the field.
Result<CertificateBody> BodyFromJson(const boost::json::value& json);
boost::json::value BodyToJson(const CertificateBody& body);
// The parts of a body that an issue request carries too, read the same way ("origin",
// "exporter"/"importer", "lines" in error paths).
Result<Origin> OriginFromJson(const boost::json::value& json);
Result<Party> PartyFromJson(const boost::json::value& json, const std::string& path);
Result<std::vector<HsLine>> LinesFromJson(const boost::json::array& json);
Result<SignedCertificate> SignedFromJson(const boost::json::value& json);
boost::json::value SignedToJson(const SignedCertificate& cert);
// The same from BodyToJson(cert.body), for a caller that has it already (it signed it).
boost::json::value SignedToJson(boost::json::value body_json, const std::string& signature);

// Parses text as JSON (no comments, no trailing commas) and maps it as above.
Result<SignedCertificate> ParseSignedCertificate(std::string_view text);
Result<boost::json::value> ParseJson(std::string_view text);

// The exact bytes that are signed: RFC 8785 canonical JSON of BodyToJson(body).
Result<std::string> CanonicalBody(const CertificateBody& body);

// Paths of the fields where two bodies differ ("exporter.name", "lines[0].carats_hundredths").
std::vector<std::string> DiffBodies(const CertificateBody& a, const CertificateBody& b);

}  // namespace openkp::core
