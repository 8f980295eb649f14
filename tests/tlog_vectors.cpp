// Prints roots, inclusion proofs, consistency proofs and hash tiles of a tree over the entries
// "entry 0", "entry 1", ..., in the same format as tests/go/tlogvectors (which uses Go's
// golang.org/x/mod/sumdb/tlog). tests/tlog_crosscheck_test.sh compares the two outputs.
#include <cstdio>
#include <string>
#include <vector>

#include "crypto/crypto.h"
#include "tlog/merkle.h"
#include "tlog/tile.h"

using namespace openkp::tlog;

namespace {
std::string Hex(const std::vector<Hash>& hs) {
  std::string out;
  for (const auto& h : hs) out += (out.empty() ? "" : ",") + HashHex(h);
  return out.empty() ? "-" : out;
}
}  // namespace

int main() {
  std::vector<uint64_t> sizes;
  for (uint64_t n = 1; n <= 70; ++n) sizes.push_back(n);
  for (uint64_t n : {255, 256, 257, 511, 512, 513, 1000, 65536, 65537, 70000}) sizes.push_back(n);
  const uint64_t max = sizes.back();
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < max; ++i) leaves.push_back(LeafHash("entry " + std::to_string(i)));
  std::vector<std::vector<Hash>> levels{leaves};
  while (levels.back().size() > 1) {
    const auto& below = levels.back();
    std::vector<Hash> up;
    for (size_t i = 0; i + 1 < below.size(); i += 2) up.push_back(NodeHash(below[i], below[i + 1]));
    levels.push_back(std::move(up));
  }
  SubtreeSource source = [&](int level, uint64_t index) -> openkp::core::Result<Hash> {
    return levels[level][index];
  };
  for (uint64_t n : sizes) {
    std::printf("root %llu %s\n", static_cast<unsigned long long>(n),
                HashHex(*TreeRoot(n, source)).c_str());
    for (uint64_t i : {uint64_t{0}, n / 2, n - 1}) {
      std::printf("incl %llu %llu %s\n", static_cast<unsigned long long>(i),
                  static_cast<unsigned long long>(n), Hex(*InclusionProof(i, n, source)).c_str());
    }
    for (uint64_t m : {uint64_t{1}, n / 3, n / 2, n - 1}) {
      if (m == 0 || m > n) continue;
      std::printf("cons %llu %llu %s\n", static_cast<unsigned long long>(m),
                  static_cast<unsigned long long>(n), Hex(*ConsistencyProof(m, n, source)).c_str());
    }
  }
  for (uint64_t n : {uint64_t{1000}, uint64_t{70000}}) {
    for (const Tile& t : TilesForTreeSize(n)) {
      std::string data = *TileData(t, source);
      std::printf("tile %llu %s %s\n", static_cast<unsigned long long>(n), TilePath(t).c_str(),
                  openkp::crypto::Sha256Hex(data).c_str());
    }
  }
  return 0;
}
