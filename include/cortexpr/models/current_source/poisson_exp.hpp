// PoissonExp: one Poisson input train through an exponential current synapse.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::current_source {

/// k ~ Poisson(rate·dt/1000) events per step by Knuth's method (max(4, k+1) uniforms per
/// step); each adds Init to the current, which then decays by ExpDecay per step. Init
/// normalises the charge of one event to weight·tauSyn, as for a continuous exponential
/// current of peak `weight`.
struct PoissonExp {
    static constexpr std::string_view name = "PoissonExp";
    static constexpr auto params = cortexpr::params(
        "weight",  // [nA] peak of the equivalent continuous current
        "tauSyn",  // [ms] decay time constant
        "rate");   // [Hz]
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::positive("tauSyn"), cortexpr::at_least("rate", 0.0));
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("ExpDecay", "exp(-dt / tauSyn)"),
        cortexpr::derive("Init", "weight * (1.0 - exp(-dt / tauSyn)) * (tauSyn / dt)"),  // [nA]
        cortexpr::derive("ExpMinusLambda", "exp(-(rate / 1000.0) * dt)"));
    static constexpr auto vars = cortexpr::vars("current");  // [nA]
    // Knuth's k is how many of the products U1, U1·U2, U1·U2·U3, ... exceed
    // ExpMinusLambda. The first four draws are taken whatever their outcome (for float,
    // one Philox block) and counted without branches; the loop runs only while the
    // product is still above the bound. Same uniforms, same k as GeNN's do-while, but
    // no hard-to-predict loop exit in the usual case k < 4 (it cost a branch miss per
    // neuron and step in the microcircuit). The extra draws are never read: every step
    // has a fresh stream.
    static constexpr cortexpr::code injection_code =
        "scalar p = gennrand_uniform();\n"
        "unsigned int numPoissonSpikes = p > ExpMinusLambda ? 1 : 0;\n"
        "p *= gennrand_uniform();\n"
        "numPoissonSpikes += p > ExpMinusLambda ? 1 : 0;\n"
        "p *= gennrand_uniform();\n"
        "numPoissonSpikes += p > ExpMinusLambda ? 1 : 0;\n"
        "p *= gennrand_uniform();\n"
        "numPoissonSpikes += p > ExpMinusLambda ? 1 : 0;\n"
        "while (p > ExpMinusLambda) {\n"
        "    p *= gennrand_uniform();\n"
        "    numPoissonSpikes += p > ExpMinusLambda ? 1 : 0;\n"
        "}\n"
        "current += Init * (scalar)numPoissonSpikes;\n"
        "injectCurrent(current);\n"
        "current *= ExpDecay;\n";
};

}  // namespace cortexpr::current_source
