// Izhikevich (2003) with the paper's integration scheme (GeNN
// 5.4.0 and 4.9 `Izhikevich`).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::neuron {

namespace detail {
/// Shared by Izhikevich and IzhikevichVariable. There is no reset code: a spiking
/// neuron is clipped to exactly 30 mV and reset at the start of the next step, so a
/// state in [29.99, 30) spikes but is not reset. The two half steps are the 0.5 ms
/// Euler steps of Izhikevich's MATLAB code at dt = 1 ms; U uses the V after both half
/// steps and the U before this step.
inline constexpr cortexpr::code izhikevich_sim_code =
    "if (V >= 30.0) {\n"
    "    V = c;\n"
    "    U += d;\n"
    "}\n"
    "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn) * dt;  // two half steps for\n"
    "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn) * dt;  // numerical stability\n"
    "U += a * (b * V - U) * dt;\n"
    "if (V > 30.0) {\n"
    "    V = 30.0;  // clip the spike for display; also marks it for the reset\n"
    "}\n";
inline constexpr cortexpr::code izhikevich_threshold_code = "V >= 29.99";
}  // namespace detail

struct Izhikevich {
    static constexpr std::string_view name = "Izhikevich";
    static constexpr auto params = cortexpr::params(
        "a",   // [1/ms] recovery time scale
        "b",   // sensitivity of U to V
        "c",   // [mV] after-spike reset of V
        "d");  // after-spike increment of U
    static constexpr auto vars = cortexpr::vars(
        "V",   // [mV]
        "U");  // recovery variable
    static constexpr cortexpr::code sim_code = detail::izhikevich_sim_code;
    static constexpr cortexpr::code threshold_condition_code = detail::izhikevich_threshold_code;
};

}  // namespace cortexpr::neuron
