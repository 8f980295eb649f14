// Plain-HTTP GET for the CLI (log audit of a remote mirror). No TLS: put a local proxy or a
// mirrored directory in front of remote HTTPS logs.
#pragma once

#include <string>

#include "core/status.h"

namespace openkp::apps {

// GET `url` ("http://host[:port]/path"); a status other than 200 is kNotFound or kInternal.
core::Result<std::string> HttpGet(const std::string& url);
// POST `body` (text/plain) to `url`; returns the status and the body whatever the status.
core::Result<std::pair<int, std::string>> HttpPost(const std::string& url, const std::string& body);

}  // namespace openkp::apps
