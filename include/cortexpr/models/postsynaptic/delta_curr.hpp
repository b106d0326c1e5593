// DeltaCurr: the accumulated input is injected in one step.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::postsynaptic {

struct DeltaCurr {
    static constexpr std::string_view name = "DeltaCurr";
    static constexpr cortexpr::code sim_code =
        "injectCurrent(inSyn);\n"
        "inSyn = 0;\n";
};

}  // namespace cortexpr::postsynaptic
