// The probability mass of a normal distribution in an interval, for the clipped-normal
// initialisers' check that their rejection sampler can finish.
#pragma once
#include <cmath>

namespace cortexpr::init_var {

/// Probability that Normal(mean, sd) lies in [lo, hi].
inline double normal_mass(double mean, double sd, double lo, double hi) {
    if (sd == 0) return lo <= mean && mean <= hi ? 1.0 : 0.0;
    const double a = (lo - mean) / (sd * std::sqrt(2.0)), b = (hi - mean) / (sd * std::sqrt(2.0));
    return 0.5 * (std::erfc(a) - std::erfc(b));
}

}  // namespace cortexpr::init_var
