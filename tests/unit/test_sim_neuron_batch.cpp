// The CPU backend updates a population block by block, in vectorised loops, where its
// neighbours run no per-neuron code (backend/cpu/neuron_batch.hpp), with model code whose
// branches run both arms and keep one (dsl "speculation"). It must give the bits of the
// one-neuron-at-a-time update: here two populations of the same model with the same
// inputs, one of which (B) is kept on the one-at-a-time path by an outgoing group with a
// presynaptic spike code, are compared variable by variable and spike by spike; with and
// without fused inputs, a dendritic delay, a current source, 1 and 2 threads, and a size
// that leaves blocks of 256, 16 and a tail of 5.
#include <catch2/catch.hpp>

#include <cortexpr/cortexpr.hpp>
#include <cstdint>
#include <vector>

using namespace cx::literals;

namespace batch_models {

/// Nested if/else, ?:, && and ||, a local of the sim code read by the reset code, `id`.
struct Branchy {
    static constexpr std::string_view name = "Branchy";
    static constexpr auto params = cortexpr::params("I0");
    static constexpr auto vars = cortexpr::vars("V", "R", "U");
    static constexpr cortexpr::code sim_code =
        "const scalar drive = I0 + Isyn + 0.004 * id;\n"
        "if (R > 0.0) {\n"
        "    R -= dt;\n"
        "} else if (V > -55.0 && drive > 0.5) {\n"
        "    V += dt * (drive - 0.1 * (V + 65.0)) * 1.5;\n"
        "} else {\n"
        "    V += dt * (drive - 0.1 * (V + 65.0));\n"
        "}\n"
        "U = (V > -60.0 || R > 0.0) ? U + 0.01 * dt : U * 0.999;\n";
    static constexpr cortexpr::code threshold_condition_code = "V >= -50.0 && R <= 0.0";
    static constexpr cortexpr::code reset_code =
        "V = -65.0 + 0.1 * drive;\n"
        "R = 2.0;\n"
        "U += 0.1;\n";
};

/// Spikes when c reaches 3 (every third step from its initial value).
struct Pulser {
    static constexpr std::string_view name = "Pulser";
    static constexpr auto vars = cortexpr::vars("c");
    static constexpr cortexpr::code sim_code = "c += 1.0;\n";
    static constexpr cortexpr::code threshold_condition_code = "c >= 3.0";
    static constexpr cortexpr::code reset_code = "c = 0.0;\n";
};

/// c = id % 3 (spread phases).
struct Phase {
    static constexpr std::string_view name = "Phase";
    static constexpr cortexpr::code var_init_code = "value = id % 3;\n";
};

/// A presynaptic spike code: keeps its population on the one-at-a-time update.
struct CountPre {
    static constexpr std::string_view name = "CountPre";
    static constexpr auto pre_vars = cortexpr::vars("n");
    static constexpr cortexpr::code pre_spike_syn_code = "";
    static constexpr cortexpr::code pre_spike_code = "n += 1.0;\n";
};

}  // namespace batch_models

namespace {

constexpr std::uint32_t n = 256 + 16 + 5;

template <cx::fixed_string Pop>
auto target() {
    return cx::population<Pop, batch_models::Branchy>(n, "I0"_p = 0.45, "V"_v = -62.0, "R"_v = 0.0, "U"_v = 0.0);
}
auto one() { return cx::sparse(cx::connect<cx::init_sparse::OneToOne>()); }
template <cx::fixed_string Name, cx::fixed_string Pop>
auto exp_input(double g) {
    return cx::synapses<Name, "Drive", Pop>(one(), cx::wu<cx::weight_update::StaticPulse>("g"_v = g),
                                            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 2.0));
}
template <cx::fixed_string Name, cx::fixed_string Pop>
auto delayed_input() {
    return cx::synapses<Name, "Drive", Pop>(one(), cx::wu<cx::weight_update::StaticPulseDendriticDelay>("g"_v = 0.05, "d"_v = 3.0),
                                            cx::psm<cx::postsynaptic::DeltaCurr>(), {.max_dendritic_delay = 5});
}
template <cx::fixed_string Name, cx::fixed_string Pop, cx::fixed_string Sink>
auto mark() {
    return cx::synapses<Name, Pop, Sink>(one(), cx::wu<batch_models::CountPre>("n"_v = 0.0), cx::psm<cx::postsynaptic::DeltaCurr>());
}

// A and B: two ExpCurr inputs (fused with fuse_postsynaptic), a dendritic delay, a DC
// source; C and D: the two ExpCurr inputs only (inputs inside the neuron loop where not
// fused). B and D keep the one-at-a-time update (their outgoing Mark groups).
auto make_net() {
    namespace m = batch_models;
    return cx::network(
        cx::population<"Drive", m::Pulser>(n, "c"_v = cx::init<m::Phase>()),
        target<"A">(), target<"B">(), target<"C">(), target<"D">(),
        cx::population<"SinkB", m::Pulser>(n, "c"_v = 0.0), cx::population<"SinkD", m::Pulser>(n, "c"_v = 0.0),
        exp_input<"A1", "A">(0.3), exp_input<"A2", "A">(-0.1), delayed_input<"A3", "A">(),
        exp_input<"B1", "B">(0.3), exp_input<"B2", "B">(-0.1), delayed_input<"B3", "B">(),
        exp_input<"C1", "C">(0.3), exp_input<"C2", "C">(-0.1),
        exp_input<"D1", "D">(0.3), exp_input<"D2", "D">(-0.1),
        cx::source<"DcA", "A", cx::current_source::DC>("amp"_p = 0.05),
        cx::source<"DcB", "B", cx::current_source::DC>("amp"_p = 0.05),
        mark<"MarkB", "B", "SinkB">(), mark<"MarkD", "D", "SinkD">());
}

template <cx::fixed_string Pop, cx::fixed_string Var, class Sim>
std::vector<float> values(Sim& sim) {
    const auto v = sim.template var<Pop, Var>();
    return std::vector<float>(v.begin(), v.end());
}

}  // namespace

template <cx::fixed_string P, cx::fixed_string Q, class Sim>
void same_state(Sim& sim) {
    CHECK(values<P, "V">(sim) == values<Q, "V">(sim));
    CHECK(values<P, "R">(sim) == values<Q, "R">(sim));
    CHECK(values<P, "U">(sim) == values<Q, "U">(sim));
}

template <cx::fixed_string P, cx::fixed_string Q, class Sim>
std::uint64_t same_spikes(Sim& sim) {
    const auto a = sim.template current_spikes<P>();
    const auto b = sim.template current_spikes<Q>();
    CHECK(std::vector<std::uint32_t>(a.begin(), a.end()) == std::vector<std::uint32_t>(b.begin(), b.end()));
    return a.size();
}

TEST_CASE("batched CPU neuron update: the bits of the one-at-a-time update", "[neuron_batch]") {
    std::vector<float> first_a, first_c;
    for (const bool fuse : {false, true}) {
        for (const int threads : {1, 2}) {
            CAPTURE(fuse, threads);
            auto sim = cx::simulate<cx::cpu>(make_net(), {.dt = 0.1, .threads = threads, .fuse_postsynaptic = fuse, .min_per_thread = 64});
            std::uint64_t spikes_a = 0, spikes_c = 0, refractory = 0;
            for (int k = 0; k < 400; ++k) {
                sim.step();
                spikes_a += same_spikes<"A", "B">(sim);
                spikes_c += same_spikes<"C", "D">(sim);
                for (float r : values<"A", "R">(sim)) refractory += r > 0.0f;
            }
            same_state<"A", "B">(sim);
            same_state<"C", "D">(sim);
            // the code took its branches: spikes (reset), refractory steps
            CHECK(spikes_a > n);
            CHECK(spikes_c > n);
            CHECK(refractory > 0);
            // and the same on 1 and 2 threads
            if (first_a.empty()) {
                first_a = values<"A", "V">(sim);
                first_c = values<"C", "V">(sim);
            } else if (!fuse) {
                CHECK(values<"A", "V">(sim) == first_a);
                CHECK(values<"C", "V">(sim) == first_c);
            }
        }
    }
}
