// RFC 9457 problem documents: the one way every error leaves the HTTP layer, whether found
// before routing (a malformed request) or by a service.
//
//   return http::Problem(status, req.path);   // application/problem+json, status from the code
#pragma once

#include <string>

#include "core/status.h"
#include "http/server.h"

namespace openkp::http {

// A problem document for a failed Status: "type" is urn:openkp:problem:<code> (docs/API.md
// lists them), "instance" the request path. `http_status` overrides the status derived from the
// code (405 has no Status code of its own).
Response Problem(const core::Status& status, const std::string& instance = {}, int http_status = 0);
int HttpStatusFor(core::Code code);

}  // namespace openkp::http
