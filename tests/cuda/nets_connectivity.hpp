// Networks and runs of the CPU-vs-CUDA connectivity test (test_sim_connectivity_cuda.cu,
// cpu_reference_connectivity.cpp): dense, sparse, bitmask, procedural (FixedProbability and
// FixedNumberTotal, whose row lengths the host draws) and toeplitz
// matrices, each group into its own population. Weights are multiples of 1/8 into
// DeltaCurr, so every sum is exact and the atomics of presynaptic propagation cannot
// change a bit; ExpCurr groups with random weights are compared with the postsynaptic
// span, which adds in the CPU's order.
#pragma once
#include "sim_outcome.hpp"

namespace conn_test {
using namespace cx::literals;
using cuda_test::collect;
using cuda_test::values;


template <cx::fixed_string Name>
auto post_pop(std::uint32_t n) {
    return cx::population<Name, cx::neuron::LIF>(
        n, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = 0.5,
        "TauRefrac"_p = 2.0, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0);
}

inline std::vector<double> kernel_values(std::size_t n) {
    std::vector<double> k(n);
    for (std::size_t i = 0; i < n; ++i) k[i] = double(int(i % 7) - 3) / 8.0 + 0.75;
    return k;
}

inline auto exact_net() {
    auto fp = [] { return cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2); };
    auto w = [] { return cx::wu<cx::weight_update::StaticPulse>("g"_v = 1.25); };
    auto d = [] { return cx::psm<cx::postsynaptic::DeltaCurr>(); };
    // 8x8x2 input, 3x3 kernel, 8x8x3 output (toeplitz Conv2D, stride 1, centred)
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(128, "rate"_p = 60.0, "timeStepToSpike"_v = 0.0),
        post_pop<"PDense">(50), post_pop<"PSparse">(300), post_pop<"PMask">(70), post_pop<"PProc">(90), post_pop<"PConv">(192),
        post_pop<"PProcT">(90),
        cx::synapses<"Dense", "In", "PDense">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.375), d()),
        cx::synapses<"Sparse", "In", "PSparse">(cx::sparse(fp()), w(), d()),
        cx::synapses<"Mask", "In", "PMask">(cx::bitmask(fp()), cx::wu<cx::weight_update::StaticPulseConstantWeight>("g"_p = 1.25), d()),
        cx::synapses<"Proc", "In", "PProc">(cx::procedural(fp()), w(), d()),
        // procedural FixedNumberTotal: the row lengths the mirror drew, regenerated rows on the device
        cx::synapses<"ProcT", "In", "PProcT">(
            cx::procedural(cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>("num"_p = 3000.0)), w(), d()),
        cx::synapses<"Conv", "In", "PConv">(
            cx::toeplitz(cx::connect_toeplitz<cx::init_toeplitz::Conv2D>("conv_kh"_p = 3, "conv_kw"_p = 3, "conv_ih"_p = 8, "conv_iw"_p = 8,
                                                                        "conv_ic"_p = 2, "conv_oh"_p = 8, "conv_ow"_p = 8, "conv_oc"_p = 3)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Kernel>("kernel"_e = kernel_values(3 * 3 * 2 * 3))),
            d()));
}

struct exact_outcome {
    cuda_test::trains dense, sparse, mask, proc, conv, proc_total;
    std::vector<double> v_sparse, v_conv;
    bool operator==(const exact_outcome&) const = default;
};

template <class Sim>
exact_outcome run_exact(Sim& sim) {
    sim.template record_spikes<"PDense">(1000);
    sim.template record_spikes<"PSparse">(1000);
    sim.template record_spikes<"PMask">(1000);
    sim.template record_spikes<"PProc">(1000);
    sim.template record_spikes<"PConv">(1000);
    sim.template record_spikes<"PProcT">(1000);
    sim.run(100.0);
    exact_outcome o;
    o.dense = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"PDense">(b); });
    o.sparse = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"PSparse">(b); });
    o.mask = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"PMask">(b); });
    o.proc = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"PProc">(b); });
    o.conv = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"PConv">(b); });
    o.proc_total = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"PProcT">(b); });
    o.v_sparse = values(sim.template var<"PSparse", "V">());
    o.v_conv = values(sim.template var<"PConv", "V">());
    return o;
}

inline auto exp_net() {
    auto g = [] { return cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.4, "sd"_p = 0.2)); };
    auto e = [] { return cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0); };
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(200, "rate"_p = 40.0, "timeStepToSpike"_v = 0.0),
        post_pop<"A">(120), post_pop<"B">(80),
        cx::synapses<"InA", "In", "A">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)), g(), e()),
        cx::synapses<"InB", "In", "B">(cx::dense(), g(), e()),
        cx::synapses<"AB", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::FixedNumberPostWithReplacement>("num"_p = 10)), g(), e()));
}

struct exp_outcome {
    cuda_test::trains a, b;
    std::vector<double> v_a, v_b, in_a;
    bool operator==(const exp_outcome&) const = default;
};

template <class Sim>
exp_outcome run_exp(Sim& sim) {
    sim.template record_spikes<"A">(2000);
    sim.template record_spikes<"B">(2000);
    sim.run(200.0);
    exp_outcome o;
    o.a = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"A">(b); });
    o.b = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"B">(b); });
    o.v_a = values(sim.template var<"A", "V">());
    o.v_b = values(sim.template var<"B", "V">());
    return o;
}

}  // namespace conn_test

namespace conn_test {
exact_outcome cpu_exact(std::uint64_t seed);
exp_outcome cpu_exp(std::uint64_t seed, std::uint32_t batch);
}  // namespace conn_test
