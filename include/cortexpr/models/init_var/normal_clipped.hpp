// NormalClipped: normal truncated to [min, max] by rejection.
#pragma once
#include "../model_info.hpp"
#include "normal_mass.hpp"

namespace cortexpr::init_var {

/// Redraws until min <= x <= max; a [min, max] far in a tail makes this loop long.
struct NormalClipped {
    static constexpr std::string_view name = "NormalClipped";
    static constexpr auto params = cortexpr::params("mean", "sd", "min", "max");  // in the variable's unit
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::at_least("sd", 0.0));
    // the rejection sampler draws until a value lies in [min, max]: an empty or
    // improbable interval would never (or only after ~1/mass draws) finish
    static cortexpr::param_problem check_params(std::span<const double> p) {
        if (!(p[2] <= p[3])) return {"min", "exceeds max"};
        if (!(normal_mass(p[0], p[1], p[2], p[3]) >= 1e-4))
            return {"min", "and max enclose less than 1e-4 of the normal distribution: rejection sampling would not finish"};
        return {};
    }
    static constexpr cortexpr::code var_init_code =
        "scalar normal;\n"
        "do {\n"
        "    normal = mean + (gennrand_normal() * sd);\n"
        "} while (normal > max || normal < min);\n"
        "value = normal;\n";
};

}  // namespace cortexpr::init_var
