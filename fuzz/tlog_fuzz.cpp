// Fuzzes the transparency-log parsers of untrusted input: signed notes, checkpoints, verifier
// keys, tile paths and tlog-proof receipts, and a receipt's `extra` (salt + entry of a
// confirmation or void) checked against a certificate. No input may crash; a parsed checkpoint
// must format back to itself.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/crypto.h"
#include "tlog/merkle.h"
#include "tlog/note.h"
#include "tlog/tile.h"
#include "tlog/witness.h"
#include "transparency/log.h"

namespace {

// A receipt whose signed checkpoint (size 1) holds exactly the fuzzed entry, so the input gets
// past the signature to the entry checks; any accepted entry must name the certificate.
void CheckReceiptExtra(std::string_view extra) {
  static const openkp::tlog::NoteSigner signer(
      "fuzz.example/log", *openkp::crypto::KeyPair::FromSeed(std::string(32, '\x05')));
  static const openkp::core::SignedCertificate cert = [] {
    openkp::core::SignedCertificate c;
    c.body.number = "BW-2026-000001";
    c.body.issuer = "BW";
    return c;
  }();
  const std::string entry(extra.size() > 16 ? extra.substr(16) : std::string_view());
  openkp::tlog::Receipt r;
  r.extra = std::string(extra);
  r.index = 0;
  r.checkpoint = *openkp::tlog::SignNote(
      openkp::tlog::FormatCheckpoint({"fuzz.example/log", 1, openkp::tlog::LeafHash(entry)}),
      {signer});
  auto proven = openkp::transparency::VerifyCertificateReceipt(cert, r, signer.verifier());
  if (proven.ok() && extra.size() > 16 &&
      (entry.find("BW-2026-000001") == std::string::npos || proven->date.size() != 10)) {
    std::abort();
  }
}

}  // namespace

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
  CheckReceiptExtra(text);
  if (auto c = openkp::tlog::ParseCheckpoint(text); c.ok()) {
    auto again = openkp::tlog::ParseCheckpoint(openkp::tlog::FormatCheckpoint(*c));
    if (!again.ok() || !(*again == *c)) std::abort();
  }
  return 0;
}
