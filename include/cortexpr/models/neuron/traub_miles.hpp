// TraubMiles: Hodgkin-Huxley neuron of Traub & Miles (1991).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::neuron {

/// 25 forward-Euler sub-steps of dt/25 per step, Isyn constant over them; every
/// right-hand side uses the values at the start of the sub-step (V is updated last).
/// The rate functions with a removable singularity take their limit at V == -52, -25
/// and -50 exactly. As in GeNN 5 (no auto-refractory) the neuron spikes in every step
/// while V >= 0; GeNN 4 only spiked on the upward crossing.
struct TraubMiles {
    static constexpr std::string_view name = "TraubMiles";
    static constexpr auto params = cortexpr::params(
        "gNa",  // [uS] sodium conductance (tutorial: 7.15)
        "ENa",  // [mV] sodium reversal potential (50)
        "gK",   // [uS] potassium conductance (1.43)
        "EK",   // [mV] potassium reversal potential (-95)
        "gl",   // [uS] leak conductance (0.02672)
        "El",   // [mV] leak reversal potential (-63.563)
        "C");   // [nF] membrane capacitance (0.143)
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::at_least("gNa", 0.0), cortexpr::at_least("gK", 0.0), cortexpr::at_least("gl", 0.0),
        cortexpr::positive("C"));
    static constexpr auto vars = cortexpr::vars(
        "V",  // [mV]
        "m",  // sodium activation
        "h",  // sodium inactivation
        "n"); // potassium activation
    // GeNN names the rate locals `_a`/`_b`; ours are `a`/`b` (GeNN 5's scanner rejects
    // a leading underscore, and nothing here is called a or b).
    static constexpr cortexpr::code sim_code =
        "scalar Imem;\n"
        "unsigned int mt;\n"
        "scalar mdt = dt / 25.0;  // [ms] sub-step\n"
        "for (mt = 0; mt < 25; mt++) {\n"
        "    Imem = -(m * m * m * h * gNa * (V - (ENa)) +\n"
        "             n * n * n * n * gK * (V - (EK)) +\n"
        "             gl * (V - (El)) - Isyn);\n"
        "    scalar a;\n"
        "    if (V == -52.0) {\n"
        "        a = 1.28;\n"
        "    }\n"
        "    else {\n"
        "        a = 0.32 * (-52.0 - V) / (exp((-52.0 - V) / 4.0) - 1.0);\n"
        "    }\n"
        "    scalar b;\n"
        "    if (V == -25.0) {\n"
        "        b = 1.4;\n"
        "    }\n"
        "    else {\n"
        "        b = 0.28 * (V + 25.0) / (exp((V + 25.0) / 5.0) - 1.0);\n"
        "    }\n"
        "    m += (a * (1.0 - m) - b * m) * mdt;\n"
        "    a = 0.128 * exp((-48.0 - V) / 18.0);\n"
        "    b = 4.0 / (exp((-25.0 - V) / 5.0) + 1.0);\n"
        "    h += (a * (1.0 - h) - b * h) * mdt;\n"
        "    if (V == -50.0) {\n"
        "        a = 0.16;\n"
        "    }\n"
        "    else {\n"
        "        a = 0.032 * (-50.0 - V) / (exp((-50.0 - V) / 5.0) - 1.0);\n"
        "    }\n"
        "    b = 0.5 * exp((-55.0 - V) / 40.0);\n"
        "    n += (a * (1.0 - n) - b * n) * mdt;\n"
        "    V += Imem / C * mdt;\n"
        "}\n";
    static constexpr cortexpr::code threshold_condition_code = "V >= 0.0";
};

}  // namespace cortexpr::neuron
