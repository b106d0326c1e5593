// SpikeSourceArray: replays given spike times (builtin-models.md §1.4).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::neuron {

/// Neuron i owns spikeTimes[startSpike .. endSpike), sorted ascending (the host fills
/// both from spike counts). A time s fires in the first step with t >= s, at most one
/// per step; times before 0 fire in step 0.
struct SpikeSourceArray {
    static constexpr std::string_view name = "SpikeSourceArray";
    static constexpr auto vars = cortexpr::vars(
        cortexpr::var("startSpike", "unsigned int"),  // index of the next spike
        cortexpr::var("endSpike", "unsigned int", access::read_only_duplicate));  // one past the last
    static constexpr auto extra_global_params = cortexpr::extra_global_params(
        cortexpr::egp("spikeTimes", "scalar*"));  // [ms]
    static constexpr cortexpr::code threshold_condition_code =
        "startSpike != endSpike && t >= spikeTimes[startSpike]";
    static constexpr cortexpr::code reset_code = "startSpike++;\n";
};

}  // namespace cortexpr::neuron
