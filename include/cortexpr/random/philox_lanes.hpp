// Block 0 of many neighbouring streams at once, for the CPU's element loops.
//
// Why: a neuron whose code draws random numbers (PoissonExp drive, Poisson neurons,
// noise) needs one Philox4x32-10 block per step. Scalar, a block is ~160 dependent
// instructions, and in the Potjans–Diesmann microcircuit these blocks were most of the
// neuron update. Streams of neighbouring elements differ only in counter word 0 (the
// element), and streams of one loop share their key, so 16 of them are one SIMD Philox: AVX-512 does a round of 16 blocks in ~16
// instructions (AVX2: 8 blocks). The words are bit-identical to philox4x32_10 (tested),
// so results do not depend on the instruction set; the vector code is chosen at run
// time from what the CPU supports and never compiled for the device.
#pragma once
#include <cstdint>
#include <cstdlib>

#include "philox.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__CUDACC__) && !defined(__clang__)
#  define CORTEXPR_PHILOX_X86 1
#  include <immintrin.h>
#else
#  define CORTEXPR_PHILOX_X86 0
#endif

namespace cortexpr::random {

/// 16 Philox blocks under one key, lane by lane: word w of lane l is words[w][l]. Holds
/// the counters before philox4x32_10_lanes and the blocks after.
struct philox_lanes {
    static constexpr std::uint32_t lanes = 16;
    alignas(64) std::uint32_t words[4][lanes];

    philox4x32_ctr block(std::uint32_t l) const { return {{words[0][l], words[1][l], words[2][l], words[3][l]}}; }
    void set(std::uint32_t l, const philox4x32_ctr& c) {
        for (int w = 0; w < 4; ++w) words[w][l] = c.v[w];
    }
};

namespace detail {

inline void philox_lanes_scalar(philox_lanes& io, philox4x32_key key) {
    for (std::uint32_t l = 0; l < philox_lanes::lanes; ++l) io.set(l, philox4x32_10(io.block(l), key));
}

#if CORTEXPR_PHILOX_X86
// GCC 12's AVX-512 shift intrinsics start from _mm512_undefined_epi32() and warn about
// their own placeholder (a known false -Wuninitialized): silenced for these two functions.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// One round on vectors of 32-bit lanes: mul_epu32 multiplies the even lanes to 64 bits,
// so the odd lanes go through a 32-bit shift; blends put hi and lo words back in place.
__attribute__((target("avx512f"))) inline void philox_lanes_avx512(philox_lanes& io, philox4x32_key key) {
    const __m512i m0 = _mm512_set1_epi32(int(philox_m0)), m1 = _mm512_set1_epi32(int(philox_m1));
    __m512i x0 = _mm512_load_si512(io.words[0]), x1 = _mm512_load_si512(io.words[1]);
    __m512i x2 = _mm512_load_si512(io.words[2]), x3 = _mm512_load_si512(io.words[3]);
    std::uint32_t k0 = key.v[0], k1 = key.v[1];
    constexpr __mmask16 odd = 0xAAAA;
    for (int r = 0; r < 10; ++r) {
        const __m512i p0e = _mm512_mul_epu32(x0, m0), p0o = _mm512_mul_epu32(_mm512_srli_epi64(x0, 32), m0);
        const __m512i p1e = _mm512_mul_epu32(x2, m1), p1o = _mm512_mul_epu32(_mm512_srli_epi64(x2, 32), m1);
        const __m512i hi0 = _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(p0e, 32), p0o);
        const __m512i lo0 = _mm512_mask_blend_epi32(odd, p0e, _mm512_slli_epi64(p0o, 32));
        const __m512i hi1 = _mm512_mask_blend_epi32(odd, _mm512_srli_epi64(p1e, 32), p1o);
        const __m512i lo1 = _mm512_mask_blend_epi32(odd, p1e, _mm512_slli_epi64(p1o, 32));
        x0 = _mm512_xor_si512(_mm512_xor_si512(hi1, x1), _mm512_set1_epi32(int(k0)));
        x1 = lo1;
        x2 = _mm512_xor_si512(_mm512_xor_si512(hi0, x3), _mm512_set1_epi32(int(k1)));
        x3 = lo0;
        k0 += philox_w0;
        k1 += philox_w1;
    }
    _mm512_store_si512(io.words[0], x0);
    _mm512_store_si512(io.words[1], x1);
    _mm512_store_si512(io.words[2], x2);
    _mm512_store_si512(io.words[3], x3);
}

__attribute__((target("avx2"))) inline void philox_lanes_avx2(philox_lanes& io, philox4x32_key key) {
    const __m256i m0 = _mm256_set1_epi32(int(philox_m0)), m1 = _mm256_set1_epi32(int(philox_m1));
    const auto at = [&](int w, std::uint32_t half) { return reinterpret_cast<__m256i*>(io.words[w] + half); };
    for (std::uint32_t half = 0; half < philox_lanes::lanes; half += 8) {
        __m256i x0 = _mm256_load_si256(at(0, half)), x1 = _mm256_load_si256(at(1, half));
        __m256i x2 = _mm256_load_si256(at(2, half)), x3 = _mm256_load_si256(at(3, half));
        std::uint32_t k0 = key.v[0], k1 = key.v[1];
        for (int r = 0; r < 10; ++r) {
            const __m256i p0e = _mm256_mul_epu32(x0, m0), p0o = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
            const __m256i p1e = _mm256_mul_epu32(x2, m1), p1o = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
            const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(p0e, 32), p0o, 0xAA);
            const __m256i lo0 = _mm256_blend_epi32(p0e, _mm256_slli_epi64(p0o, 32), 0xAA);
            const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(p1e, 32), p1o, 0xAA);
            const __m256i lo1 = _mm256_blend_epi32(p1e, _mm256_slli_epi64(p1o, 32), 0xAA);
            x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(int(k0)));
            x1 = lo1;
            x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(int(k1)));
            x3 = lo0;
            k0 += philox_w0;
            k1 += philox_w1;
        }
        _mm256_store_si256(at(0, half), x0);
        _mm256_store_si256(at(1, half), x1);
        _mm256_store_si256(at(2, half), x2);
        _mm256_store_si256(at(3, half), x3);
    }
}
#pragma GCC diagnostic pop
#endif

using philox_lanes_fn = void (*)(philox_lanes&, philox4x32_key);
struct philox_lanes_impl {
    philox_lanes_fn fn;
    const char* isa;
};

/// The widest implementation this CPU runs; CORTEXPR_PHILOX_ISA=scalar|avx2|avx512 in
/// the environment caps it (benchmarks, tests of every path on one machine).
inline philox_lanes_impl pick_philox_lanes(const char* cap) {
#if CORTEXPR_PHILOX_X86
    // the widest set allowed: no cap (or an unknown one) allows all
    const bool scalar_only = cap && __builtin_strcmp(cap, "scalar") == 0;
    const bool no_avx512 = scalar_only || (cap && __builtin_strcmp(cap, "avx2") == 0);
    __builtin_cpu_init();
    if (!no_avx512 && __builtin_cpu_supports("avx512f")) return {philox_lanes_avx512, "avx512"};
    if (!scalar_only && __builtin_cpu_supports("avx2")) return {philox_lanes_avx2, "avx2"};
#else
    (void)cap;
#endif
    return {philox_lanes_scalar, "scalar"};
}

}  // namespace detail

namespace detail {
inline const philox_lanes_impl& philox_lanes_chosen() {
    static const philox_lanes_impl impl = pick_philox_lanes(std::getenv("CORTEXPR_PHILOX_ISA"));
    return impl;
}
}  // namespace detail

/// Which implementation philox4x32_10_lanes runs here: "avx512", "avx2" or "scalar".
inline const char* philox_lanes_isa() { return detail::philox_lanes_chosen().isa; }

/// Replaces the 16 counters in `io` by their Philox4x32-10 blocks under `key`.
inline void philox4x32_10_lanes(philox_lanes& io, philox4x32_key key) { detail::philox_lanes_chosen().fn(io, key); }

}  // namespace cortexpr::random
