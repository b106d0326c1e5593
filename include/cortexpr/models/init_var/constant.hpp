// Constant: every element gets the same value. A plain number
// given as an initial value means this snippet.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

struct Constant {
    static constexpr std::string_view name = "Constant";
    static constexpr auto params = cortexpr::params("constant");  // in the variable's unit
    static constexpr cortexpr::code var_init_code = "value = constant;\n";
};

}  // namespace cortexpr::init_var
