// Helpers shared by the API's route files (api.cpp, api_stats.cpp); not a public header.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/json_reader.h"
#include "http/api.h"

namespace openkp::http {

namespace json = boost::json;
using core::Code;
using core::Result;
using core::Status;

// For a body already serialised.
inline Response JsonTextResponse(std::string body, int status = 200) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

inline Response JsonResponse(const json::value& v, int status = 200) {
  return JsonTextResponse(json::serialize(v), status);
}

// Parses a JSON body, requiring the JSON media type.
inline Result<json::value> JsonBody(const Request& req) {
  std::string ct = req.Header("content-type");
  if (ct.rfind("application/json", 0) != 0) {
    return Status::Invalid("Content-Type", "media-type",
                           "send the body as application/json, got '" + ct + "'");
  }
  return core::ParseJson(req.body);
}

inline Result<int64_t> QueryInt(const Request& req, const std::string& name, int64_t fallback,
                                int64_t lo, int64_t hi) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  const std::string& s = it->second;
  int64_t v = 0;
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid(name, "integer", "must be a non-negative integer");
  }
  v = std::stoll(s);
  if (v < lo || v > hi) {
    return Status::Invalid(name, "range",
                           "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return v;
}

// A positive integer id from a path segment, or nothing.
inline std::optional<int64_t> PathId(const std::string& s) {
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int64_t v = std::stoll(s);  // at most 15 digits: cannot overflow
  if (v <= 0) return std::nullopt;
  return v;
}

}  // namespace openkp::http
