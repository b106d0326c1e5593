// PoissonExp: one Poisson input train through an exponential current synapse
// (builtin-models.md §2).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::current_source {

/// k ~ Poisson(rate·dt/1000) events per step by Knuth's method (about λ+1 uniforms per
/// step); each adds Init to the current, which then decays by ExpDecay per step. Init
/// normalises the charge of one event to weight·tauSyn, as for a continuous exponential
/// current of peak `weight`.
struct PoissonExp {
    static constexpr std::string_view name = "PoissonExp";
    static constexpr auto params = cortexpr::params(
        "weight",  // [nA] peak of the equivalent continuous current
        "tauSyn",  // [ms] decay time constant
        "rate");   // [Hz]
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("ExpDecay", "exp(-dt / tauSyn)"),
        cortexpr::derive("Init", "weight * (1.0 - exp(-dt / tauSyn)) * (tauSyn / dt)"),  // [nA]
        cortexpr::derive("ExpMinusLambda", "exp(-(rate / 1000.0) * dt)"));
    static constexpr auto vars = cortexpr::vars("current");  // [nA]
    static constexpr cortexpr::code injection_code =
        "scalar p = 1.0;\n"
        "unsigned int numPoissonSpikes = 0;\n"
        "do {\n"
        "    numPoissonSpikes++;\n"
        "    p *= gennrand_uniform();\n"
        "} while (p > ExpMinusLambda);\n"
        "current += Init * (scalar)(numPoissonSpikes - 1);\n"
        "injectCurrent(current);\n"
        "current *= ExpDecay;\n";
};

}  // namespace cortexpr::current_source
