// StaticPulseConstantWeight: one weight shared by the whole group (new in GeNN 5, replaces GeNN 4's StaticPulse with GLOBALG).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::weight_update {

struct StaticPulseConstantWeight {
    static constexpr std::string_view name = "StaticPulseConstantWeight";
    static constexpr auto params = cortexpr::params("g");  // weight, in the PSM's input unit
    static constexpr cortexpr::code pre_spike_syn_code = "addToPost(g);\n";
};

}  // namespace cortexpr::weight_update
