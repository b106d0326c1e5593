// Networks and runs of the CPU-vs-CUDA plasticity and delay test
// (test_sim_plasticity_cuda.cu, cpu_reference_plasticity.cpp): STDP (presynaptic and
// postsynaptic learning) with axonal and back-propagation delays, dendritic delays
// (StaticPulseDendriticDelay, random d), conductance synapses (ExpCond, a neuron
// variable reference), an explicit connection list, and a user model that draws a
// random number per synapse and spike (streams keyed by synapse on both backends);
// postsynaptic spike-like events (a condition on the postsynaptic V, set_post) and their
// recording.
#pragma once
#include "sim_outcome.hpp"

namespace plasticity_test {
using namespace cx::literals;
using cuda_test::collect;
using cuda_test::values;

/// Transmits each presynaptic spike with probability p (one draw per synapse and spike).
struct Unreliable {
    static constexpr std::string_view name = "Unreliable";
    static constexpr auto params = cortexpr::params("p");
    static constexpr auto vars = cortexpr::vars("g");
    static constexpr cortexpr::code pre_spike_syn_code = "if (gennrand_uniform() < p) addToPost(g);\n";
};

/// Transmits spikes; learns on postsynaptic spike-like events (V above `level`): counts
/// them per synapse and moves g by the interval between the last two.
struct PostEventLearn {
    static constexpr std::string_view name = "PostEventLearn";
    static constexpr auto params = cortexpr::params("level");
    static constexpr auto vars = cortexpr::vars("g", "cnt");
    static constexpr auto post_neuron_var_refs = cortexpr::vars("V");
    static constexpr cortexpr::code pre_spike_syn_code = "addToPost(g);\n";
    static constexpr cortexpr::code post_event_threshold_condition_code = "V > level";
    static constexpr cortexpr::code post_event_syn_code =
        "cnt += 1.0;\n"
        "if (prev_set_post > 0.0) g = fmin(g + 0.001 * (set_post - prev_set_post), 1.0);\n";
};

template <cx::fixed_string Name>
auto lif(std::uint32_t n, double ioffset) {
    return cx::population<Name, cx::neuron::LIF>(
        n, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = ioffset,
        "TauRefrac"_p = 2.0, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0);
}

inline auto plastic_net() {
    std::vector<std::uint32_t> pre, post;
    for (std::uint32_t i = 0; i < 60; ++i)
        for (std::uint32_t j = (i * 7) % 11; j < 90; j += 13) { pre.push_back(i); post.push_back(j); }
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(120, "rate"_p = 40.0, "timeStepToSpike"_v = 0.0),
        lif<"Exc">(150, 0.3), lif<"Inh">(90, 0.2),
        cx::synapses<"InExc", "In", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.02, "Aminus"_p = 0.025,
                                            "Wmin"_p = 0.0, "Wmax"_p = 1.0,
                                            "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.2, "max"_p = 0.6)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.axonal_delay = 2, .back_prop_delay = 1}),
        cx::synapses<"InInhDense", "In", "Inh">(
            cx::dense(), cx::wu<cx::weight_update::STDP>("tauPlus"_p = 10.0, "tauMinus"_p = 30.0, "Aplus"_p = 0.01,
                                                         "Aminus"_p = 0.012, "Wmin"_p = 0.0, "Wmax"_p = 0.2, "g"_v = 0.05),
            cx::psm<cx::postsynaptic::ExpCond>("tau"_p = 5.0, "E"_p = 0.0)),
        cx::synapses<"ExcInh", "Exc", "Inh">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulseDendriticDelay>(
                "g"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.5, "sd"_p = 0.1),
                "d"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 4.99)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.axonal_delay = 1, .max_dendritic_delay = 5}),
        cx::synapses<"InhExc", "Inh", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
            cx::wu<Unreliable>("p"_p = 0.5, "g"_v = -0.6), cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 10.0)),
        cx::synapses<"ListInh", "In", "Inh">(
            cx::sparse(cx::connection_list{pre, post}), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.3),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.axonal_delay = 3}));
}

/// Poisson input onto LIF neurons through PostEventLearn, with a back-propagation delay.
inline auto post_event_net() {
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(80, "rate"_p = 50.0, "timeStepToSpike"_v = 0.0), lif<"Exc">(100, 0.2),
        cx::synapses<"InExc", "In", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
            cx::wu<PostEventLearn>("level"_p = -56.0, "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.2, "max"_p = 0.6), "cnt"_v = 0.0),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.back_prop_delay = 2}));
}

struct post_event_outcome {
    cuda_test::trains exc, events;
    std::vector<double> g, cnt;
    bool operator==(const post_event_outcome&) const = default;
};

template <class Sim>
post_event_outcome run_post_events(Sim& sim) {
    sim.template record_spikes<"Exc">(1000);
    sim.template record_spike_events<"Exc">(1000);
    sim.run(100.0);
    post_event_outcome o;
    o.exc = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"Exc">(b); });
    o.events = collect(sim, [](auto& s, std::uint32_t b) { return s.template post_spike_events<"InExc">(b); });
    o.g = values(sim.template var<"InExc", "g">());
    o.cnt = values(sim.template var<"InExc", "cnt">());
    return o;
}

post_event_outcome cpu_post_events(std::uint64_t seed, std::uint32_t batch);

struct outcome {
    cuda_test::trains in, exc, inh;
    std::vector<double> v_exc, v_inh, g_stdp, g_dense;
    bool operator==(const outcome&) const = default;
};

template <class Sim>
outcome run_plastic(Sim& sim) {
    sim.template record_spikes<"In">(1500);
    sim.template record_spikes<"Exc">(1500);
    sim.template record_spikes<"Inh">(1500);
    sim.run(150.0);
    outcome o;
    o.in = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"In">(b); });
    o.exc = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"Exc">(b); });
    o.inh = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"Inh">(b); });
    o.v_exc = values(sim.template var<"Exc", "V">());
    o.v_inh = values(sim.template var<"Inh", "V">());
    o.g_stdp = values(sim.template var<"InExc", "g">());
    o.g_dense = values(sim.template var<"InInhDense", "g">());
    return o;
}

outcome cpu_plastic(std::uint64_t seed, std::uint32_t batch);

}  // namespace plasticity_test
