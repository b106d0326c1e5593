// Uniform: value uniform between min and max: min + (max - min) u
// with u = gennrand_uniform() in (0, 1], so (min, max] on every backend (docs/random.md).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

struct Uniform {
    static constexpr std::string_view name = "Uniform";
    // the names hide the min/max functions in this code, as in GeNN
    static constexpr auto params = cortexpr::params("min", "max");  // in the variable's unit
    static constexpr cortexpr::param_problem check_params(std::span<const double> p) {
        if (!(p[0] <= p[1])) return {"min", "exceeds max"};
        return {};
    }
    static constexpr cortexpr::code var_init_code =
        "const scalar scale = max - min;\n"
        "value = min + (gennrand_uniform() * scale);\n";
};

}  // namespace cortexpr::init_var
