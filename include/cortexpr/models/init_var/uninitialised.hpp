// Uninitialised: no initialisation code; values come from the host before
// initialize_sparse.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::init_var {

struct Uninitialised {
    static constexpr std::string_view name = "Uninitialised";
};

}  // namespace cortexpr::init_var
