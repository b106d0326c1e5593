// Network and run of the CPU-vs-CUDA custom update test (test_sim_custom_updates_cuda.cu,
// cpu_reference_custom_updates.cpp): resets, noise, neuron and batch reductions and a
// transpose between runs of a small network with spikes.
#pragma once
#include "sim_outcome.hpp"

#include <custom_update_models.hpp>

namespace custom_update_test {
using namespace cx::literals;
using namespace cu_models;
using cuda_test::values;

inline auto custom_update_net() {
    return cx::network(
        cx::population<"P", cx::neuron::LIF>(
            50, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = 0.0,
            "TauRefrac"_p = 2.0, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::source<"DC", "P", cx::current_source::DC>("amp"_p = 0.9),
        cx::population<"H", Hold>(20, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -2.0, "max"_p = 3.0), "G"_v = 0.0, "M"_v = 0.0),
        cx::synapses<"Fwd", "P", "H">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 0.1)),
                                      cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::synapses<"Back", "H", "P">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::update<"Z", "Noise", Noisy>("sd"_p = 0.5, "last"_v = 0.0, "V"_r = cx::ref<"H", "V">),
        cx::update<"S", "Stats", NeuronStats>("sum"_v = 0.0, "max"_v = 0.0, "x"_r = cx::ref<"H", "V">),
        cx::update<"B", "Stats", BatchStats>("max"_v = 0.0, "x"_r = cx::ref<"H", "V">, "total"_r = cx::ref<"H", "G">),
        cx::update<"T", "Transpose", cx::custom_update::Transpose>("variable"_r = cx::transpose_ref<"Fwd", "g", "Back", "g">),
        cx::update<"R", "Reset", Reset>("value"_p = -60.0, "V"_r = cx::ref<"P", "V">));
}

struct outcome {
    std::vector<double> v_p, v_h, g_h, back, sum, max, bmax, last;
    bool operator==(const outcome&) const = default;
};

template <class Sim>
outcome run_custom_updates(Sim& sim) {
    for (int k = 0; k < 3; ++k) {
        sim.run(5.0);
        sim.custom_update("Noise");
        sim.custom_update("Stats");
        sim.custom_update("Transpose");
        sim.custom_update("Reset");
    }
    sim.run(2.0);
    return {values(sim.template var<"P", "V">()), values(sim.template var<"H", "V">()), values(sim.template var<"H", "G">()),
            values(sim.template var<"Back", "g">()), values(sim.template custom_update_var<"S", "sum">()),
            values(sim.template custom_update_var<"S", "max">()), values(sim.template custom_update_var<"B", "max">()),
            values(sim.template custom_update_var<"Z", "last">())};
}

outcome cpu_custom_updates(std::uint64_t seed, std::uint32_t batch);
}  // namespace custom_update_test
