// The two Izhikevich networks of docs/example-networks.md:
//   (a) four neurons in four firing regimes (GeNN's comp_neuro_101 tutorial 1);
//   (b) the 10 000-neuron pulse-coupled network, 80 % E / 20 % I (GeNN 4 tutorial 2).
#pragma once
#include <array>
#include <cstdint>

#include "common.hpp"

namespace cxnet {

namespace izhikevich_regimes {
inline constexpr double dt = 0.1;          // [ms]
inline constexpr double duration = 200.0;  // [ms] 2000 steps
using populations = population_list<"Neurons">;
inline constexpr std::array<const char*, 4> regime{"RS", "FS", "CH", "IB"};
/// a, b, c, d of neurons 0..3 (regular spiking, fast spiking, chattering, intrinsically bursting)
inline constexpr std::array<std::array<double, 4>, 4> abcd{{
    {0.02, 0.2, -65.0, 8.0}, {0.1, 0.2, -65.0, 2.0}, {0.02, 0.2, -50.0, 2.0}, {0.02, 0.2, -55.0, 4.0}}};

/// Sets the per-neuron a, b, c, d of population "Neurons" (they are read-only variables
/// of IzhikevichVariable, so they are written once after initialisation).
template <class Sim>
void set_regimes(Sim& sim) {
    auto a = sim.template var<"Neurons", "a">();
    auto b = sim.template var<"Neurons", "b">();
    auto c = sim.template var<"Neurons", "c">();
    auto d = sim.template var<"Neurons", "d">();
    for (std::size_t i = 0; i < 4; ++i) {
        a[i] = float(abcd[i][0]); b[i] = float(abcd[i][1]); c[i] = float(abcd[i][2]); d[i] = float(abcd[i][3]);
    }
    a.push(); b.push(); c.push(); d.push();
}
}  // namespace izhikevich_regimes

/// Four IzhikevichVariable neurons at V = -65, U = -20, driven by a DC source of 10 nA;
/// call izhikevich_regimes::set_regimes(sim) before the first step.
inline auto make_izhikevich_regimes() {
    using namespace cx::literals;
    return cx::network(
        cx::population<"Neurons", cx::neuron::IzhikevichVariable>(4,
            "V"_v = -65.0, "U"_v = -20.0, "a"_v = 0.0, "b"_v = 0.0, "c"_v = 0.0, "d"_v = 0.0),
        cx::source<"CurrentSource", "Neurons", cx::current_source::DC>("amp"_p = 10.0));
}

namespace izhikevich_network {
inline constexpr double dt = 1.0;           // [ms]
inline constexpr double duration = 1000.0;  // [ms]
using populations = population_list<"Exc", "Inh">;
}  // namespace izhikevich_network

/// The 10k-neuron network: 8000 Exc + 2000 Inh Izhikevich neurons with the same RS
/// parameters, V = -65, U ~ U(0, 20), DC 4.0 into each, sparse connectivity p = 0.1 (no
/// autapses within a population), global weights 0.05 / -0.25 through DeltaCurr, no delay.
/// `n_exc`, `n_inh` scale it (the spec's sizes by default).
inline auto make_izhikevich_network(std::uint32_t n_exc = 8000, std::uint32_t n_inh = 2000) {
    using namespace cx::literals;
    auto pop = [&]<cx::fixed_string Name>(std::uint32_t n) {
        return cx::population<Name, cx::neuron::Izhikevich>(n, "a"_p = 0.02, "b"_p = 0.2, "c"_p = -65.0, "d"_p = 8.0,
            "V"_v = -65.0, "U"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 20.0));
    };
    auto wu = [](double g) { return cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = g); };
    auto psm = [] { return cx::psm<cx::postsynaptic::DeltaCurr>(); };
    using cx::init_sparse::FixedProbability;
    using cx::init_sparse::FixedProbabilityNoAutapse;
    return cx::network(
        pop.template operator()<"Exc">(n_exc),
        pop.template operator()<"Inh">(n_inh),
        cx::source<"ExcStim", "Exc", cx::current_source::DC>("amp"_p = 4.0),
        cx::source<"InhStim", "Inh", cx::current_source::DC>("amp"_p = 4.0),
        cx::synapses<"Exc_Exc", "Exc", "Exc">(cx::sparse(cx::connect<FixedProbabilityNoAutapse>("prob"_p = 0.1)), wu(0.05), psm()),
        cx::synapses<"Exc_Inh", "Exc", "Inh">(cx::sparse(cx::connect<FixedProbability>("prob"_p = 0.1)), wu(0.05), psm()),
        cx::synapses<"Inh_Inh", "Inh", "Inh">(cx::sparse(cx::connect<FixedProbabilityNoAutapse>("prob"_p = 0.1)), wu(-0.25), psm()),
        cx::synapses<"Inh_Exc", "Inh", "Exc">(cx::sparse(cx::connect<FixedProbability>("prob"_p = 0.1)), wu(-0.25), psm()));
}

}  // namespace cxnet
