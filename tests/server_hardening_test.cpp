// The HTTP server under abuse (issue 16): framing that two parties could read differently is
// refused, caps on connections hold, every answer carries the security headers, and errors
// found before routing are documented problem documents. Real sockets on loopback.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "http/access_log.h"
#include "http/server.h"

namespace openkp {
namespace {

int Connect(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

// Reads what arrives within `ms` (until the peer closes, or a whole response has come).
std::string ReadFor(int fd, int ms) {
  std::string out;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          until - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.find("\r\n\r\n") != std::string::npos && out.find("\r\n\r\n{") == std::string::npos &&
        out.find("Content-Length: 0") != std::string::npos) {
      break;
    }
  }
  return out;
}

std::string Exchange(uint16_t port, const std::string& request, int ms = 2000) {
  int fd = Connect(port);
  EXPECT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
  std::string answer = ReadFor(fd, ms);
  ::close(fd);
  return answer;
}

class ServerHardening : public ::testing::Test {
 protected:
  void Start(http::ServerOptions opt) {
    opt.port = 0;
    opt.threads = 2;
    server_ = std::make_unique<http::Server>(opt, [](const http::Request& r) {
      http::Response out;
      out.body = "{\"path\":\"" + r.path + "\"}";
      return out;
    });
    ASSERT_TRUE(server_->Start().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  uint16_t port() const { return server_->port(); }

  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

TEST_F(ServerHardening, EveryAnswerCarriesTheSecurityHeaders) {
  Start({});
  {
    // A page: the policy that keeps the web app to itself.
    http::Server page({"127.0.0.1", 0}, [](const http::Request&) {
      http::Response r;
      r.content_type = "text/html; charset=utf-8";
      r.body = "<p>hi</p>";
      return r;
    });
    ASSERT_TRUE(page.Start().ok());
    std::thread t([&] { page.Run(); });
    const std::string html =
        Exchange(page.port(), "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    page.Stop();
    t.join();
    EXPECT_NE(html.find("X-Content-Type-Options: nosniff"), std::string::npos) << html;
    EXPECT_NE(html.find("Referrer-Policy: no-referrer"), std::string::npos) << html;
    EXPECT_NE(html.find("frame-ancestors 'none'"), std::string::npos) << html;
    EXPECT_NE(html.find("default-src 'none'"), std::string::npos) << html;
  }
  const std::string ok =
      Exchange(port(), "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  const std::string bad = Exchange(port(), "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n");
  for (const std::string& r : {ok, bad}) {
    EXPECT_NE(r.find("X-Content-Type-Options: nosniff"), std::string::npos) << r;
  }
  // Errors found before routing are documented problem types, with an instance.
  EXPECT_NE(bad.find("HTTP/1.1 400"), std::string::npos) << bad;
  EXPECT_NE(bad.find("\"type\":\"urn:openkp:problem:invalid-argument\""), std::string::npos);
  EXPECT_NE(bad.find("\"instance\":\"/%zz\""), std::string::npos) << bad;
}

TEST_F(ServerHardening, AmbiguousFramingAndCredentialsAreRefused) {
  Start({});
  struct Case {
    const char* what;
    std::string request;
    const char* rule;
  };
  const std::vector<Case> cases = {
      {"unknown transfer coding with a length",
       "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\nContent-Length: 3\r\n\r\nabc",
       "transfer-coding"},
      {"a coding with a space inside",
       "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chun ked\r\n\r\n0\r\n\r\n",
       "transfer-coding"},
      {"gzip before chunked",
       "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
       "transfer-coding"},
      {"chunked and a length",
       "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: "
       "5\r\n\r\n0\r\n\r\n",
       "http-syntax"},  // Beast's parser refuses this one itself
      {"two Authorization headers",
       "GET /x HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer okp_a\r\nAuthorization: Bearer "
       "okp_b\r\n\r\n",
       "single"},
      {"two Host headers", "GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "single"},
      {"a header folded with a space", "GET /x HTTP/1.1\r\nHost: a\r\nX-Note: one\r\n two\r\n\r\n",
       "obs-fold"},
      {"a header folded with a tab",
       "GET /x HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer\r\n\tokp_a\r\n\r\n", "obs-fold"},
  };
  for (const auto& c : cases) {
    const std::string r = Exchange(port(), c.request);
    EXPECT_NE(r.find("HTTP/1.1 400"), std::string::npos) << c.what << "\n" << r;
    EXPECT_NE(r.find(std::string("\"rule\":\"") + c.rule + "\""), std::string::npos)
        << c.what << "\n"
        << r;
    EXPECT_NE(r.find("\"instance\":\"/x\""), std::string::npos) << c.what << "\n" << r;
  }
  // Plain chunked is fine.
  const std::string chunked = Exchange(
      port(),
      "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n");
  EXPECT_NE(chunked.find("HTTP/1.1 200"), std::string::npos) << chunked;
}

// The header is gathered before it is parsed (to see obsolete folds): a header that arrives a
// few bytes at a time, and two requests sent at once, are answered as before.
TEST_F(ServerHardening, HeadersInPiecesAndPipelinedRequestsAreAnswered) {
  Start({});
  int fd = Connect(port());
  const std::string first = "GET /one HTTP/1.1\r\nHost: a\r\nX-Long: ";
  for (const std::string& piece :
       {first, std::string(3000, 'v'), std::string("\r\n"), std::string("\r\n")}) {
    ASSERT_EQ(::write(fd, piece.data(), piece.size()), static_cast<ssize_t>(piece.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string answer = ReadFor(fd, 1000);
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_NE(answer.find("{\"path\":\"/one\"}"), std::string::npos) << answer;
  const std::string two =
      "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::write(fd, two.data(), two.size()), static_cast<ssize_t>(two.size()));
  answer = ReadFor(fd, 1000);
  for (int i = 0; i < 20 && answer.find("/b") == std::string::npos; ++i) {
    answer += ReadFor(fd, 100);
  }
  ::close(fd);
  EXPECT_NE(answer.find("{\"path\":\"/a\"}"), std::string::npos) << answer;
  EXPECT_NE(answer.find("{\"path\":\"/b\"}"), std::string::npos) << answer;
  // A header larger than the limit is still refused (by Beast's parser, as before).
  const std::string huge =
      "GET /x HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n";
  const std::string refused = Exchange(port(), huge);
  EXPECT_NE(refused.find("HTTP/1.1 4"), std::string::npos) << refused.substr(0, 300);
}

TEST_F(ServerHardening, OneClientCannotTakeEveryConnection) {
  http::ServerOptions opt;
  opt.max_connections_per_client = 2;
  Start(opt);
  std::vector<int> idle = {Connect(port()), Connect(port())};
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // A third connection from the same address is closed at once, unanswered.
  int third = Connect(port());
  ::write(third, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n", 28);
  EXPECT_EQ(ReadFor(third, 1000), "");
  ::close(third);
  // When one of the first closes, the client may connect again.
  ::close(idle[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string r = Exchange(port(), "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos) << r;
  ::close(idle[1]);
}

// At the total cap the server stops accepting (new connections wait in the backlog) instead of
// running out of descriptors; a connection that closes lets the next one in.
TEST_F(ServerHardening, AtTheConnectionCapNewConnectionsWaitTheirTurn) {
  http::ServerOptions opt;
  opt.max_connections = 2;
  opt.max_connections_per_client = 0;
  Start(opt);
  std::vector<int> idle = {Connect(port()), Connect(port())};
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int waiting = Connect(port());
  const std::string req = "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
  ::write(waiting, req.data(), req.size());
  EXPECT_EQ(ReadFor(waiting, 500), "");  // not accepted yet
  ::close(idle[0]);
  const std::string r = ReadFor(waiting, 3000);
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos) << r;
  ::close(waiting);
  ::close(idle[1]);
}

}  // namespace
// A log nobody reads (a pipe left unread) drops lines while serving and, when the server stops,
// does not keep it from exiting (it waited in write() for ever).
TEST(JsonLogTest, AnUnreadPipeDoesNotKeepTheServerFromStopping) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  // Not a timing: whether it ends at all (before, never), with a bound far above the second it
  // gives an unread output, so that a regression fails instead of hanging the run.
  auto stopped = std::async(std::launch::async, [&] {
    http::JsonLog log(fds[1], http::LogLevel::kInfo);
    for (int i = 0; i < 20000; ++i) log.Warn("test", std::string(100, 'x'));  // ~3 MB
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the writer fills the pipe
  });
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace openkp
