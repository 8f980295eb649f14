// Status and Result<T>: how every openkp module reports failure without exceptions.
//
//   core::Result<Date> d = core::ParseDate("2026-02-30");
//   if (!d.ok()) return d.status();   // "issued_on: not a calendar date"
//
// A Status names a machine-readable code, a human message and, for input errors, the field
// (a JSON-pointer-like path such as "lines[0].carats_hundredths") and the rule that was broken.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace openkp::core {

enum class Code {
  kOk,
  kInvalidArgument,     // the input breaks a rule; field() and rule() say which
  kNotFound,            // the thing named does not exist (or is not visible to the caller)
  kAlreadyExists,       // a unique key is taken (duplicate certificate number, ...)
  kUnauthenticated,     // no or unknown credentials
  kPermissionDenied,    // known caller, not allowed
  kFailedPrecondition,  // state forbids it (void a confirmed certificate, ...)
  kPayloadTooLarge,     // body or file over its limit
  kUnavailable,         // cannot serve now (disk full, database busy): retry later, nothing changed
  kInternal,            // a bug or a storage failure; never the caller's fault
};

// Short stable name of a code ("invalid-argument"), used in problem types and CLI output.
const char* CodeName(Code code);

class Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message, std::string field = {}, std::string rule = {})
      : code_(code),
        message_(std::move(message)),
        field_(std::move(field)),
        rule_(std::move(rule)) {}

  static Status Ok() { return {}; }
  // An input rule broken at `field`; the message is prefixed with the field.
  static Status Invalid(const std::string& field, std::string rule, const std::string& message) {
    return Status(Code::kInvalidArgument, field.empty() ? message : field + ": " + message, field,
                  std::move(rule));
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(Code::kPermissionDenied, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  const std::string& rule() const { return rule_; }
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
  std::string rule_;
};

// Either a T or a non-OK Status. Accessing value() of a failed Result is a bug (asserts).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const& {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // A temporary's status by value: `const auto& s = Get(...).status();` (and
  // OPENKP_RETURN_IF_ERROR(Get(...).status())) must not keep a reference into a dead Result.
  Status status() && { return ok() ? Status() : std::get<Status>(std::move(v_)); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace openkp::core

// Returns early with the Status of a failed expression (Status or Result<T>).
namespace openkp::core {
inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}
}  // namespace openkp::core

#define OPENKP_RETURN_IF_ERROR(expr)                                           \
  do {                                                                         \
    const auto& openkp_result_ = (expr);                                       \
    if (!openkp_result_.ok()) return ::openkp::core::StatusOf(openkp_result_); \
  } while (0)
