// NormalClippedDelay: a truncated-normal delay in ms, converted to a whole number of
// steps.
#pragma once
#include "../model_info.hpp"
#include "normal_mass.hpp"

namespace cortexpr::init_var {

/// Draws in step units until minTimestep <= x <= maxTimestep, then rounds half to even
/// (rint); meant for integer (typically uint8) delay variables.
struct NormalClippedDelay {
    static constexpr std::string_view name = "NormalClippedDelay";
    static constexpr auto params = cortexpr::params(
        "mean",  // [ms]
        "sd",    // [ms]
        "min",   // [ms]
        "max");  // [ms]
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
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("meanTimestep", "mean / dt"),  // [steps]
        cortexpr::derive("sdTimestep", "sd / dt"),      // [steps]
        cortexpr::derive("minTimestep", "min / dt"),    // [steps]
        cortexpr::derive("maxTimestep", "max / dt"));   // [steps]
    static constexpr cortexpr::code var_init_code =
        "scalar normal;\n"
        "do {\n"
        "    normal = meanTimestep + (gennrand_normal() * sdTimestep);\n"
        "} while (normal > maxTimestep || normal < minTimestep);\n"
        "value = rint(normal);\n";
};

}  // namespace cortexpr::init_var
