// RFC 8785 JSON Canonicalization Scheme (JCS) for the values openkp signs.
//
//   std::string bytes = core::Canonicalize(body).value();  // what Ed25519 signs
//
// Object members are sorted by their names' UTF-16 code units, strings use the minimal escaping
// of RFC 8785 section 3.2.2.2, and numbers must be integers of magnitude at most 2^53 (the only
// numbers in openkp's signed formats, so their ECMAScript form is their decimal digits).
// Non-integer or larger numbers are rejected rather than risk a form other verifiers differ on.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/status.h"

namespace openkp::core {

Result<std::string> Canonicalize(const boost::json::value& value);

}  // namespace openkp::core
