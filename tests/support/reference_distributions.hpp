// Reference distribution functions for the statistical tests (double precision, host
// only): written here once, from the textbook definitions, so that a test never
// compares our samplers with themselves.
#pragma once
#include <cmath>

namespace cortexpr::testing {

inline double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

inline double gamma_q(double a, double x);
/// Regularised incomplete gamma P(a, x) and Q(a, x) = 1 - P: the series for x < a + 1,
/// Lentz's continued fraction otherwise, prefactor x^a e^-x / Gamma(a) in log space.
inline double gamma_p(double a, double x) {
    if (x <= 0) return 0;
    if (x >= a + 1) return 1 - gamma_q(a, x);
    double term = 1 / a, sum = term;
    for (int n = 1; n < 100000; ++n) {
        term *= x / (a + n);
        sum += term;
        if (term < sum * 1e-17) break;
    }
    return std::exp(a * std::log(x) - x - std::lgamma(a)) * sum;
}
inline double gamma_q(double a, double x) {
    if (x <= 0) return 1;
    if (x < a + 1) return 1 - gamma_p(a, x);
    constexpr double tiny = 1e-300;
    double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
    for (int i = 1; i < 100000; ++i) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        const double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < 1e-16) break;
    }
    return std::exp(a * std::log(x) - x - std::lgamma(a)) * h;
}

/// log P(K = k) for K ~ Binomial(n, p).
inline double binomial_log_pmf(double n, double p, double k) {
    return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1) + k * std::log(p) +
           (n - k) * std::log1p(-p);
}

}  // namespace cortexpr::testing
