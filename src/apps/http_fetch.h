// Plain-HTTP GET for the CLI (log audit of a remote mirror). No TLS: put a local proxy or a
// mirrored directory in front of remote HTTPS logs.
#pragma once

#include <string>

#include "core/status.h"

namespace openkp::apps {

// GET `url` ("http://host[:port]/path"); a status other than 200 is kNotFound or kInternal.
core::Result<std::string> HttpGet(const std::string& url);

}  // namespace openkp::apps
