// Gamma(a, 1) variates for every shape a > 0 (gennrand_gamma, the Gamma initialiser).
//
// a >= 1: Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
//   ACM TOMS 26(3): d = a - 1/3, c = 1/sqrt(9d); x ~ N(0,1), v = (1 + c x)^3 > 0,
//   u ~ U(0,1]; accept d v if u < 1 - 0.0331 x^4 (squeeze) or
//   log u < x^2/2 + d (1 - v + log v). Acceptance is above 95 % for every a >= 1.
// a < 1: the same paper's boost, Gamma(a) = Gamma(a + 1) * U^(1/a), with U drawn after
//   the Gamma(a + 1) variate. (GeNN's CUDA sampler has the two branches swapped and
//   returns NaN for a <= 1/3; this one is correct for all a > 0.) For very small a
//   the true value is often below the smallest positive Real and comes out as 0.
// a <= 0 or NaN: returns NaN.
#pragma once
#include "math.hpp"

namespace cortexpr::random::detail {

/// Marsaglia-Tsang for a >= 1. `Gen` provides normal() and uniform() in Real.
template <class Real, class Gen>
CORTEXPR_HOST_DEVICE Real gamma_marsaglia_tsang(Gen& g, Real a) {
    const Real d = a - static_cast<Real>(1.0 / 3.0);
    const Real c = div(Real(1), sqrt(mul(Real(9), d)));
    for (;;) {
        Real x, v;
        do {
            x = g.normal();
            v = Real(1) + mul(c, x);
        } while (v <= Real(0));
        v = mul(mul(v, v), v);
        const Real u = g.uniform();
        const Real x2 = mul(x, x);
        if (u < Real(1) - mul(static_cast<Real>(0.0331), mul(x2, x2))) return mul(d, v);
        if (log(u) < mul(Real(0.5), x2) + mul(d, (Real(1) - v) + log(v))) return mul(d, v);
    }
}

template <class Real, class Gen>
CORTEXPR_HOST_DEVICE Real gamma(Gen& g, Real a) {
    if (!(a > Real(0))) return quiet_nan<Real>();
    if (a < Real(1)) {
        const Real y = gamma_marsaglia_tsang(g, a + Real(1));
        const Real u = g.uniform();
        return mul(y, exp(div(log(u), a)));  // U^(1/a)
    }
    return gamma_marsaglia_tsang(g, a);
}

}  // namespace cortexpr::random::detail
