// Normal: value = mean + N·sd.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

struct Normal {
    static constexpr std::string_view name = "Normal";
    static constexpr auto params = cortexpr::params("mean", "sd");  // in the variable's unit
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::at_least("sd", 0.0));
    static constexpr cortexpr::code var_init_code = "value = mean + (gennrand_normal() * sd);\n";
};

}  // namespace cortexpr::init_var
