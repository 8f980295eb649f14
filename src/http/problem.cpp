#include "http/problem.h"

#include <boost/json.hpp>

namespace openkp::http {

namespace json = boost::json;
using core::Code;

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
      return 409;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kFailedPrecondition:
      return 409;
    case Code::kPayloadTooLarge:
      return 413;
    case Code::kUnavailable:
      return 503;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

namespace {

const char* TitleFor(Code code) {
  switch (code) {
    case Code::kInvalidArgument:
      return "Invalid request";
    case Code::kNotFound:
      return "Not found";
    case Code::kAlreadyExists:
      return "Already exists";
    case Code::kUnauthenticated:
      return "Authentication required";
    case Code::kPermissionDenied:
      return "Forbidden";
    case Code::kFailedPrecondition:
      return "Conflict with the current state";
    case Code::kPayloadTooLarge:
      return "Payload too large";
    case Code::kUnavailable:
      return "Service unavailable";
    default:
      return "Internal error";
  }
}

}  // namespace

Response Problem(const core::Status& s, const std::string& instance, int http_status) {
  const int status = http_status != 0 ? http_status : HttpStatusFor(s.code());
  json::object o{{"type", std::string("urn:openkp:problem:") +
                              (status == 405 ? "method-not-allowed" : core::CodeName(s.code()))},
                 {"title", status == 405 ? "Method not allowed" : TitleFor(s.code())},
                 {"status", status},
                 {"detail", s.message()}};
  if (!s.field().empty()) o["field"] = s.field();
  if (!s.rule().empty()) o["rule"] = s.rule();
  if (!instance.empty()) o["instance"] = instance;
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = json::serialize(o);
  if (s.code() == Code::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"openkp\"");
  }
  return r;
}

}  // namespace openkp::http
