// NormalClipped: normal truncated to [min, max] by rejection (builtin-models.md §6).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

/// Redraws until min <= x <= max; a [min, max] far in a tail makes this loop long.
struct NormalClipped {
    static constexpr std::string_view name = "NormalClipped";
    static constexpr auto params = cortexpr::params("mean", "sd", "min", "max");  // in the variable's unit
    static constexpr cortexpr::code var_init_code =
        "scalar normal;\n"
        "do {\n"
        "    normal = mean + (gennrand_normal() * sd);\n"
        "} while (normal > max || normal < min);\n"
        "value = normal;\n";
};

}  // namespace cortexpr::init_var
