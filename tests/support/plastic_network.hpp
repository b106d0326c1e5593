// A small plastic network with every kind of queue (axonal, dendritic and back-propagation
// delays, STDP, Poisson input, noise), and what must continue identically when its state is
// saved and restored: shared by the checkpoint and snapshot tests.
#pragma once

#include <cstdint>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cortexpr_test {

namespace cx = cortexpr;
using namespace cx::literals;

inline auto make_plastic(std::uint32_t n_exc) {
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(60, "rate"_p = 30.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(
            n_exc, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.3, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::source<"Noise", "Exc", cx::current_source::GaussianNoise>("mean"_p = 0.45, "sd"_p = 0.5),
        cx::synapses<"InExc", "In", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.3)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.02,
                                            "Aminus"_p = 0.025, "Wmin"_p = 0.0, "Wmax"_p = 1.0,
                                            "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.2, "max"_p = 0.6)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.axonal_delay = 3, .back_prop_delay = 2}),
        cx::synapses<"ExcExc", "Exc", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulseDendriticDelay>(
                "g"_v = 0.05, "d"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 7.0)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 2.0), {.max_dendritic_delay = 8}));
}

/// Everything that must continue identically: spikes of every batch entry and the state.
template <class Sim>
auto observed_state(Sim& sim) {
    struct state {
        std::vector<std::vector<double>> times;
        std::vector<std::vector<std::uint32_t>> ids;
        std::vector<float> v, refrac, g;
        std::uint64_t step;
        bool operator==(const state&) const = default;
    } s;
    for (std::uint32_t b = 0; b < sim.batch_size(); ++b)
        for (auto tr : {sim.template spikes<"In">(b), sim.template spikes<"Exc">(b)}) {
            s.times.push_back(tr.times);
            s.ids.push_back(tr.ids);
        }
    auto copy = [](auto v) { return std::vector<float>(v.begin(), v.end()); };
    s.v = copy(sim.template var<"Exc", "V">());
    s.g = copy(sim.template var<"InExc", "g">());
    s.refrac = copy(sim.template var<"Exc", "RefracTime">());
    s.step = sim.timestep();
    return s;
}

template <class Sim>
void record(Sim& sim) {
    sim.template record_spikes<"In">(4000);
    sim.template record_spikes<"Exc">(4000);
}

}  // namespace cortexpr_test
