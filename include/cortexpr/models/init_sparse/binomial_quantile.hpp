// Row and column capacities of sparse connectivity: GeNN's BinomInvCDF and the 0.9999
// quantile rule. Plain constexpr arithmetic (no <cmath>), so the
// capacities of a network known at compile time are compile-time constants.
//
// Capacity functions of the sparse snippets share one signature:
//   static constexpr std::uint32_t max_row_length(std::uint32_t num_pre, std::uint32_t num_post,
//                                                 std::span<const double> params);
//   static constexpr std::uint32_t max_col_length(... same ...);
// `params` holds the snippet's parameter values in the order of its `params` member
// (integer parameters as doubles). Snippets without a column bound (Conv2D) omit it.
#pragma once
#include <cstdint>

namespace cortexpr::init_sparse {

/// The smallest k in [0, n] with P(X > k) <= tail for X ~ Binomial(n, p).
///
/// How: weights w(k) = P(X = k) / P(X = mode) by the ratio recurrence, summed outwards
/// from the mode until they drop below 1e-60 (the rest cannot matter for any tail a
/// double can tell from 0 next to 1); then the upper tail is summed from the far end
/// inwards, small terms first, so tails down to 1e-300 are found without the
/// cancellation of 1 - CDF. O(standard deviation) steps; no pow/log/exp.
constexpr std::uint64_t binomial_upper_quantile(double tail, std::uint64_t n, double p) {
    if (n == 0 || !(p > 0.0) || !(tail < 1.0)) return 0;
    if (!(p < 1.0) || !(tail > 0.0)) return n;
    const double nd = double(n);
    const double odds = p / (1.0 - p);
    auto up = [&](std::uint64_t k) { return (nd - double(k)) * odds / (double(k) + 1.0); };  // w(k+1)/w(k)
    auto down = [&](std::uint64_t k) { return double(k) / ((nd - double(k) + 1.0) * odds); };  // w(k-1)/w(k)
    constexpr double negligible = 1e-60;

    std::uint64_t mode = std::uint64_t((nd + 1.0) * p);
    if (mode > n) mode = n;
    double total = 1.0, w = 1.0;
    for (std::uint64_t k = mode; k > 0 && w >= negligible; --k) {
        w *= down(k);
        total += w;
    }
    std::uint64_t end = mode;
    w = 1.0;
    while (end < n && w >= negligible) {
        w *= up(end);
        ++end;
        total += w;
    }
    // walk down from `end`: t = sum of w(j) for j > k, w = w(k)
    const double limit = tail * total;
    double t = 0.0;
    for (std::uint64_t k = end; k > 0; --k) {
        if (t + w > limit) return k;  // P(X > k - 1) > tail, P(X > k) <= tail
        t += w;
        w *= down(k);
    }
    return 0;
}

/// GeNN's BinomInvCDF(q, n, p): the smallest k with CDF(k) >= q.
constexpr std::uint64_t binom_inv_cdf(double q, std::uint64_t n, double p) {
    return binomial_upper_quantile(1.0 - q, n, p);
}

/// 1 − 0.9999^(1/rows): the per-row overflow probability that makes all `rows` rows fit
/// with probability 0.9999. Computed as −expm1(log(0.9999)/rows) by its series, exact
/// to double precision since |x| <= 1.0001e-4, where 1 − pow(...) would cancel.
constexpr double capacity_tail(std::uint64_t rows) {
    constexpr double log_q = -1.0000500033335834e-4;  // log(0.9999)
    const double x = log_q / double(rows == 0 ? 1 : rows);
    return -(x + x * x / 2.0 + x * x * x / 6.0 + x * x * x * x / 24.0);
}

/// The capacity GeNN allocates for `rows` rows of Binomial(n, p) lengths:
/// BinomInvCDF(0.9999^(1/rows), n, p).
constexpr std::uint32_t binomial_capacity(std::uint64_t rows, std::uint64_t n, double p) {
    const std::uint64_t k = binomial_upper_quantile(capacity_tail(rows), n, p);
    return k > 0xffffffffu ? 0xffffffffu : std::uint32_t(k);
}

}  // namespace cortexpr::init_sparse
