// Networks and runs of the CPU-vs-CUDA neuron test (test_sim_neurons_cuda.cu,
// cpu_reference_neurons.cpp): LIF with DC and GaussianNoise, Izhikevich with PoissonExp
// current input, a Poisson population; and a network whose user models read `num_batch`
// and a weight update's `psm_var_refs` in every kind of code that has them, spike-like-event
// times and presynaptic variables read through an axonal delay.
#pragma once
#include "nets_inputs.hpp"
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

// ---- num_batch and psm_var_refs ------------------------------------------------------
/// Spikes every step; records num_batch.
struct Every {
    static constexpr std::string_view name = "Every";
    static constexpr auto vars = cx::vars("nb");
    static constexpr cx::code sim_code = "nb = num_batch;\n";
    static constexpr cx::code threshold_condition_code = "true";
};
/// x is a known function of t, the batch entry and num_batch.
struct TrackPsm {
    static constexpr std::string_view name = "TrackPsm";
    static constexpr auto vars = cx::vars("x");
    static constexpr cx::code sim_code = "x = t + (100.0 * batch) + num_batch;\ninjectCurrent(inSyn);\ninSyn = 0.0;\n";
};
/// Reads the PSM's x per synapse, reads and writes it per postsynaptic neuron.
struct ReadPsm {
    static constexpr std::string_view name = "ReadPsm";
    static constexpr auto vars = cx::vars("got");
    static constexpr auto pre_vars = cx::vars("pnb");
    static constexpr auto post_vars = cx::vars("seen");
    static constexpr auto psm_var_refs = cx::vars("x");
    static constexpr cx::code pre_spike_syn_code = "got = x + num_batch;\n";
    static constexpr cx::code pre_dynamics_code = "pnb = num_batch;\n";
    static constexpr cx::code post_dynamics_code = "seen = x;\nx += 1000.0;\n";
};
struct NbSource {
    static constexpr std::string_view name = "NbSource";
    static constexpr auto vars = cx::vars("lvl");
    static constexpr cx::code injection_code = "lvl = num_batch;\n";
};

/// c = n + 1 after step n.
struct Counter {
    static constexpr std::string_view name = "Counter";
    static constexpr auto vars = cx::vars("c");
    static constexpr cx::code sim_code = "c += 1.0;\n";
    static constexpr cx::code threshold_condition_code = "false";
};
/// Spike-like events in steps 2, 5, 8, ...; synaptic code records set_pre / prev_set_pre
/// and (the group has an axonal delay) the presynaptic c as of the emitting step.
struct EventsAndDelayedC {
    static constexpr std::string_view name = "EventsAndDelayedC";
    static constexpr auto vars = cx::vars("ds", "dps", "es", "dc");
    static constexpr auto pre_neuron_var_refs = cx::vars("c");
    static constexpr cx::code pre_event_threshold_condition_code = "fmod(c, 3.0) == 0.0";
    static constexpr cx::code pre_event_syn_code = "es = set_pre + c;\n";
    static constexpr cx::code synapse_dynamics_code = "ds = set_pre;\ndps = prev_set_pre;\ndc = c;\n";
};

inline auto names_net() {
    return cx::network(
        cx::population<"Src", Every>(5, "nb"_v = 0.0), cx::population<"Dst", Every>(4, "nb"_v = 0.0),
        cx::source<"Nb", "Dst", NbSource>("lvl"_v = 0.0),
        cx::synapses<"S", "Src", "Dst">(cx::dense(), cx::wu<ReadPsm>("got"_v = 0.0, "pnb"_v = 0.0, "seen"_v = 0.0),
                                       cx::psm<TrackPsm>("x"_v = 0.0)),
        cx::population<"Cnt", Counter>(3, "c"_v = 0.0),
        cx::synapses<"E", "Cnt", "Dst">(cx::dense(), cx::wu<EventsAndDelayedC>("ds"_v = 0.0, "dps"_v = 0.0, "es"_v = 0.0, "dc"_v = 0.0),
                                       cx::psm<cx::postsynaptic::DeltaCurr>(), {.axonal_delay = 2}));
}
struct names_outcome {
    std::vector<double> nb, lvl, pnb, seen, x, got, ds, dps, es, dc;
    bool operator==(const names_outcome&) const = default;
};
template <class Sim>
names_outcome run_names(Sim& sim) {
    for (int k = 0; k < 7; ++k) sim.step();
    return {values(sim.template var<"Src", "nb">()), values(sim.template var<"Nb", "lvl">()),
            values(sim.template var<"S", "pnb">()), values(sim.template var<"S", "seen">()),
            values(sim.template var<"S", "x">()), values(sim.template var<"S", "got">()),
            values(sim.template var<"E", "ds">()), values(sim.template var<"E", "dps">()),
            values(sim.template var<"E", "es">()), values(sim.template var<"E", "dc">())};
}
names_outcome cpu_names(std::uint32_t batch);
/// inputs_test::inputs_net() after 5 steps on the CPU (nets_inputs.hpp).
inputs_test::inputs_outcome cpu_inputs(std::uint32_t batch);
/// inputs_test::delayed_net(4) after 9 steps on the CPU.
inputs_test::delayed_outcome cpu_delayed(std::uint32_t batch);

}  // namespace neuron_test
