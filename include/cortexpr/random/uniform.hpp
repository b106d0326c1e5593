// Words to uniform reals in (0, 1]: the one conversion every distribution starts from.
//
// Why (0, 1] and not [0, 1): the draws feed log(u) (exponential, Box-Muller, geometric
// jumps in FixedProbability connectivity), which must stay finite, and 1 - u or u^c
// never need it to be below 1. It is also curand_uniform's interval, i.e. GeNN's on
// CUDA. The result is k / 2^24 (float) or k / 2^53 (double) for k = 1 .. 2^24 / 2^53,
// equally likely: exact integer arithmetic, so identical on every backend.
#pragma once
#include <cstdint>

#include "../base/config.hpp"

namespace cortexpr::random {

/// 24 high bits of `x` -> (x >> 8) * 2^-24 + 2^-24, in (0, 1]: 0 -> 2^-24, 0xffffffff -> 1.
constexpr CORTEXPR_HOST_DEVICE float to_uniform_float(std::uint32_t x) {
    return static_cast<float>((x >> 8) + 1u) * 0x1p-24f;  // both factors exact
}

/// 27 high bits of `first` and 26 high bits of `second` -> k * 2^-53 + 2^-53, in (0, 1].
constexpr CORTEXPR_HOST_DEVICE double to_uniform_double(std::uint32_t first, std::uint32_t second) {
    const std::uint64_t k = ((std::uint64_t{first >> 5} << 26) | (second >> 6)) + 1u;
    return static_cast<double>(k) * 0x1p-53;
}

/// The 53-bit integer behind to_uniform_double, minus one: 0 .. 2^53 - 1 (Box-Muller angle).
constexpr CORTEXPR_HOST_DEVICE std::uint64_t to_u53(std::uint32_t first, std::uint32_t second) {
    return (std::uint64_t{first >> 5} << 26) | (second >> 6);
}

}  // namespace cortexpr::random
