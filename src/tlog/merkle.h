// RFC 6962 / RFC 9162 Merkle trees over SHA-256: hashes, roots, inclusion and consistency
// proofs. Pure: the hashes of complete subtrees come from a caller-supplied source, so the same
// code works over memory, tiles on disk, or a database.
//
//   tlog::Hash leaf = tlog::LeafHash(entry);
//   auto proof = tlog::InclusionProof(index, size, source);           // sibling first
//   core::Status s = tlog::VerifyInclusion(leaf, index, size, *proof, root);
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace openkp::tlog {

using Hash = std::array<uint8_t, 32>;

Hash LeafHash(std::string_view entry);               // SHA-256(0x00 || entry)
Hash NodeHash(const Hash& left, const Hash& right);  // SHA-256(0x01 || left || right)
Hash EmptyTreeRoot();                                // SHA-256("")
std::string HashHex(const Hash& h);

// The root of the tree over `leaves` (leaf hashes), straight from the RFC's definition. O(n).
Hash RootOfLeafHashes(std::span<const Hash> leaves);

// Hash of the complete subtree of height `level` whose leftmost leaf is index << level,
// i.e. covering leaves [index * 2^level, (index + 1) * 2^level). The source must only be asked
// for subtrees that lie within the tree; it may fail (I/O), and the failure is passed on.
using SubtreeSource = std::function<core::Result<Hash>(int level, uint64_t index)>;

// MTH(D[begin:end]) for any range that lies inside a tree whose complete subtrees `source` knows.
core::Result<Hash> RangeRoot(uint64_t begin, uint64_t end, const SubtreeSource& source);
core::Result<Hash> TreeRoot(uint64_t size, const SubtreeSource& source);

// PATH(index, D[size]) and PROOF(old_size, D[new_size]) of RFC 9162 section 2.1.
core::Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                               const SubtreeSource& source);
core::Result<std::vector<Hash>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                                 const SubtreeSource& source);

// RFC 9162 sections 2.1.3.2 and 2.1.4.2. OK, or kInvalidArgument saying what does not hold.
core::Status VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                             std::span<const Hash> proof, const Hash& root);
core::Status VerifyConsistency(uint64_t old_size, uint64_t new_size, std::span<const Hash> proof,
                               const Hash& old_root, const Hash& new_root);

// A SubtreeSource over leaf hashes held in memory (tests, small logs). Keeps a reference.
SubtreeSource InMemorySource(const std::vector<Hash>& leaf_hashes);

}  // namespace openkp::tlog
