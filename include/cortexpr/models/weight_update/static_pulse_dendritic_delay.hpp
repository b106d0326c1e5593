// StaticPulseDendriticDelay: a fixed weight delivered d steps later.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::weight_update {

/// Total latency from presynaptic spike to PSM input is 1 + D + d steps (D = axonal
/// delay); d >= max_dendritic_delay is reported as a cx::error at the end of the step
/// (GeNN wraps it around silently; docs/decisions.md).
struct StaticPulseDendriticDelay {
    static constexpr std::string_view name = "StaticPulseDendriticDelay";
    static constexpr auto vars = cortexpr::vars(
        cortexpr::var("g", "scalar", access::read_only),    // weight
        cortexpr::var("d", "uint8_t", access::read_only));  // [steps] dendritic delay
    static constexpr cortexpr::code pre_spike_syn_code = "addToPostDelay(g, d);\n";
};

}  // namespace cortexpr::weight_update
