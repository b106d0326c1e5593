// Exact Binomial(n, p) variates for n up to 2^32 - 1 (gennrand_binomial, the Binomial
// initialiser, row lengths of FixedNumberTotalWithReplacement).
//
// Always computed in double with 53-bit uniforms, whatever the model precision: the
// tails of e.g. Binomial(45e6, 1/20683) are below float's resolution.
// - p > 0.5: n - Binomial(n, 1 - p).
// - n p < 10: inversion (NumPy's rk_binomial_inversion, as GeNN): walk the pmf from
//   k = 0 with the ratio f(k)/f(k-1) = (n-k+1) p / (k q), f(0) = exp(n log1p(-p)),
//   restarting if k passes np + 10 sqrt(npq + 1) (a tail of < 1e-20).
// - n p >= 10: BTRD, Hormann (1993), "The generation of binomial random variates",
//   J. Statist. Comput. Simul. 46: transformed rejection with decomposition; O(1)
//   expected uniforms (about 1.15 pairs), so huge n with tiny p (where q^n underflows
//   and inversion would need thousands of steps) costs the same as small n.
#pragma once
#include <cstdint>

#include "math.hpp"
#include "uniform.hpp"

namespace cortexpr::random::detail {

template <class Gen>
CORTEXPR_HOST_DEVICE double uniform53(Gen& g) {
    const std::uint32_t a = g.next_u32();  // sequenced: argument order is unspecified
    const std::uint32_t b = g.next_u32();
    return to_uniform_double(a, b);
}

/// Stirling-series remainder fc(k) = log k! - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi)/2].
CORTEXPR_HOST_DEVICE double stirling_tail(double k) {
    if (k <= 9.0) {
        switch (static_cast<int>(k)) {  // exact values, Hormann (1993) table 1
            case 0: return 0.08106146679532726;
            case 1: return 0.04134069595540929;
            case 2: return 0.02767792568499834;
            case 3: return 0.02079067210376509;
            case 4: return 0.01664469118982119;
            case 5: return 0.01387612882307075;
            case 6: return 0.01189670994589177;
            case 7: return 0.01041126526197209;
            case 8: return 0.009255462182712733;
            default: return 0.008330563433362871;
        }
    }
    // Stirling series in 1/(k+1); one term beyond Hormann's three: relative error < 1e-10.
    const double r = div(1.0, k + 1.0), r2 = mul(r, r);
    return mul((1.0 / 12) - mul((1.0 / 360) - mul((1.0 / 1260) - mul(1.0 / 1680, r2), r2), r2), r);
}

/// Inversion; requires 0 < p <= 0.5 and n p < 10.
template <class Gen>
CORTEXPR_HOST_DEVICE std::uint32_t binomial_inversion(Gen& g, std::uint32_t n, double p) {
    const double nd = static_cast<double>(n), q = 1.0 - p, np = mul(nd, p);
    const double qn = exp(mul(nd, log1p(-p)));
    const double tail = np + mul(10.0, sqrt(mul(np, q) + 1.0));
    const double bound = tail < nd ? tail : nd;
    std::uint32_t x = 0;
    double px = qn, u = uniform53(g);
    while (u > px) {
        ++x;
        if (static_cast<double>(x) > bound) {  // lost in the far tail (rounding): restart
            x = 0;
            px = qn;
            u = uniform53(g);
        } else {
            u -= px;
            px = div(mul(mul(static_cast<double>(n - x + 1u), p), px), mul(static_cast<double>(x), q));
        }
    }
    return x;
}

/// BTRD; requires 0 < p <= 0.5 and n p >= 10. Step numbers follow Hormann's paper.
template <class Gen>
CORTEXPR_HOST_DEVICE std::uint32_t binomial_btrd(Gen& g, std::uint32_t n, double p) {
    // 0. setup
    const double nd = static_cast<double>(n), q = 1.0 - p;
    const double m = floor(mul(nd + 1.0, p));   // the mode
    const double r = div(p, q), nr = mul(nd + 1.0, r);
    const double npq = mul(mul(nd, p), q), spq = sqrt(npq);
    const double b = 1.15 + mul(2.53, spq);
    const double a = (-0.0873 + mul(0.0248, b)) + mul(0.01, p);
    const double c = mul(nd, p) + 0.5;
    const double alpha = mul(2.83 + div(5.1, b), spq);
    const double vr = 0.92 - div(4.2, b);
    const double urvr = mul(0.86, vr);
    for (;;) {
        // 1. the central triangle: accept at once
        double v = uniform53(g);
        double u;
        if (v <= urvr) {
            u = div(v, vr) - 0.43;
            return static_cast<std::uint32_t>(floor(mul(div(mul(2.0, a), 0.5 - abs(u)) + b, u) + c));
        }
        // 2. choose (u, v) in the remaining region
        if (v >= vr) {
            u = uniform53(g) - 0.5;
        } else {
            u = div(v, vr) - 0.93;
            u = (u < 0.0 ? -0.5 : 0.5) - u;
            v = mul(uniform53(g), vr);
        }
        // 3.0 transformed rejection
        const double us = 0.5 - abs(u);
        const double k = floor(mul(div(mul(2.0, a), us) + b, u) + c);
        if (k < 0.0 || k > nd) continue;
        v = div(mul(v, alpha), div(a, mul(us, us)) + b);
        const double km = abs(k - m);
        if (km <= 15.0) {
            // 3.1 recursive evaluation of f(k) / f(m)
            double f = 1.0;
            if (m < k) {
                for (double i = m + 1.0; i <= k; i += 1.0) f = mul(f, div(nr, i) - r);
            } else if (m > k) {
                for (double i = k + 1.0; i <= m; i += 1.0) v = mul(v, div(nr, i) - r);
            }
            if (v <= f) return static_cast<std::uint32_t>(k);
            continue;
        }
        // 3.2 squeeze on log f
        v = log(v);
        const double rho = mul(div(km, npq),
                               div(mul(div(km, 3.0) + 0.625, km) + (1.0 / 6.0), npq) + 0.5);
        const double t = div(-mul(km, km), mul(2.0, npq));
        if (v < t - rho) return static_cast<std::uint32_t>(k);
        if (v > t + rho) continue;
        // 3.3 / 3.4 final test against log(f(k) / f(m)) via Stirling's formula
        const double nm = nd - m + 1.0;
        const double h = (mul(m + 0.5, log(div(m + 1.0, mul(r, nm)))) + stirling_tail(m)) +
                         stirling_tail(nd - m);
        const double nk = nd - k + 1.0;
        const double bound = (((h + mul(nd + 1.0, log(div(nm, nk)))) +
                               mul(k + 0.5, log(div(mul(nk, r), k + 1.0)))) -
                              stirling_tail(k)) -
                             stirling_tail(nd - k);
        if (v <= bound) return static_cast<std::uint32_t>(k);
    }
}

/// Binomial(n, p): 0 for p <= 0 or NaN, n for p >= 1.
template <class Gen>
CORTEXPR_HOST_DEVICE std::uint32_t binomial(Gen& g, std::uint32_t n, double p) {
    if (n == 0u || !(p > 0.0)) return 0u;
    if (!(p < 1.0)) return n;
    const bool flip = p > 0.5;
    const double pp = flip ? 1.0 - p : p;
    const std::uint32_t k = mul(static_cast<double>(n), pp) < 10.0 ? binomial_inversion(g, n, pp)
                                                                   : binomial_btrd(g, n, pp);
    return flip ? n - k : k;
}

}  // namespace cortexpr::random::detail
