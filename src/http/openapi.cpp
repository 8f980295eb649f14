#include "http/openapi.h"

#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <utility>
#include <vector>

namespace openkp::http {

namespace json = boost::json;

// Embedded by CMake (embedded.cpp.in): base.json first, then one fragment per routes module.
extern const std::vector<std::pair<std::string_view, std::string_view>>& OpenApiSources();

namespace {

// Adds every member of `from` to `into`; a member both have is a mistake in the fragments.
void MergeMembers(json::object& into, const json::object& from, std::string_view what,
                  std::string_view source) {
  for (const auto& [key, value] : from) {
    if (into.contains(key)) {
      std::cerr << "openapi: " << what << " '" << key << "' is defined twice (again in " << source
                << ")\n";
      std::abort();  // a build defect: the document test fails first
    }
    into[key] = value;
  }
}

std::string Merge() {
  const auto& sources = OpenApiSources();
  json::object doc = json::parse(sources.front().second).as_object();
  for (size_t i = 1; i < sources.size(); ++i) {
    const json::object part = json::parse(sources[i].second).as_object();
    if (const auto* paths = part.if_contains("paths")) {
      MergeMembers(doc["paths"].as_object(), paths->as_object(), "path", sources[i].first);
    }
    if (const auto* comps = part.if_contains("components")) {
      if (const auto* schemas = comps->as_object().if_contains("schemas")) {
        MergeMembers(doc["components"].as_object()["schemas"].as_object(), schemas->as_object(),
                     "schema", sources[i].first);
      }
    }
  }
  return json::serialize(doc);
}

}  // namespace

const std::string& OpenApiDocument() {
  static const std::string kDoc = Merge();
  return kDoc;
}

}  // namespace openkp::http
