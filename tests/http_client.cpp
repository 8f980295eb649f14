#include "http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace openkp::testing {

namespace beast = boost::beast;
namespace bhttp = beast::http;

HttpResult HttpCall(unsigned short port, const std::string& method, const std::string& target,
                    const std::string& body, const std::string& token,
                    const std::string& content_type,
                    const std::map<std::string, std::string>& extra_headers) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
  if (!body.empty()) req.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : extra_headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req);
  beast::flat_buffer buf;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256 << 20);
  parser.skip(method == "HEAD");  // a HEAD answer has the headers of a body it does not send
  bhttp::read(stream, buf, parser);
  auto& res = parser.get();
  HttpResult out;
  out.status = static_cast<int>(res.result_int());
  out.content_type = std::string(res[bhttp::field::content_type]);
  out.body = res.body();
  for (const auto& f : res) {
    std::string n(f.name_string());
    for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[n] = std::string(f.value());
  }
  beast::error_code ec;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  return out;
}

}  // namespace openkp::testing
