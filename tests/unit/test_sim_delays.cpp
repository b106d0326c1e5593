// Axonal and dendritic delays on the CPU engine, against the timing rules of
// The step order (docs/api-quickref.md, "Semantics") and dendritic delays: a spike emitted in step n reaches the postsynaptic
// model's input (and so Isyn) in step n + 1 + D + d, where D is the group's axonal delay
// and d the synapse's dendritic delay; a dendritic delay d >= max_dendritic_delay is a
// run-time error naming the group and the value.
#include <catch2/catch.hpp>

#include <cortexpr/cortexpr.hpp>

#include <cstdint>
#include <string>
#include <vector>
#include "../support/probe_neuron.hpp"

using namespace cx::literals;

namespace delay_test {

using cortexpr::testing::Probe;  // tests/support/probe_neuron.hpp

/// Dendritic delay equal to the postsynaptic index, so one row of synapses covers
/// several delays at once.
struct DelayFromPost {
    static constexpr std::string_view name = "DelayFromPost";
    static constexpr cx::code var_init_code = "value = id_post;\n";
};

constexpr std::uint32_t n_post = 6;

// options by assignment: a designated initialiser would leave connectivity_seed to
// -Wmissing-field-initializers
cx::options opts(double dt, std::uint64_t seed) {
    cx::options o;
    o.dt = dt;
    o.seed = seed;
    return o;
}

/// Pre (1 neuron) -> PostDen (6) through StaticPulseDendriticDelay with d = id_post and
/// axonal delay D_den; Pre -> PostAx (1) through StaticPulse with axonal delay D_ax.
/// Weights are distinct powers of two so that a wrong slot would show as a wrong value.
auto make_net(std::uint32_t d_ax, std::uint32_t d_den, std::uint32_t max_den) {
    std::vector<std::uint32_t> pre(n_post, 0u), post;
    for (std::uint32_t j = 0; j < n_post; ++j) post.push_back(j);
    return cx::network(
        cx::population<"Pre", Probe>(1, "thr"_p = 1e30, "fire"_v = 0.0, "in"_v = 0.0),
        cx::population<"PostDen", Probe>(n_post, "thr"_p = 0.25, "fire"_v = 0.0, "in"_v = 0.0),
        cx::population<"PostAx", Probe>(1, "thr"_p = 0.25, "fire"_v = 0.0, "in"_v = 0.0),
        cx::synapses<"Den", "Pre", "PostDen">(
            cx::sparse(cx::connection_list{pre, post}),
            cx::wu<cx::weight_update::StaticPulseDendriticDelay>("g"_v = 0.5, "d"_v = cx::init<DelayFromPost>()),
            cx::psm<cx::postsynaptic::DeltaCurr>(),
            {.axonal_delay = d_den, .max_dendritic_delay = max_den}),
        cx::synapses<"Ax", "Pre", "PostAx">(
            cx::sparse(cx::connect<cx::init_sparse::OneToOne>()),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.75),
            cx::psm<cx::postsynaptic::DeltaCurr>(),
            {.axonal_delay = d_ax}));
}

}  // namespace delay_test

TEST_CASE("axonal and dendritic delays deliver a spike 1 + D + d steps after its emission", "[sim][delays]") {
    using namespace delay_test;
    struct setup { std::uint32_t d_ax, d_den, max_den; };
    // several axonal delays, with and without an axonal delay on the dendritic group;
    // max_dendritic_delay 6 is the smallest that holds d = 0..5
    const setup cases[] = {{0, 0, 6}, {1, 0, 6}, {3, 2, 7}, {7, 1, 6}, {12, 5, 10}};
    for (const auto& c : cases) {
        CAPTURE(c.d_ax, c.d_den, c.max_den);
        auto sim = cx::simulate<cx::cpu>(make_net(c.d_ax, c.d_den, c.max_den), opts(0.5, 3));
        sim.record_spikes<"Pre">(100);
        sim.record_spikes<"PostDen">(100);
        sim.record_spikes<"PostAx">(100);
        // Pre fires in steps 2 and 5: two spikes in flight at once through every delay
        const std::vector<std::uint64_t> emit = {2, 5};
        const std::uint64_t steps = 40;
        std::vector<std::vector<float>> in_den(steps), in_ax(steps);
        for (std::uint64_t n = 0; n < steps; ++n) {
            auto fire = sim.var<"Pre", "fire">();
            for (auto s : emit) if (s == n) { fire[0] = 1.0f; fire.push(); }
            sim.step();
            auto a = sim.var<"PostDen", "in">();
            auto b = sim.var<"PostAx", "in">();
            a.pull();
            b.pull();
            in_den[n].assign(a.begin(), a.end());
            in_ax[n].assign(b.begin(), b.end());
        }
        // expected input per step, from the rule alone
        std::vector<double> want_pre_times, want_den_times, want_ax_times;
        std::vector<std::uint32_t> want_den_ids;
        for (std::uint64_t n = 0; n < steps; ++n) {
            double ax = 0;
            for (auto s : emit) if (n == s + 1 + c.d_ax) ax += 0.75;
            REQUIRE(in_ax[n][0] == Approx(ax).margin(1e-7));
            if (ax > 0) want_ax_times.push_back(double(n) * 0.5);
            for (std::uint32_t j = 0; j < n_post; ++j) {
                double den = 0;
                for (auto s : emit) if (n == s + 1 + c.d_den + j) den += 0.5;
                INFO("step " << n << " post " << j);
                REQUIRE(in_den[n][j] == Approx(den).margin(1e-7));
                if (den > 0) { want_den_times.push_back(double(n) * 0.5); want_den_ids.push_back(j); }
            }
        }
        // spike times are n·dt of the emitting step; the postsynaptic neurons cross their
        // threshold in the very step the input arrives (threshold after sim_code)
        const auto pre = sim.spikes<"Pre">();
        REQUIRE(pre.times == std::vector<double>{1.0, 2.5});
        const auto ax = sim.spikes<"PostAx">();
        REQUIRE(ax.times == want_ax_times);
        const auto den = sim.spikes<"PostDen">();
        REQUIRE(den.times == want_den_times);
        REQUIRE(den.ids == want_den_ids);
    }
}

TEST_CASE("a dendritic delay at or beyond max_dendritic_delay is an error naming the group and value", "[sim][delays]") {
    using namespace delay_test;
    // d = id_post reaches 5; with 5 slots only d = 0..4 fit, so post 5 is out of range
    auto sim = cx::simulate<cx::cpu>(make_net(0, 0, 5), opts(1.0, 1));
    sim.step();  // nothing in flight: no error
    auto fire = sim.var<"Pre", "fire">();
    fire[0] = 1.0f;
    sim.step();  // the spike is emitted here ...
    try {
        sim.step();  // ... and propagated here
        FAIL("no error for d = 5 with max_dendritic_delay 5");
    } catch (const cx::error& e) {
        CHECK(e.group() == "Den");
        const std::string what = e.what();
        INFO(what);
        CHECK(what.find("Den") != std::string::npos);
        CHECK(what.find("5") != std::string::npos);
        CHECK(what.find("max_dendritic_delay") != std::string::npos);
    }
    // a group whose weight update uses addToPostDelay but that has no delay slots at all
    auto sim0 = cx::simulate<cx::cpu>(make_net(0, 0, 0), opts(1.0, 1));
    auto fire0 = sim0.var<"Pre", "fire">();
    fire0[0] = 1.0f;
    sim0.step();
    REQUIRE_THROWS_AS(sim0.step(), cx::error);
}
