// IzhikevichVariable: Izhikevich with per-neuron a, b, c, d.
#pragma once
#include "../model_info.hpp"
#include "izhikevich.hpp"

namespace cortexpr::neuron {

/// Same code as Izhikevich; a-d are read-only variables, shared across batches.
struct IzhikevichVariable {
    static constexpr std::string_view name = "IzhikevichVariable";
    static constexpr auto vars = cortexpr::vars(
        "V",   // [mV]
        "U",   // recovery variable
        cortexpr::var("a", "scalar", access::read_only),   // [1/ms]
        cortexpr::var("b", "scalar", access::read_only),
        cortexpr::var("c", "scalar", access::read_only),   // [mV]
        cortexpr::var("d", "scalar", access::read_only));
    static constexpr cortexpr::code sim_code = detail::izhikevich_sim_code;
    static constexpr cortexpr::code threshold_condition_code = detail::izhikevich_threshold_code;
};

}  // namespace cortexpr::neuron
