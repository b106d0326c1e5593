// Structural plasticity in the style of Deep R (Bellec et al. 2018): every synapse's
// weight does a random walk, a synapse whose weight falls below zero is removed, and each
// row regrows as many synapses as it lost, to random targets with a small positive
// weight, so the number of synapses stays fixed while the wiring changes.
//
// 100 Poisson inputs drive 50 LIF neurons through 10 synapses per input. After every
// epoch a custom connectivity update ("Rewire") rewires the rows; the program counts the
// synapses that changed (the (pre, post) pairs gone since the epoch before) and checks
// that the total stays 1000 and that every weight is non-negative after the update.
//
//   deep_r [epochs]        (default 5 epochs of 100 ms)
#include <cortexpr/cortexpr.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

using namespace cx::literals;

/// A weight that transmits and wanders: g += sigma·sqrt(dt)·N(0, 1) every step.
struct WanderingPulse {
    static constexpr std::string_view name = "WanderingPulse";
    static constexpr auto params = cx::params("sigma");
    static constexpr auto vars = cx::vars("g");
    static constexpr cx::code pre_spike_syn_code = "addToPost(g);";
    static constexpr cx::code synapse_dynamics_code = "g += sigma * sqrt(dt) * gennrand_normal();";
};

/// Deep R's rewiring step, one row at a time.
struct Rewire {
    static constexpr std::string_view name = "Rewire";
    static constexpr auto params = cx::params("g0");
    static constexpr auto var_refs = cx::var_refs(cx::var_ref("g", "scalar"));
    static constexpr cx::code row_update_code =
        "unsigned int gone = 0;\n"
        "for_each_synapse {\n"
        "    if (g < 0.0) { remove_synapse(); gone++; }\n"
        "}\n"
        "for (unsigned int n = 0; n < gone; n++) add_synapse(gennrand() % num_post, g0);\n";
};

int main(int argc, char** argv) {
    const int epochs = argc > 1 ? std::atoi(argv[1]) : 5;
    constexpr std::uint32_t n_in = 100, n_out = 50, per_row = 10;
    auto net = cx::network(
        cx::population<"In", cx::neuron::Poisson>(n_in, "rate"_p = 20.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Out", cx::neuron::LIF>(n_out, "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -70.0,
                                               "Vthresh"_p = -50.0, "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0, "V"_v = -65.0,
                                               "RefracTime"_v = 0.0),
        cx::synapses<"S", "In", "Out">(
            cx::sparse(cx::connect<cx::init_sparse::FixedNumberPostWithReplacement>("num"_p = per_row)),
            cx::wu<WanderingPulse>("sigma"_p = 0.02, "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 0.3)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        cx::connectivity_update<"R", "Rewire", "S", Rewire>("g0"_p = 0.05, "g"_r = cx::ref<"S", "g">));

    auto sim = cx::simulate<cx::cpu>(net, {.dt = 0.1, .seed = 7});
    sim.record_spikes<"Out">(std::uint32_t(epochs) * 1000);
    std::size_t rewired = 0;
    bool ok = true;
    for (int e = 0; e < epochs; ++e) {
        sim.run(100.0);
        auto before = sim.connections<"S">();
        sim.custom_update("Rewire");
        auto after = sim.connections<"S">();
        // pairs gone: the multiset difference (targets may repeat within a row)
        std::sort(before.begin(), before.end());
        std::sort(after.begin(), after.end());
        std::vector<std::pair<std::uint32_t, std::uint32_t>> gone;
        std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(gone));
        rewired += gone.size();
        std::size_t negative = 0;
        for (const auto& s : sim.synapse_values<"S", "g">()) negative += s.value < 0.0f;
        std::printf("epoch %d: %zu synapses rewired, %zu synapses, %zu negative weights\n", e + 1, gone.size(), after.size(), negative);
        ok = ok && after.size() == n_in * per_row && negative == 0;
    }
    const std::size_t spikes = sim.spikes<"Out">().ids.size();
    std::printf("Out fired %.1f Hz\n", double(spikes) / n_out / (epochs * 0.1));
    std::printf("total rewired: %zu, synapses: %zu\n", rewired, sim.synapse_count<"S">());
    return ok ? 0 : 1;
}
