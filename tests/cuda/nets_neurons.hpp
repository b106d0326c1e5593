// Networks and runs of the CPU-vs-CUDA neuron test (test_sim_neurons_cuda.cu,
// cpu_reference_neurons.cpp): LIF with DC and GaussianNoise, Izhikevich with PoissonExp
// current input, a Poisson population.
#pragma once
#include "sim_outcome.hpp"

namespace neuron_test {
using namespace cx::literals;
using cuda_test::collect;
using cuda_test::values;

inline auto neuron_net() {
    return cx::network(
        cx::population<"LIF", cx::neuron::LIF>(
            333, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = 0.0,
            "TauRefrac"_p = 2.0, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::source<"DC", "LIF", cx::current_source::DC>("amp"_p = 0.9),
        cx::source<"Noise", "LIF", cx::current_source::GaussianNoise>("mean"_p = 0.0, "sd"_p = 0.3),
        cx::population<"Izh", cx::neuron::Izhikevich>(
            70, "a"_p = 0.02, "b"_p = 0.2, "c"_p = -65.0, "d"_p = 8.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -70.0, "max"_p = -60.0), "U"_v = -14.0),
        cx::source<"PoissonIn", "Izh", cx::current_source::PoissonExp>("weight"_p = 4.0, "tauSyn"_p = 2.0, "rate"_p = 300.0,
                                                                       "current"_v = 0.0),
        cx::population<"Poisson", cx::neuron::Poisson>(1000, "rate"_p = 25.0, "timeStepToSpike"_v = 0.0));
}

struct outcome {
    cuda_test::trains lif, izh, poisson;
    std::vector<double> v_lif, refrac, v_izh, u_izh, current, tts;
    bool operator==(const outcome&) const = default;
};

template <class Sim>
outcome run_neurons(Sim& sim) {
    sim.template record_spikes<"LIF">(1500);
    sim.template record_spikes<"Izh">(1500);
    sim.template record_spikes<"Poisson">(1500);
    sim.run(150.0);
    outcome o;
    o.lif = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"LIF">(b); });
    o.izh = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"Izh">(b); });
    o.poisson = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"Poisson">(b); });
    o.v_lif = values(sim.template var<"LIF", "V">());
    o.refrac = values(sim.template var<"LIF", "RefracTime">());
    o.v_izh = values(sim.template var<"Izh", "V">());
    o.u_izh = values(sim.template var<"Izh", "U">());
    o.current = values(sim.template var<"PoissonIn", "current">());
    o.tts = values(sim.template var<"Poisson", "timeStepToSpike">());
    return o;
}

outcome cpu_neurons(std::uint64_t seed, std::uint32_t batch);

}  // namespace neuron_test
