// Prometheus metrics for operators (prometheus-cpp's registry and text format), served at
// /metrics to admins and users with the role "metrics": requests by route, method and status,
// latency histograms per route, group-commit batch sizes, storage errors, and the transparency
// log's lag, read when scraped. docs/OPERATIONS.md "Metrics" lists them.
//
//   http::Metrics metrics;
//   options.on_response = [&](const http::AccessRecord& r) { metrics.Response(r); };
//   db.SetObserver(metrics.DatabaseObserver());
//   std::string text = metrics.Scrape();  // the text exposition format, version 0.0.4
#pragma once

#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "http/server.h"
#include "store/database.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template <typename T>
class Family;
}  // namespace prometheus

namespace openkp::http {

// What the log's state is when scraped (transparency::Log and its store).
struct LogGauges {
  int64_t unlogged_events = 0;         // committed events not yet in the log
  double oldest_unlogged_seconds = 0;  // how long the oldest of them has waited
  int64_t checkpoint_size = 0;         // entries under the latest signed checkpoint
};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One answered request (ServerOptions::on_response).
  void Response(const AccessRecord& r);
  // For store::Database::SetObserver.
  store::DatabaseObserver DatabaseObserver();
  // Read at each scrape (may be empty: no log gauges).
  void SetLogGauges(std::function<core::Result<LogGauges>()> read) {
    log_gauges_ = std::move(read);
  }

  std::string Scrape();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* latency_;
  prometheus::Histogram* commit_batch_;
  prometheus::Family<prometheus::Counter>* storage_errors_;
  prometheus::Gauge* unlogged_;
  prometheus::Gauge* oldest_unlogged_;
  prometheus::Gauge* checkpoint_size_;
  std::function<core::Result<LogGauges>()> log_gauges_;
  // The series of each (route, method, status), found once (Family::Add hashes its labels and
  // takes the family's lock), then looked up under a shared lock without building a string.
  struct SeriesKey {
    std::string_view route;  // into the map's own copy once stored
    int method;
    int status;
    bool operator==(const SeriesKey&) const = default;
  };
  struct SeriesHash {
    size_t operator()(const SeriesKey& k) const {
      return std::hash<std::string_view>()(k.route) ^ (static_cast<size_t>(k.status) << 8) ^
             static_cast<size_t>(k.method);
    }
  };
  struct Series {
    std::unique_ptr<std::string> route;  // what the key's view points into
    prometheus::Counter* requests;
    prometheus::Histogram* latency;
  };
  std::shared_mutex mu_;
  std::unordered_map<SeriesKey, Series, SeriesHash> series_;  // guarded by mu_
};

}  // namespace openkp::http
