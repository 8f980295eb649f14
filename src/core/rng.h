// SplitMix64: a small deterministic generator for demo data and benchmarks, giving the same
// numbers on every platform (std's distributions are not portable). Not for secrets
// (crypto::RandomBytes is).
//
//   core::SplitMix64 rng{42};
//   int64_t dice = rng.Below(6);
#pragma once

#include <cstdint>

namespace openkp::core {

struct SplitMix64 {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // In [0, n); n > 0.
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
};

}  // namespace openkp::core
