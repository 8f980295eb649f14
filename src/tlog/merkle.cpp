#include "tlog/merkle.h"

#include <bit>
#include <cstring>

#include "crypto/crypto.h"

namespace openkp::tlog {

using core::Result;
using core::Status;

namespace {

Hash Digest(std::string_view bytes) {
  auto d = crypto::Sha256(bytes);
  Hash h;
  std::memcpy(h.data(), d.data(), h.size());
  return h;
}

// Largest power of two strictly below n (n >= 2).
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

Status Fail(const std::string& what) { return Status::Invalid("proof", "merkle", what); }

}  // namespace

namespace {
std::string_view View(const Hash& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}
}  // namespace

Hash LeafHash(std::string_view entry) {
  auto d = crypto::Sha256Of({std::string_view("\0", 1), entry});
  Hash h;
  std::memcpy(h.data(), d.data(), h.size());
  return h;
}

Hash NodeHash(const Hash& left, const Hash& right) {
  auto d = crypto::Sha256Of({std::string_view("\1", 1), View(left), View(right)});
  Hash h;
  std::memcpy(h.data(), d.data(), h.size());
  return h;
}

Hash EmptyTreeRoot() { return Digest(""); }

std::string HashHex(const Hash& h) {
  return crypto::HexEncode(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

Hash RootOfLeafHashes(std::span<const Hash> leaves) {
  if (leaves.empty()) return EmptyTreeRoot();
  if (leaves.size() == 1) return leaves[0];
  const size_t k = SplitPoint(leaves.size());
  return NodeHash(RootOfLeafHashes(leaves.first(k)), RootOfLeafHashes(leaves.subspan(k)));
}

Result<Hash> RangeRoot(uint64_t begin, uint64_t end, const SubtreeSource& source) {
  if (end <= begin) return Status::Invalid("range", "merkle", "empty subtree range");
  const uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    return source(std::countr_zero(n), begin / n);
  }
  const uint64_t k = SplitPoint(n);
  auto left = RangeRoot(begin, begin + k, source);
  if (!left.ok()) return left;
  auto right = RangeRoot(begin + k, end, source);
  if (!right.ok()) return right;
  return NodeHash(*left, *right);
}

Result<Hash> TreeRoot(uint64_t size, const SubtreeSource& source) {
  if (size == 0) return EmptyTreeRoot();
  return RangeRoot(0, size, source);
}

namespace {

Status Path(uint64_t m, uint64_t begin, uint64_t end, const SubtreeSource& source,
            std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (n == 1) return {};
  const uint64_t k = SplitPoint(n);
  if (m < begin + k) {
    OPENKP_RETURN_IF_ERROR(Path(m, begin, begin + k, source, out));
    auto sibling = RangeRoot(begin + k, end, source);
    if (!sibling.ok()) return sibling.status();
    out->push_back(*sibling);
  } else {
    OPENKP_RETURN_IF_ERROR(Path(m, begin + k, end, source, out));
    auto sibling = RangeRoot(begin, begin + k, source);
    if (!sibling.ok()) return sibling.status();
    out->push_back(*sibling);
  }
  return {};
}

Status SubProof(uint64_t m, uint64_t begin, uint64_t end, bool whole, const SubtreeSource& source,
                std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (whole) return {};
    auto root = RangeRoot(begin, end, source);
    if (!root.ok()) return root.status();
    out->push_back(*root);
    return {};
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    OPENKP_RETURN_IF_ERROR(SubProof(m, begin, begin + k, whole, source, out));
    auto right = RangeRoot(begin + k, end, source);
    if (!right.ok()) return right.status();
    out->push_back(*right);
  } else {
    OPENKP_RETURN_IF_ERROR(SubProof(m - k, begin + k, end, false, source, out));
    auto left = RangeRoot(begin, begin + k, source);
    if (!left.ok()) return left.status();
    out->push_back(*left);
  }
  return {};
}

}  // namespace

Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                         const SubtreeSource& source) {
  if (index >= size) {
    return Status::Invalid(
        "index", "range",
        "leaf " + std::to_string(index) + " is not in a tree of size " + std::to_string(size));
  }
  std::vector<Hash> out;
  OPENKP_RETURN_IF_ERROR(Path(index, 0, size, source, &out));
  return out;
}

Result<std::vector<Hash>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                           const SubtreeSource& source) {
  if (old_size > new_size) {
    return Status::Invalid("old_size", "range", "old size is larger than the new size");
  }
  std::vector<Hash> out;
  if (old_size == 0 || old_size == new_size) return out;
  OPENKP_RETURN_IF_ERROR(SubProof(old_size, 0, new_size, true, source, &out));
  return out;
}

Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                       std::span<const Hash> proof, const Hash& root) {
  if (index >= size) return Fail("index is not below the tree size");
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return Fail("inclusion proof is longer than the tree is deep");
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Fail("inclusion proof is shorter than the tree is deep");
  if (r != root) return Fail("inclusion proof does not lead to the tree root");
  return {};
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, std::span<const Hash> proof,
                         const Hash& old_root, const Hash& new_root) {
  if (old_size > new_size) return Fail("old size is larger than the new size");
  if (old_size == new_size) {
    if (!proof.empty()) return Fail("trees of equal size need an empty consistency proof");
    if (old_root != new_root) return Fail("trees of equal size have different roots");
    return {};
  }
  if (old_size == 0) {
    if (!proof.empty()) return Fail("consistency with the empty tree needs an empty proof");
    return {};
  }
  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  if (path.empty()) return Fail("consistency proof is empty");
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return Fail("consistency proof is too long");
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Fail("consistency proof is too short");
  if (fr != old_root) return Fail("consistency proof does not lead to the old root");
  if (sr != new_root) return Fail("consistency proof does not lead to the new root");
  return {};
}

SubtreeSource InMemorySource(const std::vector<Hash>& leaves) {
  return [&leaves](int level, uint64_t index) -> Result<Hash> {
    const uint64_t width = uint64_t{1} << level;
    const uint64_t begin = index * width;
    if (begin + width > leaves.size()) {
      return Status::Internal("subtree beyond the stored leaves");
    }
    return RootOfLeafHashes(std::span<const Hash>(leaves).subspan(begin, width));
  };
}

}  // namespace openkp::tlog
