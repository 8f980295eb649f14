// Keeps a Log growing while a server runs: every period, sequences new events into it and asks
// the witnesses to cosign the new checkpoint. Runs on its own thread ("openkp-log"), at a lower
// priority than the request path (the log may lag a batch; issuing must not).
//
//   transparency::Integrator integrator(*log, witnesses, post);
//   integrator.Start();
//   ...                         // serve
//   integrator.Stop();          // or let the destructor do it
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "transparency/log.h"
#include "transparency/witness.h"

namespace openkp::transparency {

class Integrator {
 public:
  // Errors are reported to `report` (default: stderr) and retried next period.
  Integrator(Log& log, std::vector<WitnessEndpoint> witnesses, Log::HttpPost post,
             std::chrono::milliseconds period = std::chrono::milliseconds(500),
             std::function<void(const std::string&)> report = nullptr);
  ~Integrator();
  Integrator(const Integrator&) = delete;
  Integrator& operator=(const Integrator&) = delete;

  void Start();
  // Returns after the running integration, if any, has finished.
  void Stop();

 private:
  void Loop();

  Log& log_;
  const std::vector<WitnessEndpoint> witnesses_;
  const Log::HttpPost post_;
  const std::chrono::milliseconds period_;
  const std::function<void(const std::string&)> report_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace openkp::transparency
