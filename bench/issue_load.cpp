// Load generator for the issue benchmark: K keep-alive connections on loopback each POST
// certificates until N have been issued; prints certificates/s and latency percentiles, and,
// measured in the same run, this machine's raw Ed25519 verification rate (the limit of the path).
//
//   issue_load --port 8080 --token okp_... --requests 100000 --connections 16
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace bhttp = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

// Ed25519 verifications per second on `threads` threads for ~1 s each.
double VerifyRate(int threads) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  const std::string msg(600, 'c');  // about the size of a canonical certificate body
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                       sk);
  std::atomic<long> done{0};
  auto start = Clock::now();
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t) {
    ts.emplace_back([&] {
      long n = 0;
      while (Clock::now() - start < std::chrono::seconds(1)) {
        for (int i = 0; i < 100; ++i) {
          if (crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(msg.data()),
                                          msg.size(), pk) != 0) {
            std::abort();
          }
        }
        n += 100;
      }
      done += n;
    });
  }
  for (auto& t : ts) t.join();
  return done / std::chrono::duration<double>(Clock::now() - start).count();
}

std::string Arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == name) return argv[i + 1];
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  const int port = std::stoi(Arg(argc, argv, "--port", "8080"));
  const std::string token = Arg(argc, argv, "--token", "");
  const long requests = std::stol(Arg(argc, argv, "--requests", "100000"));
  const int connections = std::stoi(Arg(argc, argv, "--connections", "16"));
  const std::string to = Arg(argc, argv, "--to", "EU");
  const std::string body =
      R"({"destination":")" + to +
      R"(","origin":{"mixed":false,"countries":["BW"]},"exporter":{"name":"Okavango Diamond Company","address":"Plot 63, Gaborone"},"importer":{"name":"Antwerp Rough NV","address":"Hoveniersstraat 2, Antwerp"},"lines":[{"hs_code":"7102.31","carats_hundredths":125050,"value_usd_cents":38000000},{"hs_code":"7102.21","carats_hundredths":30000,"value_usd_cents":900000}],"parcels":3})";

  // The baseline first, while the server is idle: measured after the load, it would share the
  // cores with the server still logging the last certificates and read low.
  const double verify1 = VerifyRate(1);
  const double verify_all = VerifyRate(static_cast<int>(std::thread::hardware_concurrency()));

  std::atomic<long> next{0}, failed{0};
  std::mutex mu;
  std::vector<double> latencies_us;
  latencies_us.reserve(requests);
  auto start = Clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c) {
    clients.emplace_back([&] {
      try {
        boost::asio::io_context ioc;
        beast::tcp_stream stream(ioc);
        stream.connect(
            {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
        std::vector<double> mine;
        beast::flat_buffer buf;
        while (next.fetch_add(1) < requests) {
          bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/v1/certificates", 11};
          req.set(bhttp::field::host, "127.0.0.1");
          req.set(bhttp::field::authorization, "Bearer " + token);
          req.set(bhttp::field::content_type, "application/json");
          req.body() = body;
          req.prepare_payload();
          auto t0 = Clock::now();
          bhttp::write(stream, req);
          bhttp::response<bhttp::string_body> res;
          bhttp::read(stream, buf, res);
          mine.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
          if (res.result_int() != 201) {
            if (failed++ == 0)
              std::fprintf(stderr, "unexpected %d: %s\n", res.result_int(), res.body().c_str());
          }
        }
        std::lock_guard lock(mu);
        latencies_us.insert(latencies_us.end(), mine.begin(), mine.end());
      } catch (const std::exception& e) {  // e.g. the server went away: report, do not abort
        if (failed++ == 0) std::fprintf(stderr, "connection failed: %s\n", e.what());
      }
    });
  }
  for (auto& t : clients) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (latencies_us.empty()) {
    std::fprintf(stderr, "no certificate was issued\n");
    return 1;
  }
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us[static_cast<size_t>(p * (latencies_us.size() - 1))];
  };
  const double rate = latencies_us.size() / seconds;
  std::printf("issued            %zu certificates in %.2f s over %d connections (%ld failed)\n",
              latencies_us.size(), seconds, connections, failed.load());
  std::printf("throughput        %.0f certificates/s\n", rate);
  std::printf("latency           p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.50) / 1000,
              pct(0.99) / 1000, latencies_us.back() / 1000);
  std::printf(
      "ed25519 verify    %.0f/s on 1 core, %.0f/s on %u cores (libsodium, same run, before)\n",
      verify1, verify_all, std::thread::hardware_concurrency());
  std::printf(
      "ratio             %.1f%% of 1-core verify rate, %.1f%% of all-core (target >= 50%%)\n",
      100 * rate / verify1, 100 * rate / verify_all);
  return failed == 0 ? 0 : 1;
}
