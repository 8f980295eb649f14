#include "transparency/integrator.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <iostream>

namespace openkp::transparency {

Integrator::Integrator(Log& log, std::vector<WitnessEndpoint> witnesses, Log::HttpPost post,
                       std::chrono::milliseconds period,
                       std::function<void(const std::string&)> report)
    : log_(log),
      witnesses_(std::move(witnesses)),
      post_(std::move(post)),
      period_(period),
      report_(report ? std::move(report)
                     : [](const std::string& m) { std::cerr << m << std::endl; }) {}

Integrator::~Integrator() { Stop(); }

void Integrator::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void Integrator::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Integrator::Loop() {
  pthread_setname_np(pthread_self(), "openkp-log");
  // Logging is background work that may lag by a batch: on a busy machine it yields to the
  // request path (the tile writer it starts inherits this). Raising nice needs no privilege.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, period_, [&] { return stopping_; })) {
    lock.unlock();
    if (auto cp = log_.Integrate(); !cp.ok()) {
      report_("transparency log: " + cp.status().message());
    } else if (!witnesses_.empty()) {
      if (core::Status s = log_.Cosign(witnesses_, post_); !s.ok()) {
        report_("witnesses: " + s.message());
      }
    }
    lock.lock();
  }
}

}  // namespace openkp::transparency
