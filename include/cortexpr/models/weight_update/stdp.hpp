// STDP: additive, nearest-neighbour pair STDP with hard bounds (new in GeNN 5).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::weight_update {

/// st_pre / st_post are arrival times (emission + (delay + 1)·dt), so spikes of both
/// sides in the same step give Δ = 0 and no change; a side that never spiked has
/// st = -TIME_MAX, so exp(-Δ/τ) = 0. A presynaptic spike delivers the weight *before*
/// its depression. Each code declares a local `dt` (the spike-time difference [ms]),
/// which shadows the built-in step as in GeNN.
struct STDP {
    static constexpr std::string_view name = "STDP";
    static constexpr auto params = cortexpr::params(
        "tauPlus",   // [ms] potentiation time constant (pre before post)
        "tauMinus",  // [ms] depression time constant (post before pre)
        "Aplus",     // potentiation amplitude, in weight units
        "Aminus",    // depression amplitude
        "Wmin",      // lower weight bound
        "Wmax");     // upper weight bound
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::positive("tauPlus"), cortexpr::positive("tauMinus"));
    static constexpr cortexpr::param_problem check_params(std::span<const double> p) {
        if (!(p[4] <= p[5])) return {"Wmin", "exceeds Wmax"};
        return {};
    }
    static constexpr auto vars = cortexpr::vars("g");  // weight
    static constexpr cortexpr::code pre_spike_syn_code =
        "addToPost(g);\n"
        "const scalar dt = t - st_post;\n"
        "if (dt > 0) {\n"
        "    const scalar timing = exp(-dt / tauMinus);\n"
        "    const scalar newWeight = g - (Aminus * timing);\n"
        "    g = fmin(Wmax, fmax(Wmin, newWeight));\n"
        "}\n";
    static constexpr cortexpr::code post_spike_syn_code =
        "const scalar dt = t - st_pre;\n"
        "if (dt > 0) {\n"
        "    const scalar timing = exp(-dt / tauPlus);\n"
        "    const scalar newWeight = g + (Aplus * timing);\n"
        "    g = fmin(Wmax, fmax(Wmin, newWeight));\n"
        "}\n";
};

}  // namespace cortexpr::weight_update
