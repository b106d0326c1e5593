// The first float Box-Muller pair of 16 streams at once (CPU initialisation and noise).
//
// Why: variable initialisers such as Normal and NormalClipped draw one normal per element
// from the element's own stream, so each draw pays a whole log, sqrt and sin/cos for one
// value (the spare is never read). Scalar, that was ~70 % of initialising the Potjans–
// Diesmann microcircuit's 0.3e9 synapses: latency-bound chains of dependent operations.
// Here the same operations (random/math.hpp's log and sincos_turn, step for step, every
// product kept apart from the sums as there) run on 16 lanes with AVX-512; IEEE +, -, *,
// / and sqrt round the same in a vector lane as in a scalar register, so the results are
// bit-identical to detail::box_muller_f32 (tests/unit/test_philox_lanes.cpp). Without
// AVX-512 the scalar function runs lane by lane.
#pragma once
#include <cstdint>

#include "philox_lanes.hpp"
#include "stream.hpp"

namespace cortexpr::random {

/// first[l], second[l]: box_muller_f32 of words 0 and 1 of block l.
struct normal_lanes {
    alignas(64) float first[philox_lanes::lanes];
    alignas(64) float second[philox_lanes::lanes];
};

namespace detail {

inline void normal_lanes_scalar(const philox_lanes& blocks, normal_lanes& out) {
    for (std::uint32_t l = 0; l < philox_lanes::lanes; ++l)
        box_muller_f32(blocks.words[0][l], blocks.words[1][l], out.first[l], out.second[l]);
}

#if CORTEXPR_PHILOX_X86
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

/// A product the compiler may not fuse with a following sum (math.hpp's mul()).
__attribute__((target("avx512f"))) inline __m512 vmul(__m512 a, __m512 b) {
    __m512 p = _mm512_mul_ps(a, b);
    __asm__("" : "+v"(p));
    return p;
}
__attribute__((target("avx512f"))) inline __m512 vconst(double c) { return _mm512_set1_ps(float(c)); }

/// horner(z, c0, c1, ...) of math.hpp: c0 + z*(c1 + z*(...)), innermost first.
template <class... C>
__attribute__((target("avx512f"))) inline __m512 vhorner(__m512 z, double c0, C... cs) {
    if constexpr (sizeof...(cs) == 0) return vconst(c0);
    else return _mm512_add_ps(vconst(c0), vmul(z, vhorner(z, cs...)));
}

/// math.hpp's log<float> for x in [2^-24, 1] (uniform draws: normal, positive, finite).
__attribute__((target("avx512f"))) inline __m512 vlog_unit(__m512 x) {
    const __m512i b = _mm512_castps_si512(x);
    __m512i k = _mm512_sub_epi32(_mm512_srli_epi32(b, 23), _mm512_set1_epi32(127));
    __m512i m = _mm512_or_si512(_mm512_and_si512(b, _mm512_set1_epi32(0x007fffff)), _mm512_set1_epi32(0x3f800000));
    const __mmask16 big = _mm512_cmpgt_epu32_mask(m, _mm512_set1_epi32(0x3fb504f3));  // m > sqrt(2)
    m = _mm512_mask_sub_epi32(m, big, m, _mm512_set1_epi32(0x00800000));
    k = _mm512_mask_add_epi32(k, big, k, _mm512_set1_epi32(1));
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 f = _mm512_sub_ps(_mm512_castsi512_ps(m), one);
    const __m512 s = _mm512_div_ps(f, _mm512_add_ps(_mm512_set1_ps(2.0f), f));
    const __m512 z = vmul(s, s);
    const __m512 r = vmul(z, vhorner(z, 0.66666666666666667, 0.4, 0.28571428571428571, 0.22222222222222222,
                                      0.18181818181818182));
    const __m512 hfsq = vmul(vmul(_mm512_set1_ps(0.5f), f), f);
    const __m512 dk = _mm512_cvtepi32_ps(k);
    const __m512 ln2_hi = vconst(0.693145751953125), ln2_lo = vconst(1.428606765330187e-06);  // as math.hpp: T(double)
    // dk*ln2_hi - ((hfsq - (s*(hfsq + r) + dk*ln2_lo)) - f)
    const __m512 inner = _mm512_add_ps(vmul(s, _mm512_add_ps(hfsq, r)), vmul(dk, ln2_lo));
    return _mm512_sub_ps(vmul(dk, ln2_hi), _mm512_sub_ps(_mm512_sub_ps(hfsq, inner), f));
}

__attribute__((target("avx512f"))) inline __m512 vneg_where(__m512 x, __mmask16 m) {
    return _mm512_castsi512_ps(
        _mm512_mask_xor_epi32(_mm512_castps_si512(x), m, _mm512_castps_si512(x), _mm512_set1_epi32(int(0x80000000u))));
}

__attribute__((target("avx512f"))) inline void normal_lanes_avx512(const philox_lanes& blocks, normal_lanes& out) {
    const __m512i w0 = _mm512_load_si512(blocks.words[0]), w1 = _mm512_load_si512(blocks.words[1]);
    // u1 = ((w0 >> 8) + 1) * 2^-24, exactly (to_uniform_float)
    const __m512 u1 = _mm512_mul_ps(
        _mm512_cvtepi32_ps(_mm512_add_epi32(_mm512_srli_epi32(w0, 8), _mm512_set1_epi32(1))), _mm512_set1_ps(0x1p-24f));
    const __m512 radius = _mm512_sqrt_ps(_mm512_mul_ps(_mm512_set1_ps(-2.0f), vlog_unit(u1)));
    // sincos_turn<float, 24>(w1 >> 8): quarter = 2^22
    const __m512i k = _mm512_srli_epi32(w1, 8);
    const __m512i quadrant = _mm512_and_si512(_mm512_srli_epi32(k, 22), _mm512_set1_epi32(3));
    __m512i r = _mm512_and_si512(k, _mm512_set1_epi32((1 << 22) - 1));
    const __mmask16 reflect = _mm512_cmpgt_epu32_mask(r, _mm512_set1_epi32(1 << 21));
    r = _mm512_mask_sub_epi32(r, reflect, _mm512_set1_epi32(1 << 22), r);
    const __m512 x = vmul(_mm512_mul_ps(_mm512_cvtepi32_ps(r), _mm512_set1_ps(1.0f / float(1 << 22))),
                          vconst(1.5707963705062866));
    const __m512 z = vmul(x, x);
    const __m512 sp = _mm512_add_ps(x, vmul(vmul(x, z), vhorner(z, -0.16666666666666667, 0.0083333333333333333,
                                                               -0.00019841269841269841, 2.7557319223985891e-06,
                                                               -2.5052108385441719e-08)));
    const __m512 cp = _mm512_add_ps(_mm512_set1_ps(1.0f), vmul(z, vhorner(z, -0.5, 0.041666666666666667,
                                                                          -0.0013888888888888889,
                                                                          2.4801587301587302e-05,
                                                                          -2.7557319223985891e-07)));
    const __m512 sr = _mm512_mask_blend_ps(reflect, sp, cp), cr = _mm512_mask_blend_ps(reflect, cp, sp);
    // quadrant 0: (s, c) = (sr, cr); 1: (cr, -sr); 2: (-sr, -cr); 3: (-cr, sr)
    const __mmask16 odd = _mm512_test_epi32_mask(quadrant, _mm512_set1_epi32(1));
    const __mmask16 q1 = _mm512_cmpeq_epi32_mask(quadrant, _mm512_set1_epi32(1));
    const __mmask16 q2 = _mm512_cmpeq_epi32_mask(quadrant, _mm512_set1_epi32(2));
    const __mmask16 q3 = _mm512_cmpeq_epi32_mask(quadrant, _mm512_set1_epi32(3));
    const __m512 s = vneg_where(_mm512_mask_blend_ps(odd, sr, cr), __mmask16(q2 | q3));
    const __m512 c = vneg_where(_mm512_mask_blend_ps(odd, cr, sr), __mmask16(q1 | q2));
    _mm512_store_ps(out.second, vmul(radius, s));
    _mm512_store_ps(out.first, vmul(radius, c));
}
#pragma GCC diagnostic pop
#endif

using normal_lanes_fn = void (*)(const philox_lanes&, normal_lanes&);

inline normal_lanes_fn pick_normal_lanes() {
#if CORTEXPR_PHILOX_X86
    // the same cap and CPU check as the Philox lanes: AVX-512 there means AVX-512 here
    if (__builtin_strcmp(philox_lanes_isa(), "avx512") == 0) return normal_lanes_avx512;
#endif
    return normal_lanes_scalar;
}

}  // namespace detail

/// out = the first float Box-Muller pair of each block (box_muller_f32 of words 0, 1).
inline void box_muller_lanes(const philox_lanes& blocks, normal_lanes& out) {
    static const detail::normal_lanes_fn fn = detail::pick_normal_lanes();
    fn(blocks, out);
}

}  // namespace cortexpr::random
