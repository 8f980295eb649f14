// A minimal blocking HTTP/1.1 client for tests: real sockets on loopback, one request per call.
#pragma once

#include <map>
#include <string>

namespace openkp::testing {

struct HttpResult {
  int status = 0;
  std::string content_type;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

HttpResult HttpCall(unsigned short port, const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::string& token = {},
                    const std::string& content_type = "application/json",
                    const std::map<std::string, std::string>& extra_headers = {});

}  // namespace openkp::testing
