// ExpCurr: exponentially decaying current.
#pragma once
#include "../model_info.hpp"

namespace cortexpr::postsynaptic {

/// Injected in the arrival step already; `init` scales the sum of init·w·expDecay^k·dt
/// to w·tau, so a weight is the peak [nA] of the equivalent continuous current.
struct ExpCurr {
    static constexpr std::string_view name = "ExpCurr";
    static constexpr auto params = cortexpr::params("tau");  // [ms]
    static constexpr auto param_domains = cortexpr::domains(
        cortexpr::positive("tau"));
    static constexpr auto derived = cortexpr::derived_params(
        cortexpr::derive("expDecay", "exp(-dt / tau)"),
        cortexpr::derive("init", "(tau / dt) * (1.0 - exp(-dt / tau))"));
    static constexpr cortexpr::code sim_code =
        "injectCurrent(init * inSyn);\n"
        "inSyn *= expDecay;\n";
};

}  // namespace cortexpr::postsynaptic
