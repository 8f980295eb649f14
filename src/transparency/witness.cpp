#include "transparency/witness.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include "transparency/tile_store.h"

namespace openkp::transparency {

using core::Status;

Witness::Witness(tlog::Cosigner cosigner, tlog::NoteVerifier log_key, std::string state_file)
    : cosigner_(std::move(cosigner)),
      log_key_(std::move(log_key)),
      state_file_(std::move(state_file)) {}

WitnessReply Witness::AddCheckpoint(std::string_view body, uint64_t now) {
  auto reply = [](int status, std::string text) {
    return WitnessReply{status, "text/plain; charset=utf-8", std::move(text) + "\n"};
  };
  auto req = tlog::ParseAddCheckpoint(body);
  if (!req.ok()) return reply(400, req.status().message());
  auto note = tlog::OpenNote(req->checkpoint, {log_key_});
  auto cp =
      note.ok() ? tlog::ParseCheckpoint(note->text) : core::Result<tlog::Checkpoint>(note.status());
  if (cp.ok() && cp->origin != log_key_.name) return reply(404, "unknown log origin");
  if (!note.ok()) {
    // An origin we do not witness is 404; our log with a bad signature is 403.
    return reply(req->checkpoint.rfind(log_key_.name + "\n", 0) == 0 ? 403 : 404,
                 note.status().message());
  }
  if (!cp.ok()) return reply(400, cp.status().message());
  if (req->old_size > cp->size) return reply(400, "old size is larger than the checkpoint's");

  std::lock_guard lock(mu_);
  uint64_t size = 0;
  tlog::Hash root = tlog::EmptyTreeRoot();
  {
    std::ifstream in(state_file_);
    std::string root_b64;
    if (in >> size >> root_b64) {
      auto raw = crypto::Base64Decode(root_b64);
      if (raw.ok() && raw->size() == 32) std::memcpy(root.data(), raw->data(), 32);
    }
  }
  if (req->old_size != size) {
    return WitnessReply{409, "text/x.tlog.size", std::to_string(size) + "\n"};
  }
  Status consistent = tlog::VerifyConsistency(size, cp->size, req->proof, root, cp->root);
  if (!consistent.ok()) return reply(422, consistent.message());
  // Remember before answering: a cosignature is never given for a checkpoint the witness might
  // later fail to hold the log to.
  auto dir_end = state_file_.rfind('/');
  auto files =
      OpenDirectoryTileStore(dir_end == std::string::npos ? "." : state_file_.substr(0, dir_end));
  Status saved =
      files->Put(dir_end == std::string::npos ? state_file_ : state_file_.substr(dir_end + 1),
                 std::to_string(cp->size) + " " +
                     crypto::Base64Encode(
                         std::string_view(reinterpret_cast<const char*>(cp->root.data()), 32)) +
                     "\n");
  if (saved.ok()) saved = files->Sync();
  if (!saved.ok()) return reply(500, saved.message());
  return WitnessReply{200, "text/plain; charset=utf-8", cosigner_.CosignatureLine(note->text, now)};
}

core::Result<WitnessEndpoint> ParseWitnessEndpoint(std::string_view spec) {
  size_t eq = spec.find('=');
  if (eq == std::string_view::npos || spec.substr(0, 7) != "http://") {
    return Status::Invalid("--witness", "witness", "expected http://HOST:PORT[/PREFIX]=VKEY");
  }
  auto key = tlog::WitnessVerifier::FromVerifierKey(spec.substr(eq + 1));
  if (!key.ok()) return key.status();
  std::string url(spec.substr(0, eq));
  while (!url.empty() && url.back() == '/') url.pop_back();
  return WitnessEndpoint{url, *key};
}

}  // namespace openkp::transparency
