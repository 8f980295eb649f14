// The OpenAPI 3.1 document served at /v1/openapi.json: src/http/openapi/base.json (info,
// servers, shared schemas) with each routes module's fragment (openapi/<module>.json: its
// paths, and schemas of its own) merged in. scripts/openapi-merge.mjs merges the same files
// the same way for the lint and the web app's generated client; a test checks both agree.
#pragma once

#include <string>

namespace openkp::http {

const std::string& OpenApiDocument();

}  // namespace openkp::http
