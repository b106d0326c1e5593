// CUBA at dt 0.1 ms with in-degree 80: the second network of the same-network comparison
// (benchmarks/compare/). Brian2's documentation example CUBA in GeNN's per-step form, the
// same populations as examples/networks/vogels_abbott.hpp with other connectivity and
// weights:
//   N LIF neurons, E = 4N/5, I = N - E (C 1 nF, TauM 20 ms, Vrest -49, Vreset -60,
//   Vthresh -50 mV, TauRefrac 5 ms), V(0) ~ Uniform(-60, -50) mV;
//   E->E, E->I, I->E, I->I all FixedProbability (autapses allowed), p = 80/N;
//   g 0.081 nA (1.62 mV / 20 MOhm) and -0.45 nA (-9 mV / 20 MOhm); ExpCurr 5 / 10 ms.
// benchmarks/compare/genn_networks.py (cuba) and benchmarks/brian2/cuba.py build the same.
#pragma once
#include <algorithm>
#include <cstdint>

#include <cortexpr/cortexpr.hpp>

namespace cxbench {

namespace cuba {
inline constexpr double dt = 0.1;  // [ms]
inline double prob(std::uint32_t n) { return std::min(1.0, 80.0 / double(n)); }
}  // namespace cuba

inline auto make_cuba(std::uint32_t n) {
    using namespace cx::literals;
    using cx::init_sparse::FixedProbability;
    const std::uint32_t n_exc = std::uint32_t(std::uint64_t(n) * 4 / 5);
    const double p = cuba::prob(n);
    auto lif = [&]<cx::fixed_string Name>(std::uint32_t size) {
        return cx::population<Name, cx::neuron::LIF>(size,
            "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -49.0, "Vreset"_p = -60.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.0, "TauRefrac"_p = 5.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -60.0, "max"_p = -50.0), "RefracTime"_v = 0.0);
    };
    auto wu = [](double g) { return cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = g); };
    auto psm = [](double tau) { return cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = tau); };
    auto conn = [&] { return cx::sparse(cx::connect<FixedProbability>("prob"_p = p)); };
    return cx::network(
        lif.template operator()<"E">(n_exc),
        lif.template operator()<"I">(n - n_exc),
        cx::synapses<"EE", "E", "E">(conn(), wu(0.081), psm(5.0)),
        cx::synapses<"EI", "E", "I">(conn(), wu(0.081), psm(5.0)),
        cx::synapses<"IE", "I", "E">(conn(), wu(-0.45), psm(10.0)),
        cx::synapses<"II", "I", "I">(conn(), wu(-0.45), psm(10.0)));
}

}  // namespace cxbench
