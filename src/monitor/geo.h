// Coordinates as exact integers (millionths of a degree) and their public displacement.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "monitor/records.h"

namespace openkp::monitor {

// "-17.123456" -> -17123456, exactly (no floating point); more than 6 decimals are cut, not
// rounded. kInvalidArgument for anything but a decimal number within [-limit, limit].
core::Result<int64_t> ParseDegreesE6(std::string_view text, int64_t limit_degrees);
// A JSON number or decimal string of degrees: a string exactly as ParseDegreesE6; a number
// (which JSON gives as binary floating point) rounded to the nearest millionth.
core::Result<int64_t> DegreesE6FromJson(const boost::json::value& v, int64_t limit_degrees);
// -17123456 -> "-17.123456".
std::string FormatE6(int64_t e6);
// A point from a latitude and longitude text each.
core::Result<GeoPoint> ParsePoint(std::string_view lat, std::string_view lon);
// An ODK geopoint "lat lon [altitude [accuracy]]".
core::Result<GeoPoint> ParseGeopoint(std::string_view text);

// The seed of a point's public displacement: secret, and the same for every point of its
// 0.01-degree cell (about 1 km), so that reports of one place (say, at one site) and the site
// itself all show the same public point, and many of them cannot be averaged back to it.
std::string CellSeed(const std::string& secret, const GeoPoint& p);
// The centre of that cell: what is displaced, so that every point of a cell has one public
// point (displacing each point by the cell's offset would keep the distances between them, and
// one known point would give the offset away).
GeoPoint CellCentre(const GeoPoint& p);

// What the public sees of `p`: its cell's centre, displaced (CellSeed under `secret`).
GeoPoint PublicPoint(const GeoPoint& p, const std::string& secret, int64_t max_metres);

// The DHS method: the point moved by a distance up to `max_metres` in a direction, both drawn
// from `seed` (stable: every public copy shows the same displaced point, so downloads cannot be
// averaged back to the truth), then rounded to 0.001 degree.
GeoPoint Displace(const GeoPoint& p, std::string_view seed, int64_t max_metres);

}  // namespace openkp::monitor
