// A witness (C2SP tlog-witness v1): cosigns a log's checkpoints after checking each is consistent
// with the last one it cosigned, and the log-side client that asks witnesses to cosign.
// `openkp witness serve` runs the witness; `openkp serve --witness URL=VKEY` uses the client.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "tlog/witness.h"

namespace openkp::transparency {

struct WitnessReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class Witness {
 public:
  // Witnesses one log (`log_key`); remembers the latest cosigned size and root in `state_file`.
  Witness(tlog::Cosigner cosigner, tlog::NoteVerifier log_key, std::string state_file);
  // Handles the body of POST add-checkpoint; `now` is the Unix time of the cosignature.
  WitnessReply AddCheckpoint(std::string_view body, uint64_t now);
  tlog::WitnessVerifier verifier() const { return cosigner_.verifier(); }

 private:
  tlog::Cosigner cosigner_;
  tlog::NoteVerifier log_key_;
  std::string state_file_;
  std::mutex mu_;  // the check and the update are one atomic step (tlog-witness requires it)
};

struct WitnessEndpoint {
  std::string url;  // http://host:port/prefix (the request goes to <url>/add-checkpoint)
  tlog::WitnessVerifier key;
};
// "URL=VKEY", as given to `openkp serve --witness`.
core::Result<WitnessEndpoint> ParseWitnessEndpoint(std::string_view spec);

}  // namespace openkp::transparency
