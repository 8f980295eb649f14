#include "apps/http_fetch.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace openkp::apps {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using core::Status;

namespace {

core::Result<std::pair<int, std::string>> Request(bhttp::verb verb, const std::string& url,
                                                  const std::string& body) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) {
    return Status::Invalid("url", "http-url", "only http:// URLs are supported, got " + url);
  }
  std::string rest = url.substr(scheme.size());
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string host = hostport, port = "80";
  if (size_t colon = hostport.rfind(':'); colon != std::string::npos) {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  try {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(resolver.resolve(host, port));
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, hostport);
    req.set(bhttp::field::user_agent, "openkp");
    if (verb == bhttp::verb::post) req.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buf;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    bhttp::read(stream, buf, parser);
    beast::error_code ec;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    auto& res = parser.get();
    return std::make_pair(static_cast<int>(res.result_int()), std::move(res.body()));
  } catch (const std::exception& e) {  // the edge: Beast reports I/O errors as exceptions here
    return Status::Internal(std::string(bhttp::to_string(verb)) + " " + url + ": " + e.what());
  }
}

}  // namespace

core::Result<std::string> HttpGet(const std::string& url) {
  auto res = Request(bhttp::verb::get, url, "");
  if (!res.ok()) return res.status();
  if (res->first == 404) return Status::NotFound("GET " + url + ": 404");
  if (res->first != 200)
    return Status::Internal("GET " + url + ": HTTP " + std::to_string(res->first));
  return std::move(res->second);
}

core::Result<std::pair<int, std::string>> HttpPost(const std::string& url,
                                                   const std::string& body) {
  return Request(bhttp::verb::post, url, body);
}

}  // namespace openkp::apps
