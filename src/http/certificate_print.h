// A certificate on paper: the KP certificate as an A4 page with one QR code that carries the
// signed certificate and the receipt of its log entry, so that a border post with no network
// verifies the paper (docs/CERTIFICATE_FORMAT.md "The QR code").
//
//   auto bytes = http::QrPayload(record.document, receipt);    // "KPQ1" + raw DEFLATE
//   auto svg = http::QrSvg(*bytes);                              // one symbol, level M
//   std::string html = http::CertificatePage(record, *svg, "fr");
#pragma once

#include <string>

#include "core/status.h"
#include "store/records.h"

namespace openkp::http {

// The QR code's bytes: "KPQ1" then the raw DEFLATE (RFC 1951) of
// {"signed": <signed_document>, "receipt": <receipt>}. `signed_document` is the signed
// certificate's JSON; `receipt` the text of its issued event's receipt.
core::Result<std::string> QrPayload(const std::string& signed_document, const std::string& receipt);

// `bytes` as one QR code (byte mode, error correction M), an SVG drawn in whole modules with a
// 4-module quiet zone; kInvalid when they do not fit in one symbol (2 331 bytes).
core::Result<std::string> QrSvg(const std::string& bytes);

// The certificate as a printable A4 page in English ("en") or French ("fr"), the QR code
// (`qr_svg`) beside how to verify it. Every text from the certificate is escaped.
std::string CertificatePage(const store::CertificateRecord& record, const std::string& qr_svg,
                            const std::string& lang);

}  // namespace openkp::http
