#include "http/router.h"

#include <algorithm>
#include <cctype>
#include <climits>

#include "http/problem.h"

namespace openkp::http {

using core::Code;
using core::Status;

namespace {

std::vector<std::string> PathSegments(std::string_view target, const std::string& path) {
  std::string_view raw = target.empty() ? std::string_view(path) : target;
  raw = raw.substr(0, raw.find('?'));
  std::vector<std::string> segments;
  size_t start = raw.empty() || raw[0] != '/' ? 0 : 1;
  while (start <= raw.size()) {
    size_t slash = raw.find('/', start);
    if (slash == std::string_view::npos) slash = raw.size();
    const std::string_view raw_segment = raw.substr(start, slash - start);
    std::string segment;
    // The server refuses bad escapes before routing; a caller that did not is matched raw.
    if (!PercentDecode(raw_segment, false, &segment)) segment = std::string(raw_segment);
    segments.push_back(std::move(segment));
    start = slash + 1;
  }
  return segments;
}

// Matches pattern segments [i..) against path segments [j..); `spare` counts the extra
// segments parameters took (the smallest count wins among routes).
bool MatchFrom(const std::vector<std::string_view>& pattern, size_t i,
               const std::vector<std::string>& path, size_t j, Params* params, size_t* spare) {
  if (i == pattern.size()) return j == path.size();
  if (j == path.size()) return false;
  std::string_view seg = pattern[i];
  if (seg.size() > 1 && seg.front() == '{') {
    for (size_t n = 1; j + n <= path.size(); ++n) {
      if (path[j + n - 1].empty()) break;  // no empty parameter, no "a//b"
      Params tail;
      size_t tail_spare = 0;
      if (MatchFrom(pattern, i + 1, path, j + n, &tail, &tail_spare)) {
        std::string value = path[j];
        for (size_t k = j + 1; k < j + n; ++k) value += "/" + path[k];
        params->push_back(std::move(value));
        params->insert(params->end(), tail.begin(), tail.end());
        *spare += n - 1 + tail_spare;
        return true;
      }
    }
    return false;
  }
  return seg == path[j] && MatchFrom(pattern, i + 1, path, j + 1, params, spare);
}

bool Match(const std::string& pattern, const std::vector<std::string>& path, Params* params,
           size_t* spare) {
  std::vector<std::string_view> parts;
  std::string_view p(pattern);
  for (size_t start = 1; start <= p.size();) {
    size_t slash = std::min(p.find('/', start), p.size());
    parts.push_back(p.substr(start, slash - start));
    start = slash + 1;
  }
  params->clear();
  *spare = 0;
  return MatchFrom(parts, 0, path, 0, params, spare);
}

bool SameMethod(const std::string& route, std::string_view request) {
  return route == request || (request == "HEAD" && route == "GET");
}

}  // namespace

std::string PathSegmentEncode(std::string_view in) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  std::string out(type);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void Router::Add(std::string method, std::string pattern, RouteHandler handler,
                 RouteOptions options) {
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(handler), std::move(options)});
}

std::vector<std::pair<const Route*, Params>> Router::Candidates(std::string_view target,
                                                                const std::string& path) const {
  const std::vector<std::string> segments = PathSegments(target, path);
  std::vector<std::pair<const Route*, Params>> best;
  size_t best_spare = SIZE_MAX;
  for (const auto& route : routes_) {
    Params params;
    size_t spare = 0;
    if (!Match(route.pattern, segments, &params, &spare) || spare > best_spare) continue;
    if (spare < best_spare) best.clear();
    best_spare = spare;
    best.emplace_back(&route, std::move(params));
  }
  return best;
}

Response Router::Handle(const Request& req) const {
  std::string allowed;
  for (const auto& [route, params] : Candidates(req.target, req.path)) {
    if (!SameMethod(route->method, req.method)) {
      if (allowed.find(route->method) == std::string::npos) {
        allowed += (allowed.empty() ? "" : ", ") + route->method;
      }
      continue;
    }
    const auto& types = route->options.media_types;
    if (!types.empty()) {
      const std::string type = MediaType(req.Header("content-type"));
      if (std::find(types.begin(), types.end(), type) == types.end()) {
        std::string expected;
        for (const auto& t : types) expected += (expected.empty() ? "" : " or ") + t;
        return Problem(Status::Invalid("Content-Type", "media-type",
                                       "send the body as " + expected + ", got '" +
                                           req.Header("content-type") + "'"),
                       req.path);
      }
    }
    try {
      Response out = route->handler(req, params);
      out.route = route->pattern;
      return out;
    } catch (const std::exception& e) {  // the edge: no exception escapes into Beast
      return Problem(Status::Internal(std::string("unexpected error: ") + e.what()), req.path);
    }
  }
  if (!allowed.empty()) {
    Response r = Problem(
        Status(Code::kInvalidArgument, "method " + req.method + " is not allowed on " + req.path),
        req.path, 405);
    r.headers.emplace_back("Allow", allowed);
    return r;
  }
  return Problem(Status::NotFound("no route " + req.path + "; see /v1/openapi.json"), req.path);
}

std::optional<Response> Router::HandleFast(const Request& req) const {
  for (const auto& fast : fast_) {
    if (auto r = fast(req)) return r;
  }
  return std::nullopt;
}

bool Router::HandleAsync(const Request& req, const Reply& reply) const {
  for (const auto& async : async_) {
    if (async(req, reply)) return true;
  }
  return false;
}

size_t Router::BodyLimitFor(std::string_view method, std::string_view target,
                            size_t fallback) const {
  // Runs for every request, before its body: GET and most methods have no route with a limit
  // of its own, and need no matching at all.
  const bool any = std::any_of(routes_.begin(), routes_.end(), [&](const Route& r) {
    return r.options.max_body != 0 && SameMethod(r.method, method);
  });
  if (!any) return fallback;
  for (const auto& [route, params] : Candidates(target, /*path=*/{})) {
    if (SameMethod(route->method, method) && route->options.max_body != 0) {
      return route->options.max_body;
    }
  }
  return fallback;
}

bool Router::BodyToFile(std::string_view method, std::string_view target) const {
  const bool any = std::any_of(routes_.begin(), routes_.end(), [&](const Route& r) {
    return r.options.body_to_file && SameMethod(r.method, method);
  });
  if (!any) return false;
  for (const auto& [route, params] : Candidates(target, /*path=*/{})) {
    if (SameMethod(route->method, method)) return route->options.body_to_file;
  }
  return false;
}

std::optional<Response> Router::CheckBeforeBody(const Request& head) const {
  for (const auto& [route, params] : Candidates(head.target, head.path)) {
    if (SameMethod(route->method, head.method)) {
      if (!route->options.check_before_body) return std::nullopt;
      auto out = route->options.check_before_body(head);
      if (out) out->route = route->pattern;
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace openkp::http
