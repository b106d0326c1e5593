// Accuracy and special values of the bit-reproducible elementary functions in
// cortexpr/random/math.hpp, against long double <cmath> (64-bit significand on x86-64).
// Inputs come from a fixed xorshift sequence, so the measured maxima are reproducible.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <cortexpr/random/math.hpp>

namespace cd = cortexpr::random::detail;

namespace {

struct xorshift {
    std::uint64_t s = 88172645463325252ull;
    std::uint64_t operator()() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    double unit() { return static_cast<double>((*this)() >> 11) * 0x1p-53; }  // [0, 1)
};

/// |got - exact| in ulps of the correctly rounded result.
template <class T>
double ulps(T got, long double exact) {
    const T rounded = static_cast<T>(exact);
    const long double ulp = std::nextafter(std::fabs(rounded), std::numeric_limits<T>::infinity()) - std::fabs(rounded);
    return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp);
}

template <class T>
T random_positive_finite(xorshift& rng) {  // uniform over bit patterns: every binade, subnormals too
    for (;;) {
        T x;
        if constexpr (sizeof(T) == 4) {
            const auto b = static_cast<std::uint32_t>(rng()) & 0x7fffffffu;
            std::memcpy(&x, &b, 4);
        } else {
            const std::uint64_t b = rng() & 0x7fffffffffffffffull;
            std::memcpy(&x, &b, 8);
        }
        if (std::isfinite(x) && x > 0) return x;
    }
}

constexpr long double two_pi = 6.283185307179586476925286766559005768L;

}  // namespace

TEMPLATE_TEST_CASE("random math: log within 1 ulp over all positive finite inputs", "[random][math]", float,
                   double) {
    xorshift rng;
    double worst = 0;
    for (int i = 0; i < 300000; ++i) {
        const TestType x = random_positive_finite<TestType>(rng);
        worst = std::max(worst, ulps(cd::log(x), std::log(static_cast<long double>(x))));
    }
    for (TestType x : {TestType(1), TestType(0.5), TestType(2), std::numeric_limits<TestType>::min(),
                       std::numeric_limits<TestType>::denorm_min(), std::numeric_limits<TestType>::max()})
        worst = std::max(worst, ulps(cd::log(x), std::log(static_cast<long double>(x))));
    INFO("worst log error " << worst << " ulp");
    CHECK(worst < 1.0);
    CHECK(cd::log(TestType(1)) == TestType(0));
}

TEMPLATE_TEST_CASE("random math: log special values", "[random][math]", float, double) {
    using lim = std::numeric_limits<TestType>;
    CHECK(cd::log(TestType(0)) == -lim::infinity());
    CHECK(std::isnan(cd::log(TestType(-1))));
    CHECK(std::isnan(cd::log(lim::quiet_NaN())));
    CHECK(cd::log(lim::infinity()) == lim::infinity());
}

TEMPLATE_TEST_CASE("random math: exp within 1 ulp where the result is normal", "[random][math]", float,
                   double) {
    using lim = std::numeric_limits<TestType>;
    xorshift rng;
    const double lo = std::log(static_cast<double>(lim::min())), hi = std::log(static_cast<double>(lim::max()));
    double worst = 0;
    for (int i = 0; i < 300000; ++i) {
        const auto x = static_cast<TestType>(lo + (hi - lo) * rng.unit());
        worst = std::max(worst, ulps(cd::exp(x), std::exp(static_cast<long double>(x))));
    }
    for (int i = 0; i < 100000; ++i) {  // and densely around 0, where log-normal draws live
        const auto x = static_cast<TestType>(-4 + 8 * rng.unit());
        worst = std::max(worst, ulps(cd::exp(x), std::exp(static_cast<long double>(x))));
    }
    INFO("worst exp error " << worst << " ulp");
    CHECK(worst < 1.0);
    CHECK(cd::exp(TestType(0)) == TestType(1));
}

TEMPLATE_TEST_CASE("random math: exp special values, overflow and gradual underflow", "[random][math]", float,
                   double) {
    using lim = std::numeric_limits<TestType>;
    CHECK(cd::exp(TestType(1000)) == lim::infinity());
    CHECK(cd::exp(TestType(-1000)) == TestType(0));
    CHECK(cd::exp(-lim::infinity()) == TestType(0));
    CHECK(cd::exp(lim::infinity()) == lim::infinity());
    CHECK(std::isnan(cd::exp(lim::quiet_NaN())));
    const TestType sub = cd::exp(std::log(lim::min()) - TestType(3));  // subnormal result
    CHECK(sub > TestType(0));
    CHECK(sub < lim::min());
    CHECK(std::fabs(sub - std::exp(std::log(lim::min()) - TestType(3))) <= lim::denorm_min());
}

TEMPLATE_TEST_CASE("random math: log1p within 3 ulp on (-1, 1)", "[random][math]", float, double) {
    xorshift rng;
    double worst = 0;
    for (int i = 0; i < 300000; ++i) {
        auto x = static_cast<TestType>(2 * rng.unit() - 1);
        if (i % 2) x = static_cast<TestType>(std::ldexp(static_cast<double>(x), -static_cast<int>(rng() % 60)));
        if (x <= TestType(-1)) continue;
        worst = std::max(worst, ulps(cd::log1p(x), std::log1p(static_cast<long double>(x))));
    }
    INFO("worst log1p error " << worst << " ulp");
    CHECK(worst < 3.0);
    CHECK(cd::log1p(TestType(1e-30)) == TestType(1e-30));
}

TEMPLATE_TEST_CASE("random math: sin and cos of a fraction of a turn within 2.5 ulp (absolute below 1/16)",
                   "[random][math]", float, double) {
    constexpr int bits = sizeof(TestType) == 4 ? 24 : 53;
    xorshift rng;
    double worst = 0;
    auto err = [](TestType got, long double exact) {  // ulps of max(|exact|, 1/16)
        const long double ref = std::max(std::fabs(exact), 0.0625L);
        const long double ulp = std::ldexp(1.0L, std::ilogb(ref) - (bits - 1));
        return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp);
    };
    for (int i = 0; i < 150000; ++i) {
        const std::uint64_t k = rng() >> (64 - bits);
        TestType s, c;
        cd::sincos_turn<TestType, bits>(k, s, c);
        const long double angle = two_pi * static_cast<long double>(k) / std::ldexp(1.0L, bits);
        worst = std::max({worst, err(s, std::sin(angle)), err(c, std::cos(angle))});
    }
    INFO("worst sin/cos error " << worst << " ulp");
    CHECK(worst < 2.5);  // measured 1.92 (float), 1.77 (double): pi/2 * fraction is rounded once
    // Exact at the quarter turns, and the full turn wraps to angle 0.
    const std::uint64_t quarter = std::uint64_t{1} << (bits - 2);
    for (std::uint64_t q = 0; q <= 4; ++q) {
        TestType s, c;
        cd::sincos_turn<TestType, bits>(q * quarter, s, c);
        const TestType es[] = {0, 1, 0, -1, 0}, ec[] = {1, 0, -1, 0, 1};
        CHECK(std::fabs(s) == std::fabs(es[q]));
        CHECK(c == ec[q] + TestType(0));
        CHECK(s * s + c * c == TestType(1));
    }
}

TEST_CASE("random math: mul and div are IEEE products and quotients", "[random][math]") {
    CHECK(cd::mul(3.0f, 0.1f) == 3.0f * 0.1f);
    CHECK(cd::div(1.0, 3.0) == 1.0 / 3.0);
    CHECK(cd::sqrt(2.0f) == std::sqrt(2.0f));
    CHECK(cd::scale_by_pow2(1.5, -1074 + 1) == std::ldexp(1.5, -1073));
    CHECK(cd::scale_by_pow2(1.5f, 127) == std::ldexp(1.5f, 127));
    CHECK(cd::scale_by_pow2(0.75f, 128) == std::ldexp(0.75f, 128));
}
