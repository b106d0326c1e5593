// Network and run of the CPU-vs-CUDA custom update test (test_sim_custom_updates_cuda.cu,
// cpu_reference_custom_updates.cpp): resets, noise, neuron and batch reductions, a
// transpose, a sparse per-synapse update, EGP and custom-update references, a dynamic
// parameter and a snapshot, between runs of a small network with spikes.
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
        cx::synapses<"Sp", "P", "H">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.3)),
                                     cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.0), cx::psm<cx::postsynaptic::DeltaCurr>()),
        cx::update<"IS", "Index", Index>("g"_r = cx::ref<"Sp", "g">),
        cx::update<"N", "Stats", RefNeuronSum>("x"_r = cx::ref<"H", "V">, "total"_r = cx::ref<"H", "M">),
        cx::update<"F", "Follow", Follow>("src"_r = cx::ref<"Z", "last">, "dst"_r = cx::ref<"H", "V">, "k"_er = cx::egp_target<"H", "scale">),
        cx::update<"Z", "Noise", Noisy>("sd"_p = 0.5, "last"_v = 0.0, "V"_r = cx::ref<"H", "V">),
        cx::update<"S", "Stats", NeuronStats>("sum"_v = 0.0, "max"_v = 0.0, "x"_r = cx::ref<"H", "V">),
        cx::update<"B", "Stats", BatchStats>("max"_v = 0.0, "x"_r = cx::ref<"H", "V">, "total"_r = cx::ref<"H", "G">),
        cx::update<"T", "Transpose", cx::custom_update::Transpose>("variable"_r = cx::transpose_ref<"Fwd", "g", "Back", "g">),
        cx::update<"R", "Reset", Reset>("value"_p = -60.0, "V"_r = cx::ref<"P", "V">));
}

/// What the run produced. `sums` are neuron reductions (sums over elements), which the
/// GPU adds in another order than the CPU (backend/cuda/custom_update_kernels.hpp): they
/// are compared within a tolerance, everything else exactly.
struct outcome {
    std::vector<double> v_p, v_h, g_h, back, max, bmax, last, sparse, restored;
    std::vector<double> sums;
    bool operator==(const outcome&) const = default;
};

template <class Sim>
outcome run_custom_updates(Sim& sim) {
    std::vector<double> scale(20);
    for (std::size_t i = 0; i < scale.size(); ++i) scale[i] = 0.1 * double(i) - 0.5;
    sim.template set_egp<"H", "scale">(scale);
    sim.custom_update("Index");
    outcome out;
    for (int k = 0; k < 3; ++k) {
        sim.run(5.0);
        sim.custom_update("Noise");
        sim.custom_update("Stats");
        sim.custom_update("Transpose");
        sim.custom_update("Reset");
        sim.template set_param<"R", "value">(-60.0 + k);  // a custom update's dynamic parameter
    }
    // a snapshot holds the custom updates' own state: the same draw again after restore()
    const auto snap = sim.snapshot();
    sim.custom_update("Noise");
    const auto once = values(sim.template custom_update_var<"Z", "last">());
    sim.restore(snap);
    sim.custom_update("Noise");
    out.restored = values(sim.template custom_update_var<"Z", "last">());
    if (out.restored != once) out.restored.clear();
    sim.custom_update("Follow");
    sim.run(2.0);
    sim.custom_update("Stats");
    out.v_p = values(sim.template var<"P", "V">());
    out.v_h = values(sim.template var<"H", "V">());
    out.g_h = values(sim.template var<"H", "G">());
    out.back = values(sim.template var<"Back", "g">());
    out.max = values(sim.template custom_update_var<"S", "max">());
    out.bmax = values(sim.template custom_update_var<"B", "max">());
    out.last = values(sim.template custom_update_var<"Z", "last">());
    for (const auto& s : sim.template synapse_values<"Sp", "g">()) out.sparse.push_back(s.value);
    out.sums = values(sim.template custom_update_var<"S", "sum">());
    for (double m : values(sim.template var<"H", "M">())) out.sums.push_back(m);
    return out;
}

outcome cpu_custom_updates(std::uint64_t seed, std::uint32_t batch);
}  // namespace custom_update_test
