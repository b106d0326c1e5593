// Exponential: value = lambda·E.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

/// Despite its name `lambda` is the mean (scale), not a rate, as in GeNN.
struct Exponential {
    static constexpr std::string_view name = "Exponential";
    static constexpr auto params = cortexpr::params("lambda");  // mean, in the variable's unit
    static constexpr cortexpr::code var_init_code = "value = lambda * gennrand_exponential();\n";
};

}  // namespace cortexpr::init_var
