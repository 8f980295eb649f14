// DEFLATE (RFC 1951, zlib) at the best level, for what the server sends compressed: the web
// app's files (gzip, RFC 1952) and a printed certificate's QR code (a raw stream).
//
//   std::string gz = http::Deflate(html, http::DeflateFormat::kGzip);  // "" if zlib failed
#pragma once

#include <string>
#include <string_view>

namespace openkp::http {

enum class DeflateFormat {
  kRaw,   // no header: what DecompressionStream("deflate-raw") reads
  kGzip,  // RFC 1952: Content-Encoding: gzip
};

// `data` compressed; "" when zlib fails (out of memory).
std::string Deflate(std::string_view data, DeflateFormat format);

}  // namespace openkp::http
