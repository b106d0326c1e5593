// The Vogels-Abbott (CUBA) benchmark network as GeNN's va_benchmark builds it
// (docs/example-networks.md (c)), for any number of neurons.
//
//   auto net = cxnet::make_vogels_abbott(4000);          // the spec's network
//   auto sim = cx::simulate<cx::cpu>(net, {.dt = cxnet::vogels_abbott::dt, .seed = 1});
//   cxnet::spike_counter<cxnet::vogels_abbott::populations> counter;
//
// Scaling with N (E:I stays 4:1): the spec's weights are GeNN's
// scale = (4000/N)·(0.02/p) times 4.0e-3 and -51.0e-3 nA. By default p = 0.1·4000/N, so
// the mean in-degree stays at the spec's 400 (320 E + 80 I) and scale stays 0.2, i.e. the
// weights keep the spec's values for every N: every neuron sees the same input
// statistics as in the 4000-neuron network, and the cost grows linearly with N (this is
// also what benchmarks/brian2/vogels_abbott.py does). Passing `prob` keeps p fixed
// instead and rescales the weights by 4000/N, as GeNN's va_benchmark parameters.h does
// (in-degree then grows with N, and so does the cost per neuron).
#pragma once
#include <algorithm>
#include <cstdint>

#include "common.hpp"

namespace cxnet {

namespace vogels_abbott {
inline constexpr double dt = 1.0;                 // [ms]
using populations = population_list<"E", "I">;    // names, for spike_counter and printing
/// Connection probability by default: in-degree 400 whatever N.
inline double default_prob(std::uint32_t n) { return std::min(1.0, 0.1 * 4000.0 / double(n)); }
}  // namespace vogels_abbott

/// The Vogels-Abbott network with `n` neurons (E = 4n/5, I = the rest) and connection
/// probability `prob` (<= 0: vogels_abbott::default_prob(n)). Sparse matrices (narrow
/// indices are chosen by the backend), constant weights, no axonal delay (1 step latency).
inline auto make_vogels_abbott(std::uint32_t n = 4000, double prob = 0.0) {
    using namespace cx::literals;
    using cx::init_sparse::FixedProbability;
    using cx::init_sparse::FixedProbabilityNoAutapse;
    const std::uint32_t n_exc = std::uint32_t(std::uint64_t(n) * 4 / 5);
    const std::uint32_t n_inh = n - n_exc;
    const double p = prob > 0 ? prob : vogels_abbott::default_prob(n);
    const double scale = (4000.0 / double(n)) * (0.02 / p);
    const double g_exc = 4.0e-3 * scale;   // [nA] 0.0008 at the spec's size
    const double g_inh = -51.0e-3 * scale;  // [nA] -0.0102

    // Vrest above Vthresh: every neuron is tonically active (the model's stand-in for a
    // constant drive); V starts uniformly between reset and threshold.
    auto lif = [&]<cx::fixed_string Name>(std::uint32_t size) {
        return cx::population<Name, cx::neuron::LIF>(size,
            "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -49.0, "Vreset"_p = -60.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.0, "TauRefrac"_p = 5.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -60.0, "max"_p = -50.0), "RefracTime"_v = 0.0);
    };
    auto wu = [](double g) { return cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = g); };
    auto psm = [](double tau) { return cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = tau); };
    return cx::network(
        lif.template operator()<"E">(n_exc),
        lif.template operator()<"I">(n_inh),
        cx::synapses<"EE", "E", "E">(cx::sparse(cx::connect<FixedProbabilityNoAutapse>("prob"_p = p)), wu(g_exc), psm(5.0)),
        cx::synapses<"EI", "E", "I">(cx::sparse(cx::connect<FixedProbability>("prob"_p = p)), wu(g_exc), psm(5.0)),
        cx::synapses<"II", "I", "I">(cx::sparse(cx::connect<FixedProbabilityNoAutapse>("prob"_p = p)), wu(g_inh), psm(10.0)),
        cx::synapses<"IE", "I", "E">(cx::sparse(cx::connect<FixedProbability>("prob"_p = p)), wu(g_inh), psm(10.0)));
}

}  // namespace cxnet
