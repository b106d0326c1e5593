// RulkovMap: map-based neuron (Rulkov 2002; 1-D form of Nowotny 2005).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::neuron {

/// The map has no dt; GeNN documents it for dt = 0.5 ms only. Vspike must be positive
/// (GeNN's comment says "typically -60 mV", but then the denominator vanishes at
/// V = -60); the Schmuker 2014 example uses Vspike 60, alpha 3, y -2.468, beta 0.0165.
/// A spike is one step at V = ip2 followed by one at -Vspike.
struct RulkovMap {
    static constexpr std::string_view name = "RulkovMap";
    static constexpr auto params = cortexpr::params(
        "Vspike",  // [mV] amplitude scale
        "alpha",   // map nonlinearity
        "y",       // map offset
        "beta");   // [MOhm] input scaling
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("ip0", "Vspike * Vspike * alpha"),
        cortexpr::derive("ip1", "Vspike * y"),
        cortexpr::derive("ip2", "(Vspike * alpha) + (Vspike * y)"));  // [mV] spike level
    static constexpr auto vars = cortexpr::vars(
        "V",      // [mV]
        "preV");  // [mV] V of the previous step
    static constexpr cortexpr::code sim_code =
        "if (V <= 0) {\n"
        "    preV = V;\n"
        "    V = ip0 / ((Vspike) - V - (beta) * Isyn) + ip1;\n"
        "}\n"
        "else {\n"
        "    if ((V < ip2) && (preV <= 0)) {\n"
        "        preV = V;\n"
        "        V = ip2;\n"
        "    }\n"
        "    else {\n"
        "        preV = V;\n"
        "        V = -(Vspike);\n"
        "    }\n"
        "}\n";
    static constexpr cortexpr::code threshold_condition_code = "V >= ip2";
};

}  // namespace cortexpr::neuron
