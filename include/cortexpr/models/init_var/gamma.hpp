// Gamma: value = b·Gamma(a, 1), shape a, scale b.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

/// GeNN's GPU sampler is wrong for a <= 1 (swapped branches); ours is the random
/// stream's gamma(a), which must be correct for every a > 0.
struct Gamma {
    static constexpr std::string_view name = "Gamma";
    static constexpr auto params = cortexpr::params(
        "a",   // shape
        "b");  // scale, in the variable's unit
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::positive("a"));  // b may be negative (negative values)
    static constexpr cortexpr::code var_init_code = "value = b * gennrand_gamma(a);\n";
};

}  // namespace cortexpr::init_var
