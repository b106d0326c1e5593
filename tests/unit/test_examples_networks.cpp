// The example networks of examples/networks/ against docs/example-networks.md: the
// microcircuit's synapse counts and DC compensation against its derived tables,
// and short runs of Vogels-Abbott and a small microcircuit whose rates must lie in
// ranges derived from that description (the reasoning is next to each tolerance).
#include <catch2/catch.hpp>

#include <cmath>

#include "../../examples/networks/microcircuit.hpp"
#include "../../examples/networks/vogels_abbott.hpp"

namespace mc = cxnet::microcircuit;

TEST_CASE("microcircuit: projections, in-degrees and synapse counts of docs/example-networks.md d.5", "[examples][microcircuit]") {
    STATIC_REQUIRE(mc::num_projections == 54);
    CHECK(mc::in_degree(0, 0) == 2199);  // 23E -> 23E
    CHECK(mc::in_degree(2, 5) == 0);     // 5I -> 4E: int(0.32), dropped
    CHECK(mc::in_degree(7, 3) == 2);     // 4I -> 6I
    CHECK(mc::in_degree(4, 5) == 496);   // 5I -> 5E
    const mc::config full{};
    CHECK(mc::num_synapses(0, 0, full) == 45481917u);
    CHECK(mc::num_synapses(6, 7, full) == 10825040u);
    std::uint64_t total = 0;
    for (auto [t, s] : mc::projections) total += mc::num_synapses(t, s, full);
    CHECK(total == 298624465u);
    // scaled: round(K_in · 0.1 · round(0.1 · 20683))
    const mc::config tenth{.neuron_scale = 0.1, .connectivity_scale = 0.1};
    CHECK(mc::size(0, tenth) == 2068u);
    CHECK(mc::num_synapses(0, 0, tenth) == std::uint64_t(std::llround(2199 * 0.1 * 2068)));
}

TEST_CASE("microcircuit: full-scale input and DC compensation of docs/example-networks.md d.6", "[examples][microcircuit]") {
    const double i_full[] = {278.544, 464.414, 496.023, 545.438, 373.488, 425.726, 249.034, 506.539};
    for (std::size_t p = 0; p < mc::num_pops; ++p) CHECK_THAT(mc::full_input(p), Catch::WithinAbs(i_full[p], 5e-4));
    CHECK(mc::offset_current(0, mc::config{}) == 0.0);
    const mc::config c{.neuron_scale = 0.1, .connectivity_scale = 0.25};
    CHECK_THAT(mc::offset_current(3, c), Catch::WithinRel(0.001 * 0.5 * 0.5 * 545.438, 1e-5));
}

TEST_CASE("vogels_abbott: 2000 neurons, 200 ms, rates within the range the parameters allow", "[examples][vogels_abbott]") {
    auto net = cxnet::make_vogels_abbott(2000);
    cx::options opt;
    opt.dt = cxnet::vogels_abbott::dt;
    opt.seed = 7;
    auto sim = cx::simulate<cx::cpu>(std::move(net), opt);
    // in-degree 400 by default: p = 0.2 at 2000 neurons
    CHECK(cxnet::total_synapses(sim) > std::uint64_t(0.19 * 2000 * 2000));
    CHECK(cxnet::total_synapses(sim) < std::uint64_t(0.21 * 2000 * 2000));
    cxnet::spike_counter<cxnet::vogels_abbott::populations> counter;
    cxnet::run_counting(sim, 200.0, counter);
    const auto r = counter.rates(sim, 200.0);
    // Upper bound: without recurrent input every neuron is tonic (Vrest -49 > Vthresh -50)
    // with period TauRefrac + TauM·ln((Vreset - Vrest)/(Vthresh - Vrest)) = 5 + 20·ln 11 ms,
    // i.e. 18.88 Hz. The recurrent input is net inhibitory (charge per presynaptic spike
    // 320·0.0008·5 - 80·0.0102·10 < 0 pC), so the network must fire below that, and not
    // be silent (silence would remove all inhibition). Lower bound 1 Hz: the network self-
    // regulates to several Hz (about 7.5 Hz in our runs at 2000-4000 neurons).
    const double tonic = 1000.0 / (5.0 + 20.0 * std::log(11.0));
    for (double x : r) {
        CHECK(x > 1.0);
        CHECK(x < tonic);
    }
    // E and I neurons share the model and receive statistically identical input (same
    // in-degrees from E and I, same weights), so their rates agree to sampling noise
    // (400 I neurons · 0.2 s · ~7 Hz = ~560 spikes: ±4 %); 15 % allows for that.
    CHECK(std::abs(r[0] - r[1]) < 0.15 * r[0]);
}

TEST_CASE("microcircuit: scale 0.02, 200 ms, rates within a factor 3 of the reference rates", "[examples][microcircuit]") {
    const mc::config c{.neuron_scale = 0.02, .connectivity_scale = 0.02};
    cx::options opt;
    opt.dt = mc::dt;
    opt.seed = 3;
    auto sim = cx::simulate<cx::cpu>(cxnet::make_microcircuit(c), opt);
    std::uint64_t expected = 0;
    for (auto [t, s] : mc::projections) expected += mc::num_synapses(t, s, c);
    CHECK(cxnet::total_synapses(sim) == expected);
    cxnet::spike_counter<mc::populations> counter;
    cxnet::run_counting(sim, 200.0, counter);
    const auto r = counter.rates(sim, 200.0);
    // Factor 3 either way. At scale 0.02 the populations have 21 to 438 neurons, so 200 ms
    // hold only tens to hundreds of spikes per population (5I: 21 neurons at ~9 Hz, ~40
    // spikes, Poisson error ±16 %), and down-scaled connectivity keeps the mean input by
    // the DC compensation but not its fluctuations (van Albada et al. 2015), so rates
    // legitimately differ from the full-scale reference by tens of percent (ratios 0.6 to
    // 1.8 over seeds 1-3 here). A factor 3 still fails for a silent population, a runaway
    // one (the refractory limit is 500 Hz), a missing drive, or wrong weight signs.
    for (std::size_t p = 0; p < mc::num_pops; ++p) {
        INFO("population " << mc::populations::names[p] << ": " << r[p] << " Hz, reference " << mc::reference_rate[p]);
        CHECK(r[p] > mc::reference_rate[p] / 3.0);
        CHECK(r[p] < mc::reference_rate[p] * 3.0);
    }
}
