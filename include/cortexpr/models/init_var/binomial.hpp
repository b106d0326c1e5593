// Binomial: value ~ Binomial((unsigned)n, p).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

struct Binomial {
    static constexpr std::string_view name = "Binomial";
    static constexpr auto params = cortexpr::params(
        "n",   // number of trials (a scalar parameter, truncated as in GeNN)
        "p");  // success probability
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::closed("n", 0.0, 4294967295.0, "truncated to unsigned int"), cortexpr::closed("p", 0.0, 1.0));
    static constexpr cortexpr::code var_init_code = "value = gennrand_binomial((unsigned int)n, p);\n";
};

}  // namespace cortexpr::init_var
