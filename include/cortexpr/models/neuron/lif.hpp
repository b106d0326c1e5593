// LIF: leaky integrate-and-fire with exact exponential integration over a step
// (GeNN 5.4.0 and 4.9 `LIF`).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::neuron {

/// τm dV/dt = −(V − Vrest) + Rm·(Isyn + Ioffset), solved exactly with the input held
/// constant over the step. While refractory V is frozen and the input of those steps is
/// discarded; the step that counts RefracTime down to <= 0 does not integrate either, so
/// the number of frozen steps is the number of subtractions of dt from TauRefrac in the
/// variable's precision (float: 2.0/0.1 -> 20 steps, 5.0/0.1 -> 51, 0.5/0.1 -> 6).
struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto params = cortexpr::params(
        "C",          // [nF] membrane capacitance
        "TauM",       // [ms] membrane time constant
        "Vrest",      // [mV] resting potential
        "Vreset",     // [mV] potential after a spike
        "Vthresh",    // [mV] threshold
        "Ioffset",    // [nA] constant bias current
        "TauRefrac"); // [ms] refractory period
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::positive("C"), cortexpr::positive("TauM"), cortexpr::at_least("TauRefrac", 0.0));
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("ExpTC", "exp(-dt / TauM)"),  // per-step decay factor
        cortexpr::derive("Rmembrane", "TauM / C"));    // [MOhm]
    static constexpr auto vars = cortexpr::vars(
        "V",            // [mV]
        "RefracTime");  // [ms] refractory time left
    static constexpr cortexpr::code sim_code =
        "if (RefracTime <= 0.0) {\n"
        "    scalar alpha = ((Isyn + Ioffset) * Rmembrane) + Vrest;\n"
        "    V = alpha - (ExpTC * (alpha - V));\n"
        "}\n"
        "else {\n"
        "    RefracTime -= dt;\n"
        "}\n";
    static constexpr cortexpr::code threshold_condition_code = "RefracTime <= 0.0 && V >= Vthresh";
    static constexpr cortexpr::code reset_code =
        "V = Vreset;\n"
        "RefracTime = TauRefrac;\n";
};

}  // namespace cortexpr::neuron
