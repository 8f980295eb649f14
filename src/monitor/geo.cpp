#include "monitor/geo.h"

#include <cmath>
#include <cstring>
#include <numbers>

#include "crypto/crypto.h"

namespace openkp::monitor {

using core::Result;
using core::Status;

Result<int64_t> ParseDegreesE6(std::string_view text, int64_t limit_degrees) {
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  const size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  const auto digits = [](std::string_view d) {
    return d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (whole.empty() || whole.size() > 3 || !digits(whole) || !digits(frac) ||
      (dot != std::string_view::npos && frac.empty()) || frac.size() > 15) {
    return Status::Invalid("coordinates", "decimal",
                           "'" + std::string(text) + "' is not a decimal number of degrees");
  }
  int64_t v = 0;
  for (char c : whole) v = v * 10 + (c - '0');
  for (size_t i = 0; i < 6; ++i) v = v * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  if (v > limit_degrees * 1000000) {
    return Status::Invalid("coordinates", "range",
                           "'" + std::string(text) + "' is outside -" +
                               std::to_string(limit_degrees) + ".." +
                               std::to_string(limit_degrees) + " degrees");
  }
  return negative ? -v : v;
}

Result<int64_t> DegreesE6FromJson(const boost::json::value& v, int64_t limit_degrees) {
  if (v.is_string()) return ParseDegreesE6(v.as_string(), limit_degrees);
  double d = 0;
  if (v.is_int64()) {
    d = static_cast<double>(v.as_int64());
  } else if (v.is_uint64()) {
    d = static_cast<double>(v.as_uint64());
  } else if (v.is_double()) {
    d = v.as_double();
  } else {
    return Status::Invalid("coordinates", "number", "degrees must be a number");
  }
  if (!(d >= -static_cast<double>(limit_degrees) && d <= static_cast<double>(limit_degrees))) {
    return Status::Invalid("coordinates", "range",
                           "degrees must be within -" + std::to_string(limit_degrees) + ".." +
                               std::to_string(limit_degrees));
  }
  return static_cast<int64_t>(std::llround(d * 1e6));
}

std::string FormatE6(int64_t e6) {
  const bool negative = e6 < 0;
  const uint64_t a = negative ? static_cast<uint64_t>(-e6) : static_cast<uint64_t>(e6);
  char frac[8];
  std::snprintf(frac, sizeof frac, "%06llu", static_cast<unsigned long long>(a % 1000000));
  return (negative ? "-" : "") + std::to_string(a / 1000000) + "." + frac;
}

Result<GeoPoint> ParsePoint(std::string_view lat, std::string_view lon) {
  auto la = ParseDegreesE6(lat, 90);
  if (!la.ok()) return Status::Invalid("latitude", "range", la.status().message());
  auto lo = ParseDegreesE6(lon, 180);
  if (!lo.ok()) return Status::Invalid("longitude", "range", lo.status().message());
  return GeoPoint{*la, *lo};
}

Result<GeoPoint> ParseGeopoint(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  const size_t sp = s.find(' ');
  if (sp == std::string_view::npos) {
    return Status::Invalid("location", "geopoint",
                           "a geopoint is 'latitude longitude [altitude accuracy]'");
  }
  std::string_view rest = s.substr(sp + 1);
  return ParsePoint(s.substr(0, sp), rest.substr(0, rest.find(' ')));
}

namespace {
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

GeoPoint CellCentre(const GeoPoint& p) {
  return {FloorDiv(p.lat_e6, 10000) * 10000 + 5000, FloorDiv(p.lon_e6, 10000) * 10000 + 5000};
}

std::string CellSeed(const std::string& secret, const GeoPoint& p) {
  return crypto::HmacSha256(secret, "displace-cell:" + std::to_string(FloorDiv(p.lat_e6, 10000)) +
                                        "," + std::to_string(FloorDiv(p.lon_e6, 10000)));
}

GeoPoint PublicPoint(const GeoPoint& p, const std::string& secret, int64_t max_metres) {
  return Displace(CellCentre(p), CellSeed(secret, p), max_metres);
}

GeoPoint Displace(const GeoPoint& p, std::string_view seed, int64_t max_metres) {
  const auto h = crypto::Sha256(std::string("openkp-displace:") + std::string(seed));
  uint64_t a = 0, b = 0;
  std::memcpy(&a, h.data(), 8);
  std::memcpy(&b, h.data() + 8, 8);
  // Arithmetic in doubles for the trigonometry only; the result is integers again.
  const double angle = 2 * std::numbers::pi * (static_cast<double>(a >> 11) / 9007199254740992.0);
  // At least a tenth of the maximum: a point never stays where it was.
  const double frac = 0.1 + 0.9 * (static_cast<double>(b >> 11) / 9007199254740992.0);
  const double metres = frac * static_cast<double>(max_metres);
  const double lat = static_cast<double>(p.lat_e6) / 1e6;
  const double dlat = metres * std::cos(angle) / 111320.0;
  const double coslat = std::max(0.01, std::cos(lat * std::numbers::pi / 180));
  const double dlon = metres * std::sin(angle) / (111320.0 * coslat);
  auto round3 = [](double deg, double limit) {
    deg = std::max(-limit, std::min(limit, deg));
    return static_cast<int64_t>(std::llround(deg * 1000.0)) * 1000;
  };
  double lon = static_cast<double>(p.lon_e6) / 1e6 + dlon;
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return {round3(lat + dlat, 90), round3(lon, 180)};
}

}  // namespace openkp::monitor
