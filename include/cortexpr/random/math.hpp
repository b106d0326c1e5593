// Bit-reproducible elementary functions for the random-number distributions.
//
// Why not ::logf / std::log: glibc and CUDA's libdevice are each accurate to about an
// ulp, but not to the *same* ulp, so a normal or exponential draw built on them would
// differ between the CPU and CUDA backends now and then, and so would the spikes. Here
// every function is a fixed sequence of IEEE-754 +, -, *, / and sqrt (each correctly
// rounded on both sides) on a fixed polynomial, so host and device give the same bits.
// The rules that keep it so:
//  - products go through mul(): on the device __fmul_rn/__dmul_rn, which nvcc never
//    fuses into an FMA (it would by default, and with --use_fast_math); on the host an
//    empty asm hides the product from GCC's contraction where the target has FMA
//    (-march=haswell and later, aarch64) and contraction is on (-std=gnu++20 default);
//  - quotients and roots go through div()/sqrt(): __fdiv_rn/__fsqrt_rn are IEEE even
//    under -prec-div=false / --use_fast_math;
//  - host code must not be built with -ffast-math (it reassociates sums).
// Accuracy (tests/unit/test_random_math.cpp, against long double): log and exp within
// 1 ulp, log1p within 3 ulp, sin/cos of a turn fraction within 2.5 ulp; float and double.
// Not the last bit of glibc or libdevice, but the same last bit everywhere.
#pragma once
#include <cstdint>
#include <type_traits>

#include "../base/config.hpp"

#if !CORTEXPR_DEVICE_PASS
#  include <bit>
#  include <cmath>
#endif

namespace cortexpr::random::detail {

template <class T>
inline constexpr bool is_real_v = std::is_same_v<T, float> || std::is_same_v<T, double>;

// ---- bit access --------------------------------------------------------------------
CORTEXPR_HOST_DEVICE std::uint32_t to_bits(float x) {
#if CORTEXPR_DEVICE_PASS
    return __float_as_uint(x);
#else
    return std::bit_cast<std::uint32_t>(x);
#endif
}
CORTEXPR_HOST_DEVICE std::uint64_t to_bits(double x) {
#if CORTEXPR_DEVICE_PASS
    return static_cast<std::uint64_t>(__double_as_longlong(x));
#else
    return std::bit_cast<std::uint64_t>(x);
#endif
}
CORTEXPR_HOST_DEVICE float float_from_bits(std::uint32_t b) {
#if CORTEXPR_DEVICE_PASS
    return __uint_as_float(b);
#else
    return std::bit_cast<float>(b);
#endif
}
CORTEXPR_HOST_DEVICE double double_from_bits(std::uint64_t b) {
#if CORTEXPR_DEVICE_PASS
    return __longlong_as_double(static_cast<long long>(b));
#else
    return std::bit_cast<double>(b);
#endif
}

// ---- correctly rounded, never fused arithmetic --------------------------------------
template <class T>
CORTEXPR_HOST_DEVICE T mul(T a, T b) {
#if CORTEXPR_DEVICE_PASS
    if constexpr (std::is_same_v<T, float>) return __fmul_rn(a, b);
    else return __dmul_rn(a, b);
#else
    T p = a * b;
#  if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && defined(__FMA__)
    __asm__("" : "+x"(p));  // opaque to the optimiser: p * q + r stays two roundings
#  elif defined(__GNUC__) && defined(__aarch64__)
    __asm__("" : "+w"(p));
#  endif
    return p;
#endif
}
template <class T>
CORTEXPR_HOST_DEVICE T div(T a, T b) {
#if CORTEXPR_DEVICE_PASS
    if constexpr (std::is_same_v<T, float>) return __fdiv_rn(a, b);
    else return __ddiv_rn(a, b);
#else
    return a / b;
#endif
}
CORTEXPR_HOST_DEVICE float sqrt(float x) {
#if CORTEXPR_DEVICE_PASS
    return __fsqrt_rn(x);
#else
    return std::sqrt(x);
#endif
}
CORTEXPR_HOST_DEVICE double sqrt(double x) {
#if CORTEXPR_DEVICE_PASS
    return __dsqrt_rn(x);
#else
    return std::sqrt(x);
#endif
}
CORTEXPR_HOST_DEVICE float floor(float x) {
#if CORTEXPR_DEVICE_PASS
    return ::floorf(x);
#else
    return std::floor(x);
#endif
}
CORTEXPR_HOST_DEVICE double floor(double x) {
#if CORTEXPR_DEVICE_PASS
    return ::floor(x);
#else
    return std::floor(x);
#endif
}
template <class T>
constexpr CORTEXPR_HOST_DEVICE T abs(T x) { return x < T(0) ? -x : x; }

template <class T>
CORTEXPR_HOST_DEVICE T quiet_nan() {
    if constexpr (std::is_same_v<T, float>) return float_from_bits(0x7fc00000u);
    else return double_from_bits(0x7ff8000000000000ull);
}
template <class T>
CORTEXPR_HOST_DEVICE T infinity() {
    if constexpr (std::is_same_v<T, float>) return float_from_bits(0x7f800000u);
    else return double_from_bits(0x7ff0000000000000ull);
}

/// c0 + z*(c1 + z*(c2 + ...)), constants given in double and rounded once to T.
template <class T, class... C>
CORTEXPR_HOST_DEVICE T horner(T z, double c0, C... cs) {
    if constexpr (sizeof...(cs) == 0) return static_cast<T>(c0);
    else return static_cast<T>(c0) + mul(z, horner<T>(z, cs...));
}

/// x * 2^k for any k that keeps the result finite or subnormal: one rounding at most.
template <class T>
CORTEXPR_HOST_DEVICE T scale_by_pow2(T y, int k) {
    if constexpr (std::is_same_v<T, float>) {
        auto p2 = [](int e) { return float_from_bits(static_cast<std::uint32_t>(e + 127) << 23); };
        if (k > 127) return mul(mul(y, p2(k - 1)), 2.0f);
        if (k < -126) return mul(mul(y, p2(k + 24)), p2(-24));
        return mul(y, p2(k));
    } else {
        auto p2 = [](int e) { return double_from_bits(static_cast<std::uint64_t>(e + 1023) << 52); };
        if (k > 1023) return mul(mul(y, p2(k - 1)), 2.0);
        if (k < -1022) return mul(mul(y, p2(k + 54)), p2(-54));
        return mul(y, p2(k));
    }
}

// ---- log ---------------------------------------------------------------------------
/// Natural logarithm (fdlibm's reduction, Taylor series of atanh in place of minimax).
/// log(x) = k ln2 + log(1+f), 1+f in [sqrt(2)/2, sqrt(2)); with s = f/(2+f),
/// log(1+f) = f - (f^2/2 - s (f^2/2 + R)), R = 2s^2/3 + 2s^4/5 + ... (|s| < 0.1716).
template <class T>
CORTEXPR_HOST_DEVICE T log(T x) {
    static_assert(is_real_v<T>);
    constexpr bool f32 = std::is_same_v<T, float>;
    using bits_t = std::conditional_t<f32, std::uint32_t, std::uint64_t>;
    constexpr int mant = f32 ? 23 : 52, bias = f32 ? 127 : 1023;
    // the selected constant converted explicitly: clang++ warns (-Wconstant-conversion)
    // about the 64-bit alternative in the float instantiation otherwise
    constexpr bits_t min_normal = bits_t{1} << mant, exp_mask = bits_t(f32 ? 0x7f800000ull : 0x7ff0000000000000ull);
    constexpr bits_t frac_mask = min_normal - 1, one = bits_t(bias) << mant;
    constexpr bits_t sqrt2 = bits_t(f32 ? 0x3fb504f3ull : 0x3ff6a09e667f3bcdull);  // bits of sqrt(2)

    bits_t b = to_bits(x);
    int k = 0;
    if (b < min_normal || b >= exp_mask) {        // zero, subnormal, negative, inf, NaN
        if (x != x) return x;
        if (x == T(0)) return -infinity<T>();
        if (x < T(0)) return quiet_nan<T>();
        if (b == exp_mask) return x;              // +inf
        x = mul(x, f32 ? T(33554432.0) : T(18014398509481984.0));  // 2^25 / 2^54, exact
        k = f32 ? -25 : -54;
        b = to_bits(x);
    }
    k += static_cast<int>(b >> mant) - bias;
    bits_t m = (b & frac_mask) | one;             // mantissa in [1, 2)
    if (m > sqrt2) { m -= min_normal; ++k; }      // -> [sqrt(2)/2, sqrt(2))
    const T f = (f32 ? T(float_from_bits(static_cast<std::uint32_t>(m))) : T(double_from_bits(m))) - T(1);
    const T s = div(f, T(2) + f);
    const T z = mul(s, s);
    T r;
    if constexpr (f32) r = mul(z, horner(z, 0.66666666666666667, 0.4, 0.28571428571428571,
                                          0.22222222222222222, 0.18181818181818182));
    else r = mul(z, horner(z, 0.66666666666666667, 0.4, 0.28571428571428571, 0.22222222222222222,
                           0.18181818181818182, 0.15384615384615385, 0.13333333333333333,
                           0.11764705882352941, 0.10526315789473684, 0.095238095238095238));
    const T hfsq = mul(mul(T(0.5), f), f);
    // ln2 split: k * ln2_hi is exact for every k reached here.
    const T ln2_hi = f32 ? T(0.693145751953125) : T(0.6931471803691238);
    const T ln2_lo = f32 ? T(1.428606765330187e-06) : T(1.9082149292705877e-10);
    const T dk = static_cast<T>(k);
    return mul(dk, ln2_hi) - ((hfsq - (mul(s, hfsq + r) + mul(dk, ln2_lo))) - f);
}

/// log(1 + x), accurate for small x (Goldberg: log(u) * x / (u - 1) with u = 1 + x).
template <class T>
CORTEXPR_HOST_DEVICE T log1p(T x) {
    const T u = T(1) + x;
    if (u == T(1)) return x;
    const T d = u - T(1);
    if (u == infinity<T>()) return u;
    return mul(log(u), div(x, d));
}

// ---- exp ---------------------------------------------------------------------------
/// e^x = 2^k e^r, k = round(x / ln2), |r| <= ln2 / 2, e^r by its Taylor polynomial.
template <class T>
CORTEXPR_HOST_DEVICE T exp(T x) {
    static_assert(is_real_v<T>);
    constexpr bool f32 = std::is_same_v<T, float>;
    if (x != x) return x;
    if (x > (f32 ? T(88.72283908187067) : T(709.782712893384))) return infinity<T>();
    if (x < (f32 ? T(-103.97207708399179) : T(-745.1332191019412))) return T(0);
    const T inv_ln2 = f32 ? T(1.4426950216293335) : T(1.4426950408889634);
    const T ln2_hi = f32 ? T(0.693145751953125) : T(0.6931471803691238);
    const T ln2_lo = f32 ? T(1.428606765330187e-06) : T(1.9082149292705877e-10);
    const T kd = floor(mul(x, inv_ln2) + T(0.5));
    const int k = static_cast<int>(kd);
    const T r = (x - mul(kd, ln2_hi)) - mul(kd, ln2_lo);  // first difference is exact
    T q;
    if constexpr (f32) q = horner(r, 0.5, 0.16666666666666667, 0.041666666666666667,
                                  0.0083333333333333333, 0.0013888888888888889,
                                  0.00019841269841269841);
    else q = horner(r, 0.5, 0.16666666666666667, 0.041666666666666667, 0.0083333333333333333,
                    0.0013888888888888889, 0.00019841269841269841, 2.4801587301587302e-05,
                    2.7557319223985891e-06, 2.7557319223985891e-07, 2.5052108385441719e-08,
                    2.0876756987868099e-09, 1.6059043836821615e-10);
    const T y = T(1) + (r + mul(mul(r, r), q));
    return scale_by_pow2(y, k);
}

// ---- sin and cos of a fraction of a turn -------------------------------------------
/// sin and cos of 2*pi*k / 2^Bits for 0 <= k <= 2^Bits (Box-Muller's angle). The
/// quadrant and the reflection to [0, pi/4] are done exactly on the integer k, so the
/// only roundings are one product by pi/2 and the two Taylor polynomials.
template <class T, int Bits>
CORTEXPR_HOST_DEVICE void sincos_turn(std::uint64_t k, T& s, T& c) {
    static_assert(Bits >= 3 && Bits <= (std::is_same_v<T, float> ? 24 : 53));
    constexpr std::uint64_t quarter = std::uint64_t{1} << (Bits - 2);
    const unsigned quadrant = static_cast<unsigned>(k >> (Bits - 2)) & 3u;
    std::uint64_t r = k & (quarter - 1);            // angle within quadrant = (pi/2) r / quarter
    const bool reflect = r > quarter / 2;
    if (reflect) r = quarter - r;                   // [0, pi/4]; swap sin and cos below
    const T x = mul(static_cast<T>(r) * (T(1) / static_cast<T>(quarter)),  // exact
                    std::is_same_v<T, float> ? T(1.5707963705062866) : T(1.5707963267948966));
    const T z = mul(x, x);
    T sp, cp;
    if constexpr (std::is_same_v<T, float>) {
        sp = x + mul(mul(x, z), horner(z, -0.16666666666666667, 0.0083333333333333333,
                                       -0.00019841269841269841, 2.7557319223985891e-06,
                                       -2.5052108385441719e-08));
        cp = T(1) + mul(z, horner(z, -0.5, 0.041666666666666667, -0.0013888888888888889,
                                  2.4801587301587302e-05, -2.7557319223985891e-07));
    } else {
        sp = x + mul(mul(x, z), horner(z, -0.16666666666666667, 0.0083333333333333333,
                                       -0.00019841269841269841, 2.7557319223985891e-06,
                                       -2.5052108385441719e-08, 1.6059043836821615e-10,
                                       -7.6471637318198165e-13, 2.8114572543455208e-15,
                                       -8.2206352466243297e-18));
        cp = T(1) + mul(z, horner(z, -0.5, 0.041666666666666667, -0.0013888888888888889,
                                  2.4801587301587302e-05, -2.7557319223985891e-07,
                                  2.0876756987868099e-09, -1.1470745597729725e-11,
                                  4.7794773323873853e-14, -1.5619206968586226e-16));
    }
    if (reflect) { const T t = sp; sp = cp; cp = t; }
    switch (quadrant) {
        case 0: s = sp; c = cp; break;
        case 1: s = cp; c = -sp; break;
        case 2: s = -sp; c = -cp; break;
        default: s = -cp; c = sp; break;
    }
}

}  // namespace cortexpr::random::detail
