// The C maths library for emitted code, on host and device alike: float arguments
// call the float function (expf), double the double one, integers promote to double.
#pragma once
#include <math.h>

#include <cmath>
#include <type_traits>

#include "../base/config.hpp"
#include "context.hpp"

namespace cortexpr::dsl::math {

template <class T>
using promoted = std::conditional_t<std::is_floating_point_v<T>, T, double>;
template <class... T>
using promoted_common = promoted<std::common_type_t<T...>>;

#define CORTEXPR_MATH_1(name)                                                            \
    CORTEXPR_HOST_DEVICE float name(float x) { return ::name##f(x); }                    \
    CORTEXPR_HOST_DEVICE double name(double x) { return ::name(x); }                     \
    template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>                  \
    CORTEXPR_HOST_DEVICE double name(T x) { return ::name(double(x)); }
#define CORTEXPR_MATH_2(name)                                                            \
    CORTEXPR_HOST_DEVICE float name(float x, float y) { return ::name##f(x, y); }         \
    CORTEXPR_HOST_DEVICE double name(double x, double y) { return ::name(x, y); }        \
    template <class A, class B,                                                           \
              std::enable_if_t<!(std::is_same_v<A, B> && std::is_floating_point_v<A>), int> = 0> \
    CORTEXPR_HOST_DEVICE promoted_common<A, B> name(A x, B y) {                           \
        using R = promoted_common<A, B>;                                                  \
        return name(R(x), R(y));                                                          \
    }

CORTEXPR_MATH_1(cos) CORTEXPR_MATH_1(sin) CORTEXPR_MATH_1(tan) CORTEXPR_MATH_1(acos)
CORTEXPR_MATH_1(asin) CORTEXPR_MATH_1(atan) CORTEXPR_MATH_2(atan2) CORTEXPR_MATH_1(cosh)
CORTEXPR_MATH_1(sinh) CORTEXPR_MATH_1(tanh) CORTEXPR_MATH_1(acosh) CORTEXPR_MATH_1(asinh)
CORTEXPR_MATH_1(atanh) CORTEXPR_MATH_1(exp) CORTEXPR_MATH_1(expm1) CORTEXPR_MATH_1(exp2)
CORTEXPR_MATH_2(pow) CORTEXPR_MATH_1(log) CORTEXPR_MATH_1(log1p) CORTEXPR_MATH_1(log2)
CORTEXPR_MATH_1(log10) CORTEXPR_MATH_1(sqrt) CORTEXPR_MATH_1(cbrt) CORTEXPR_MATH_2(hypot)
CORTEXPR_MATH_1(ceil) CORTEXPR_MATH_1(floor) CORTEXPR_MATH_2(fmod) CORTEXPR_MATH_1(round)
CORTEXPR_MATH_1(rint) CORTEXPR_MATH_1(trunc) CORTEXPR_MATH_1(nearbyint)
CORTEXPR_MATH_2(nextafter) CORTEXPR_MATH_2(remainder) CORTEXPR_MATH_1(fabs)
CORTEXPR_MATH_2(fdim) CORTEXPR_MATH_2(fmax) CORTEXPR_MATH_2(fmin) CORTEXPR_MATH_1(erf)
CORTEXPR_MATH_1(erfc) CORTEXPR_MATH_1(tgamma) CORTEXPR_MATH_1(lgamma)
CORTEXPR_MATH_2(copysign)
#undef CORTEXPR_MATH_1
#undef CORTEXPR_MATH_2

CORTEXPR_HOST_DEVICE float fma(float x, float y, float z) { return ::fmaf(x, y, z); }
CORTEXPR_HOST_DEVICE double fma(double x, double y, double z) { return ::fma(x, y, z); }
template <class A, class B, class C>
CORTEXPR_HOST_DEVICE promoted_common<A, B, C> fma(A x, B y, C z) {
    using R = promoted_common<A, B, C>;
    return fma(R(x), R(y), R(z));
}

template <class A, class B>
CORTEXPR_HOST_DEVICE constexpr auto min(A x, B y) {
    using R = decltype(x + y);
    return R(x) < R(y) ? R(x) : R(y);
}
template <class A, class B>
CORTEXPR_HOST_DEVICE constexpr auto max(A x, B y) {
    using R = decltype(x + y);
    return R(x) < R(y) ? R(y) : R(x);
}
template <class A>
CORTEXPR_HOST_DEVICE constexpr auto abs(A x) {
    using R = decltype(+x);
    return R(x) < R(0) ? R(-R(x)) : R(x);
}

CORTEXPR_HOST_DEVICE float ldexp(float x, int e) { return ::ldexpf(x, e); }
CORTEXPR_HOST_DEVICE double ldexp(double x, int e) { return ::ldexp(x, e); }
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
CORTEXPR_HOST_DEVICE double ldexp(T x, int e) { return ::ldexp(double(x), e); }
CORTEXPR_HOST_DEVICE float scalbn(float x, int e) { return ::scalbnf(x, e); }
CORTEXPR_HOST_DEVICE double scalbn(double x, int e) { return ::scalbn(x, e); }
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
CORTEXPR_HOST_DEVICE double scalbn(T x, int e) { return ::scalbn(double(x), e); }
CORTEXPR_HOST_DEVICE int ilogb(float x) { return ::ilogbf(x); }
CORTEXPR_HOST_DEVICE int ilogb(double x) { return ::ilogb(x); }
template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
CORTEXPR_HOST_DEVICE int ilogb(T x) { return ::ilogb(double(x)); }

/// Calls maths function number `Id` (the order of context.hpp's X-lists).
template <math_fn Id>
struct call;
#define CORTEXPR_X(name, arity)                                                            \
    template <>                                                                            \
    struct call<math_fn::name> {                                                           \
        template <class... A>                                                              \
        CORTEXPR_HOST_DEVICE static auto apply(A... a) { return ::cortexpr::dsl::math::name(a...); } \
    };
CORTEXPR_DSL_FLOAT_FUNCTIONS(CORTEXPR_X)
CORTEXPR_DSL_GENERIC_FUNCTIONS(CORTEXPR_X)
CORTEXPR_DSL_MIXED_FUNCTIONS(CORTEXPR_X)
#undef CORTEXPR_X

}  // namespace cortexpr::dsl::math
