#include "http/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <sstream>

namespace openkp::http {

namespace {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

}  // namespace

Metrics::Metrics() : registry_(std::make_shared<prometheus::Registry>()) {
  requests_ = &prometheus::BuildCounter()
                   .Name("openkp_http_requests_total")
                   .Help("HTTP requests answered, by route pattern, method and status")
                   .Register(*registry_);
  latency_ = &prometheus::BuildHistogram()
                  .Name("openkp_http_request_duration_seconds")
                  .Help("From a request's first byte to its answer's write, by route pattern")
                  .Register(*registry_);
  commit_batch_ =
      &prometheus::BuildHistogram()
           .Name("openkp_db_commit_batch_writes")
           .Help("Write transactions per group commit")
           .Register(*registry_)
           .Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
  storage_errors_ = &prometheus::BuildCounter()
                         .Name("openkp_db_errors_total")
                         .Help("Storage errors (code internal or unavailable, e.g. disk full)")
                         .Register(*registry_);
  auto& log = prometheus::BuildGauge()
                  .Name("openkp_log_unlogged_events")
                  .Help("Committed events not yet in the transparency log")
                  .Register(*registry_);
  unlogged_ = &log.Add({});
  oldest_unlogged_ = &prometheus::BuildGauge()
                          .Name("openkp_log_lag_seconds")
                          .Help("How long the oldest event not yet in the log has waited")
                          .Register(*registry_)
                          .Add({});
  checkpoint_size_ = &prometheus::BuildGauge()
                          .Name("openkp_log_checkpoint_size")
                          .Help("Entries under the latest signed checkpoint")
                          .Register(*registry_)
                          .Add({});
}

Metrics::~Metrics() = default;

namespace {
// Methods as small numbers (the key of a series); others share one.
int MethodCode(std::string_view m) {
  if (m == "GET") return 1;
  if (m == "POST") return 2;
  if (m == "HEAD") return 3;
  if (m == "PUT") return 4;
  if (m == "DELETE") return 5;
  return 0;
}
}  // namespace

void Metrics::Response(const AccessRecord& r) {
  const SeriesKey key{r.route, MethodCode(r.method), r.status};
  prometheus::Counter* requests = nullptr;
  prometheus::Histogram* latency = nullptr;
  {
    std::shared_lock lock(mu_);
    if (auto it = series_.find(key); it != series_.end()) {
      requests = it->second.requests;
      latency = it->second.latency;
    }
  }
  if (requests == nullptr) {
    std::unique_lock lock(mu_);
    auto it = series_.find(key);
    if (it == series_.end()) {
      auto route = std::make_unique<std::string>(r.route);
      const std::string method = key.method == 0 ? "other" : std::string(r.method);
      Series s{nullptr,
               &requests_->Add(
                   {{"route", *route}, {"method", method}, {"status", std::to_string(r.status)}}),
               &latency_->Add({{"route", *route}}, LatencyBuckets())};
      const SeriesKey stored{*route, key.method, key.status};
      s.route = std::move(route);
      it = series_.emplace(stored, std::move(s)).first;
    }
    requests = it->second.requests;
    latency = it->second.latency;
  }
  requests->Increment();
  latency->Observe(static_cast<double>(r.latency_us) / 1e6);
}

store::DatabaseObserver Metrics::DatabaseObserver() {
  store::DatabaseObserver o;
  o.committed = [this](size_t writes) { commit_batch_->Observe(static_cast<double>(writes)); };
  o.storage_error = [this](const core::Status& s) {
    storage_errors_
        ->Add({{"code", s.code() == core::Code::kUnavailable ? "unavailable" : "internal"}})
        .Increment();
  };
  return o;
}

std::string Metrics::Scrape() {
  if (log_gauges_) {
    if (auto g = log_gauges_(); g.ok()) {
      unlogged_->Set(static_cast<double>(g->unlogged_events));
      oldest_unlogged_->Set(g->oldest_unlogged_seconds);
      checkpoint_size_->Set(static_cast<double>(g->checkpoint_size));
    }
  }
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace openkp::http
