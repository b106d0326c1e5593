// Poisson spike source by exponential inter-spike intervals (GeNN 5 `Poisson`, GeNN 4.9 `PoissonNew`).
#pragma once
#include "../model_info.hpp"

namespace cortexpr::neuron {

/// Counts down the steps to the next arrival of a Poisson process. Several arrivals in
/// one step leave a negative residual that is carried, so the extra spikes come out in
/// the following steps: at most one spike per step, long-run rate exactly `rate` while
/// rate·dt/1000 < 1.
struct Poisson {
    static constexpr std::string_view name = "Poisson";
    static constexpr auto params = cortexpr::params("rate");  // [Hz]
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::at_least("rate", 0.0));
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("isi", "1000.0 / (rate * dt)"));  // [steps] mean interval
    static constexpr auto vars = cortexpr::vars("timeStepToSpike");  // [steps]
    static constexpr cortexpr::code sim_code =
        "if (timeStepToSpike <= 0.0) {\n"
        "    timeStepToSpike += isi * gennrand_exponential();\n"
        "}\n"
        "timeStepToSpike -= 1.0;\n";
    static constexpr cortexpr::code threshold_condition_code = "timeStepToSpike <= 0.0";
};

}  // namespace cortexpr::neuron
