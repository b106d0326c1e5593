// Philox4x32-10: the counter-based generator behind every random draw in cortexpr.
//
// Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11;
// bit-compatible with Random123's philox4x32 at 10 rounds (checked against its
// kat_vectors in tests/unit/test_random.cpp). A pure function: no state, so a GPU
// thread, an OpenMP thread and a serial loop that ask for the same (counter, key)
// get the same four words.
#pragma once
#include <cstdint>

#include "../base/config.hpp"

namespace cortexpr::random {

/// 128-bit Philox counter, word 0 first (Random123's ctr_type).
struct philox4x32_ctr {
    std::uint32_t v[4];
    friend constexpr CORTEXPR_HOST_DEVICE bool operator==(const philox4x32_ctr& a,
                                                          const philox4x32_ctr& b) {
        return a.v[0] == b.v[0] && a.v[1] == b.v[1] && a.v[2] == b.v[2] && a.v[3] == b.v[3];
    }
};

/// 64-bit Philox key, word 0 first (Random123's key_type).
struct philox4x32_key {
    std::uint32_t v[2];
};

namespace detail {

inline constexpr std::uint32_t philox_m0 = 0xD2511F53u;  // round multipliers
inline constexpr std::uint32_t philox_m1 = 0xCD9E8D57u;
inline constexpr std::uint32_t philox_w0 = 0x9E3779B9u;  // Weyl key increments: golden ratio,
inline constexpr std::uint32_t philox_w1 = 0xBB67AE85u;  // sqrt(3) - 1

/// One Philox S-box round: two 32x32->64 multiplies, xor with the other half and the key.
constexpr CORTEXPR_HOST_DEVICE philox4x32_ctr philox_round(philox4x32_ctr c, std::uint32_t k0,
                                                           std::uint32_t k1) {
    // A 64-bit product gives hi and lo at once; nvcc turns it into mul.lo + mul.hi.
    const std::uint64_t p0 = std::uint64_t{philox_m0} * c.v[0];
    const std::uint64_t p1 = std::uint64_t{philox_m1} * c.v[2];
    const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
    const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
    return {{hi1 ^ c.v[1] ^ k0, lo1, hi0 ^ c.v[3] ^ k1, lo0}};
}

}  // namespace detail

/// Philox4x32 with `Rounds` rounds (10 is the standard, "crush-resistant" choice with
/// a safety margin; fewer rounds exist only for tests against Random123's vectors).
template <int Rounds>
constexpr CORTEXPR_HOST_DEVICE philox4x32_ctr philox4x32(philox4x32_ctr ctr, philox4x32_key key) {
    static_assert(Rounds >= 1 && Rounds <= 16, "philox4x32: Random123 defines 1 to 16 rounds");
    std::uint32_t k0 = key.v[0], k1 = key.v[1];
    ctr = detail::philox_round(ctr, k0, k1);
    for (int r = 1; r < Rounds; ++r) {
        k0 += detail::philox_w0;  // key schedule: bump before every round but the first
        k1 += detail::philox_w1;
        ctr = detail::philox_round(ctr, k0, k1);
    }
    return ctr;
}

/// Philox4x32-10: (counter, key) -> four independent-looking 32-bit words.
constexpr CORTEXPR_HOST_DEVICE philox4x32_ctr philox4x32_10(philox4x32_ctr ctr, philox4x32_key key) {
    return philox4x32<10>(ctr, key);
}

}  // namespace cortexpr::random
