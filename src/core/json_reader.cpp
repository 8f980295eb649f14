#include "core/json_reader.h"

#include <boost/json.hpp>

namespace openkp::core {

ObjectReader::ObjectReader(const boost::json::value& value, std::string path)
    : path_(std::move(path)) {
  object_ = value.if_object();
  if (object_ == nullptr) {
    status_ = Status::Invalid(path_, "type", "expected a JSON object");
  }
}

std::string ObjectReader::FieldPath(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void ObjectReader::Fail(std::string_view key, std::string rule, const std::string& message) {
  if (status_.ok()) status_ = Status::Invalid(FieldPath(key), std::move(rule), message);
}

const boost::json::value* ObjectReader::Find(std::string_view key, bool required) {
  if (!status_.ok()) return nullptr;
  read_.emplace(key);
  const boost::json::value* v = object_->if_contains(key);
  if (v == nullptr && required) Fail(key, "required", "is required");
  return v;
}

std::string ObjectReader::String(std::string_view key) {
  const auto* v = Find(key, true);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    Fail(key, "type", "must be a string");
    return {};
  }
  return std::string(v->get_string());
}

std::string ObjectReader::OptionalString(std::string_view key, std::string fallback) {
  const auto* v = Find(key, false);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_string()) {
    Fail(key, "type", "must be a string");
    return fallback;
  }
  return std::string(v->get_string());
}

int64_t ObjectReader::Integer(std::string_view key) {
  const auto* v = Find(key, true);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) {
    Fail(key, "range", "is too large");
    return 0;
  }
  Fail(key, "type", "must be an integer");
  return 0;
}

bool ObjectReader::Bool(std::string_view key) {
  const auto* v = Find(key, true);
  if (v == nullptr) return false;
  if (!v->is_bool()) {
    Fail(key, "type", "must be true or false");
    return false;
  }
  return v->get_bool();
}

const boost::json::array* ObjectReader::Array(std::string_view key) {
  const auto* v = Find(key, true);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Fail(key, "type", "must be an array");
    return nullptr;
  }
  return &v->get_array();
}

const boost::json::value* ObjectReader::Value(std::string_view key) { return Find(key, true); }
const boost::json::value* ObjectReader::OptionalValue(std::string_view key) {
  return Find(key, false);
}

Status ObjectReader::Finish() {
  if (!status_.ok()) return status_;
  for (const auto& kv : *object_) {
    if (read_.find(std::string_view(kv.key())) == read_.end()) {
      return Status::Invalid(FieldPath(kv.key()), "unknown-field", "is not a known field");
    }
  }
  return status_;
}

}  // namespace openkp::core
