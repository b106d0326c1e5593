// StaticPulse: a fixed per-synapse weight delivered on each presynaptic spike.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::weight_update {

struct StaticPulse {
    static constexpr std::string_view name = "StaticPulse";
    static constexpr auto vars = cortexpr::vars(
        cortexpr::var("g", "scalar", access::read_only));  // weight, in the PSM's input unit
    static constexpr cortexpr::code pre_spike_syn_code = "addToPost(g);\n";
};

}  // namespace cortexpr::weight_update
