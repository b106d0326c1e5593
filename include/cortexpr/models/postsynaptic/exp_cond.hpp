// ExpCond: exponentially decaying conductance.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::postsynaptic {

/// inSyn is a conductance [uS]; V is the target neuron's membrane potential at the start
/// of the step, passed as a neuron variable reference (GeNN 4 read it implicitly). No
/// normalisation factor.
struct ExpCond {
    static constexpr std::string_view name = "ExpCond";
    static constexpr auto params = cortexpr::params(
        "tau",  // [ms]
        "E");   // [mV] reversal potential
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::positive("tau"));
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("expDecay", "exp(-dt / tau)"));
    static constexpr auto neuron_var_refs = cortexpr::var_refs(cortexpr::var_ref("V"));  // [mV]
    static constexpr cortexpr::code sim_code =
        "injectCurrent(inSyn * (E - V));\n"
        "inSyn *= expDecay;\n";
};

}  // namespace cortexpr::postsynaptic
