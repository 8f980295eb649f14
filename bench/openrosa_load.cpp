// Load generator for the submission benchmark: K keep-alive connections on loopback each POST
// OpenRosa submissions (an incident instance and a photo of --photo-bytes) until N were
// answered 201; prints submissions/s, MB/s and latency percentiles. Authenticates with Digest
// with one nonce and a new count (nc) per request, as Collect does.
//
//   openrosa_load --port 8080 --device dev-…:password --version 2026113001 --requests 400
//       --connections 8 --photo-bytes 1000000
#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace bhttp = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

std::string Arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == name) return argv[i + 1];
  }
  return fallback;
}

std::string Md5(const std::string& s) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), out, &n, EVP_md5(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string h;
  for (unsigned i = 0; i < n; ++i) {
    h += hex[out[i] >> 4];
    h += hex[out[i] & 15];
  }
  return h;
}

std::string Field(const std::string& header, const std::string& key) {
  const size_t at = header.find(key + "=\"");
  if (at == std::string::npos) return "";
  const size_t v = at + key.size() + 2;
  return header.substr(v, header.find('"', v) - v);
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned short port =
      static_cast<unsigned short>(std::stoi(Arg(argc, argv, "--port", "8080")));
  const std::string device = Arg(argc, argv, "--device", "");
  const std::string version = Arg(argc, argv, "--version", "");
  const long requests = std::stol(Arg(argc, argv, "--requests", "400"));
  const int connections = std::stoi(Arg(argc, argv, "--connections", "8"));
  const size_t photo_bytes = std::stoul(Arg(argc, argv, "--photo-bytes", "1000000"));
  const std::string user = device.substr(0, device.find(':'));
  const std::string password = device.substr(device.find(':') + 1);
  const std::string uri = "/openrosa/submission";

  // The challenge, then one Digest answer for the run.
  boost::asio::io_context ioc0;
  beast::tcp_stream s0(ioc0);
  s0.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::empty_body> head{bhttp::verb::head, uri, 11};
  head.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(s0, head);
  beast::flat_buffer b0;
  bhttp::response_parser<bhttp::string_body> p0;
  p0.skip(true);
  bhttp::read(s0, b0, p0);
  const std::string challenge(p0.get()[bhttp::field::www_authenticate]);
  const std::string realm = Field(challenge, "realm"), nonce = Field(challenge, "nonce");
  const std::string ha1 = Md5(user + ":" + realm + ":" + password);
  const std::string ha2 = Md5("POST:" + uri);
  // One nonce for the run, each request with its own count (the server refuses a count used
  // before with the same nonce: no replays).
  auto authorization = [&](long count) {
    char nc[16];
    std::snprintf(nc, sizeof nc, "%08lx", count);
    const std::string response = Md5(ha1 + ":" + nonce + ":" + nc + ":bench:auth:" + ha2);
    return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce +
           "\", uri=\"" + uri + "\", response=\"" + response + "\", qop=auth, nc=" + nc +
           ", cnonce=\"bench\"";
  };

  std::string photo(photo_bytes, '\0');
  std::mt19937_64 rng(7);
  for (auto& c : photo) c = static_cast<char>(rng());
  const std::string boundary = "benchboundary7e3f";

  std::atomic<long> next{0}, failed{0};
  std::mutex mu;
  std::vector<double> latencies_us;
  const auto start = Clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c) {
    clients.emplace_back([&] {
      try {
        boost::asio::io_context ioc;
        beast::tcp_stream stream(ioc);
        stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
        beast::flat_buffer buf;
        std::vector<double> mine;
        long i;
        while ((i = next.fetch_add(1)) < requests) {
          char uuid[64];
          std::snprintf(uuid, sizeof uuid, "uuid:00000000-0000-4000-8000-%012ld", i);
          const std::string xml =
              "<data xmlns:orx=\"http://openrosa.org/xforms\" id=\"openkp_incident\" "
              "orx:version=\"" +
              version +
              "\"><category>environmental_harm</category><occurred_on>2026-01-05</occurred_on>"
              "<participant>ZW</participant><location>-19.966 32.3 0 0</location><description>"
              "Benchmark</description><restricted>no</restricted><photo>1.jpg</photo><meta>"
              "<instanceID>" +
              std::string(uuid) + "</instanceID></meta></data>";
          bhttp::request<bhttp::string_body> req{bhttp::verb::post, uri, 11};
          req.set(bhttp::field::host, "127.0.0.1");
          req.set(bhttp::field::authorization, authorization(i + 1));
          req.set("X-OpenRosa-Version", "1.0");
          req.set(bhttp::field::content_type, "multipart/form-data; boundary=" + boundary);
          std::string& body = req.body();
          body.reserve(photo.size() + xml.size() + 400);
          body = "--" + boundary +
                 "\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; "
                 "filename=\"s.xml\"\r\nContent-Type: text/xml\r\n\r\n" +
                 xml + "\r\n--" + boundary +
                 "\r\nContent-Disposition: form-data; name=\"1.jpg\"; filename=\"1.jpg\"\r\n"
                 "Content-Type: image/jpeg\r\n\r\n";
          body += photo;
          body += "\r\n--" + boundary + "--\r\n";
          req.prepare_payload();
          const auto t0 = Clock::now();
          bhttp::write(stream, req);
          bhttp::response<bhttp::string_body> res;
          bhttp::read(stream, buf, res);
          mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
          if (res.result_int() != 201 && failed++ == 0) {
            std::fprintf(stderr, "unexpected %d: %s\n", res.result_int(), res.body().c_str());
          }
        }
        std::lock_guard lock(mu);
        latencies_us.insert(latencies_us.end(), mine.begin(), mine.end());
      } catch (const std::exception& e) {
        if (failed++ == 0) std::fprintf(stderr, "connection failed: %s\n", e.what());
      }
    });
  }
  for (auto& t : clients) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (latencies_us.empty()) return 1;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us[static_cast<size_t>(p * (latencies_us.size() - 1))] / 1000;
  };
  const double rate = latencies_us.size() / seconds;
  std::printf("submissions       %zu in %.2f s over %d connections (%ld failed)\n",
              latencies_us.size(), seconds, connections, failed.load());
  std::printf("throughput        %.1f submissions/s, %.1f MB/s\n", rate,
              rate * static_cast<double>(photo_bytes) / 1e6);
  std::printf("latency           p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", pct(0.5), pct(0.99),
              latencies_us.back() / 1000);
  std::printf("rate %.3f\n", rate);
  return failed == 0 ? 0 : 1;
}
