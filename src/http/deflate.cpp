#include "http/deflate.h"

#include <zlib.h>

namespace openkp::http {

std::string Deflate(std::string_view data, DeflateFormat format) {
  z_stream z{};
  // windowBits 15, negated for a raw stream, plus 16 for a gzip header and trailer.
  const int window_bits = format == DeflateFormat::kRaw ? -15 : 15 + 16;
  if (deflateInit2(&z, 9, Z_DEFLATED, window_bits, 9, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&z, data.size()) + 32, '\0');  // + room for a gzip header
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const bool done = deflate(&z, Z_FINISH) == Z_STREAM_END;
  out.resize(z.total_out);
  deflateEnd(&z);
  return done ? out : "";
}

}  // namespace openkp::http
