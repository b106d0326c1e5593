// GaussianNoise: a fresh normal draw of current per neuron per step.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::current_source {

/// The sd is not scaled with dt, so the effect on V depends on the step size (as in GeNN).
struct GaussianNoise {
    static constexpr std::string_view name = "GaussianNoise";
    static constexpr auto params = cortexpr::params(
        "mean",  // [nA]
        "sd");   // [nA]
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::at_least("sd", 0.0));
    static constexpr cortexpr::code injection_code = "injectCurrent(mean + (gennrand_normal() * sd));\n";
};

}  // namespace cortexpr::current_source
