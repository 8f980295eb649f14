// Strict reading of JSON objects into domain types, naming the field of every error.
//
//   core::ObjectReader r(json, "importer");
//   std::string name = r.String("name");      // records "importer.name: missing" on error
//   if (!r.Finish().ok()) ...                 // also rejects members that were never read
#pragma once

#include <boost/json/value.hpp>
#include <set>
#include <string>
#include <string_view>

#include "core/status.h"

namespace openkp::core {

class ObjectReader {
 public:
  // `path` prefixes field names in errors; an empty path is the document root.
  ObjectReader(const boost::json::value& value, std::string path);

  // Each accessor returns a default value once any error has been recorded.
  std::string String(std::string_view key);
  std::string OptionalString(std::string_view key, std::string fallback = {});
  int64_t Integer(std::string_view key);
  bool Bool(std::string_view key);
  const boost::json::array* Array(std::string_view key);
  const boost::json::value* Value(std::string_view key);  // any JSON value, required
  const boost::json::value* OptionalValue(std::string_view key);

  // Records an error for `key` unless one is already recorded.
  void Fail(std::string_view key, std::string rule, const std::string& message);
  std::string FieldPath(std::string_view key) const;
  bool ok() const { return status_.ok(); }
  // The first error, or an error for the first member that no accessor asked for.
  Status Finish();

 private:
  const boost::json::value* Find(std::string_view key, bool required);

  const boost::json::object* object_ = nullptr;
  std::string path_;
  std::set<std::string, std::less<>> read_;
  Status status_;
};

}  // namespace openkp::core
