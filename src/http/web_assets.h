// The web app as scripts/build-web built it (web/dist/) and CMake embedded it (embedded.cpp.in):
// the page, its hashed script and styles, and the service worker (web/sw.js).
#pragma once

#include <string_view>
#include <vector>

namespace openkp::http {

extern const char* const kIndexHtml;
extern const char* const kServiceWorkerJs;

struct WebAsset {
  std::string_view name;          // "index-CneTkMeX.js", served at /assets/NAME
  std::string_view content_type;  // text/javascript or text/css, UTF-8
  std::string_view body;
};
const std::vector<WebAsset>& WebAssets();

}  // namespace openkp::http
