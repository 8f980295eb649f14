// Fuzzes the transparency-log parsers of untrusted input: signed notes, checkpoints, verifier
// keys, tile paths and tlog-proof receipts. No input may crash; a parsed checkpoint must format
// back to itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tlog/note.h"
#include "tlog/tile.h"
#include "tlog/witness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const auto verifier = *openkp::tlog::NoteVerifier::FromVerifierKey(
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  (void)openkp::tlog::OpenNote(text, {verifier});
  (void)openkp::tlog::NoteVerifier::FromVerifierKey(text);
  if (auto p = openkp::tlog::ParseTilePath(text); p.ok()) {
    std::string back = p->entries ? openkp::tlog::EntriesPath(p->tile.index, p->tile.width)
                                  : openkp::tlog::TilePath(p->tile);
    if (back != text) std::abort();  // one path, one tile
  }
  if (auto a = openkp::tlog::ParseAddCheckpoint(text); a.ok()) {
    if (openkp::tlog::FormatAddCheckpoint(*a) != text) std::abort();
  }
  (void)openkp::tlog::WitnessVerifier::FromVerifierKey(text);
  if (auto r = openkp::tlog::ParseReceipt(text); r.ok()) {
    if (openkp::tlog::FormatReceipt(*r) != text) std::abort();  // one text, one receipt
  }
  if (auto c = openkp::tlog::ParseCheckpoint(text); c.ok()) {
    auto again = openkp::tlog::ParseCheckpoint(openkp::tlog::FormatCheckpoint(*c));
    if (!again.ok() || !(*again == *c)) std::abort();
  }
  return 0;
}
