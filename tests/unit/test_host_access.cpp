// Host access: views of inSyn, the dendritic delay ring and spike times; per-element
// initial values from arrays; capacity helpers with parameters by name; the variable
// recorder. Expectations are analytic (the LIF membrane's exact solution, an ExpCurr
// input's decay) or independent of the path under test (the spike recording).
#include <catch2/catch.hpp>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include <cortexpr/cortexpr.hpp>

using namespace cx::literals;
using Catch::Matchers::Contains;

namespace {
// LIF with a threshold it never reaches: V_n = alpha - ExpTC^n (alpha - V_0),
// alpha = Ioffset * TauM / C + Vrest = -60, ExpTC = exp(-dt / TauM).
template <class V0>
auto lif_net(V0 v0) {
    return cx::network(cx::population<"P", cx::neuron::LIF>(4, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -70.0, "Vreset"_p = -70.0,
                                                             "Vthresh"_p = 100.0, "Ioffset"_p = 0.5, "TauRefrac"_p = 2.0,
                                                             "V"_v = v0, "RefracTime"_v = 0.0));
}
double lif_v(double v0, std::uint64_t steps) { return -60.0 - std::pow(std::exp(-0.1 / 20.0), double(steps)) * (-60.0 - v0); }
}  // namespace

TEST_CASE("host access: array initial values and the variable recorder against the LIF solution", "[sim][host_access][recorder]") {
    const std::vector<double> v0{-70.0, -65.0, -62.5, -55.0};
    auto sim = cx::simulate<cx::cpu, double>(lif_net(v0), {.dt = 0.1, .seed = 1, .batch = 2});
    auto v = sim.var<"P", "V">();
    for (std::uint32_t b = 0; b < 2; ++b)
        for (std::size_t i = 0; i < v0.size(); ++i) REQUIRE(v.batch(b)[i] == v0[i]);

    sim.run(1.0);                      // 10 steps
    sim.record_var<"P", "V">(3, 4);    // samples at steps 10, 13, ..., 40; the last 4 kept
    sim.run(3.0);
    for (std::uint32_t b = 0; b < 2; ++b) {
        const auto tr = sim.var_trace<"P", "V">(b);
        REQUIRE(tr.size() == 4);
        REQUIRE(tr.n == 4);
        for (std::size_t k = 0; k < 4; ++k) {
            const std::uint64_t step = 31 + 3 * k;
            REQUIRE(tr.times[k] == Approx(double(step) * 0.1).margin(1e-12));
            for (std::size_t i = 0; i < 4; ++i) REQUIRE(tr[k][i] == Approx(lif_v(v0[i], step)).margin(1e-9));
        }
    }
    // step() samples as run() does; a new recording replaces the old one
    sim.record_var<"P", "V">(1, 10);
    sim.step();
    sim.step();
    const auto tr = sim.var_trace<"P", "V">();
    REQUIRE(tr.size() == 3);
    REQUIRE(tr[2][3] == Approx(lif_v(v0[3], 42)).margin(1e-9));
    REQUIRE(tr[2][3] == sim.var<"P", "V">()[3]);
    REQUIRE_THROWS_WITH((sim.var_trace<"P", "RefracTime">()), Contains("P") && Contains("RefracTime") && Contains("record_var"));
    REQUIRE_THROWS_WITH((sim.record_var<"P", "V">(0, 10)), Contains("interval"));
}

TEST_CASE("host access: array initial values are checked and reach synapse variables", "[sim][host_access][init]") {
    // a size mismatch names the group, the variable and both sizes
    REQUIRE_THROWS_WITH((cx::simulate<cx::cpu>(lif_net(std::vector<double>{-70.0, -65.0, -60.0}))),
                        Contains("P.V") && Contains("3 elements") && Contains("has 4"));

    // a dense weight-update variable: row-major [pre][post]
    const std::vector<float> g{1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
    auto dense = cx::network(
        cx::population<"A", cx::neuron::Poisson>(2, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::population<"B", cx::neuron::Poisson>(3, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::synapses<"S", "A", "B">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = std::span<const float>(g)),
                                    cx::psm<cx::postsynaptic::DeltaCurr>()));
    auto sim = cx::simulate<cx::cpu>(dense);
    const auto sv = sim.synapse_values<"S", "g">();
    REQUIRE(sv.size() == 6);
    for (const auto& s : sv) REQUIRE(s.value == g[s.pre * 3 + s.post]);

    // sparse rows have no order before they are built
    auto sparse = cx::network(
        cx::population<"A", cx::neuron::Poisson>(2, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::population<"B", cx::neuron::Poisson>(3, "rate"_p = 0.0, "timeStepToSpike"_v = 0.0),
        cx::synapses<"S", "A", "B">(cx::sparse(cx::connect<cx::init_sparse::OneToOne>()),
                                    cx::wu<cx::weight_update::StaticPulse>("g"_v = std::vector<double>{1.0, 2.0}),
                                    cx::psm<cx::postsynaptic::DeltaCurr>()));
    REQUIRE_THROWS_WITH(cx::simulate<cx::cpu>(sparse), Contains("S") && Contains("g") && Contains("sparse"));
}

TEST_CASE("host access: inSyn, the dendritic delay ring and spike times", "[sim][host_access][views]") {
    auto net = cx::network(
        cx::population<"Src", cx::neuron::SpikeSourceArray>(1, "startSpike"_v = 0.0, "endSpike"_v = 2.0,
                                                            "spikeTimes"_e = std::vector<double>{2.0, 3.0}),
        cx::population<"Post", cx::neuron::LIF>(2, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -70.0, "Vreset"_p = -70.0,
                                                 "Vthresh"_p = 100.0, "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0, "V"_v = -70.0,
                                                 "RefracTime"_v = 0.0),
        cx::synapses<"S", "Src", "Post">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.5),
                                         cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        cx::synapses<"D", "Src", "Post">(cx::dense(), cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.5),
                                         cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.max_dendritic_delay = 3}));
    auto sim = cx::simulate<cx::cpu, double>(net, {.dt = 0.1});
    sim.record_spikes<"Src">(100);

    // inSyn written from the host decays as exp(-dt / tau) per step (no spikes before 2 ms)
    auto in = sim.in_syn<"S">();
    REQUIRE(in.size() == 2);
    in[1] = 3.0;
    in.push();
    sim.run(0.2);
    in.pull();
    const double a = in[1];
    REQUIRE(a > 0.0);
    REQUIRE(in[0] == 0.0);
    sim.run(0.2);
    in.pull();
    REQUIRE(in[1] / a == Approx(std::exp(-0.2 / 5.0)).epsilon(1e-9));

    // the dendritic ring: what is written there reaches inSyn within max_dendritic_delay steps
    auto den = sim.dendritic_delay<"D">();
    REQUIRE(den.size() == 3 * 2);
    for (auto& x : den) x = 1.0;
    den.push();
    REQUIRE(sim.in_syn<"D">()[0] == 0.0);
    sim.run(0.3);
    for (double x : sim.dendritic_delay<"D">()) REQUIRE(x == 0.0);
    REQUIRE(sim.in_syn<"D">()[0] > 0.0);
    REQUIRE_THROWS_WITH(sim.dendritic_delay<"S">(), Contains("S") && Contains("max_dendritic_delay"));

    // spike times against the spike recording: the latest and the one before
    auto st = sim.spike_times<"Src">();
    REQUIRE(st[0] < -1e30);  // never spiked yet
    sim.run(4.0);
    const auto tr = sim.spikes<"Src">();
    REQUIRE(tr.times.size() == 2);
    REQUIRE(sim.spike_times<"Src">()[0] == tr.times[1]);
    REQUIRE(sim.prev_spike_times<"Src">()[0] == tr.times[0]);
}

TEST_CASE("host access: capacity helpers take the snippet's parameters by name", "[host_access][capacity]") {
    const std::uint32_t fp = cx::max_row_length<cx::init_sparse::FixedProbability>(1000, 800, "prob"_p = 0.1);
    const double prob[] = {0.1};
    REQUIRE(fp == cx::init_sparse::FixedProbability::max_row_length(1000, 800, prob));
    REQUIRE(fp > 80);
    REQUIRE(fp < 800);
    REQUIRE(cx::max_col_length<cx::init_sparse::FixedProbability>(1000, 800, "prob"_p = 0.1) ==
            cx::init_sparse::FixedProbability::max_col_length(1000, 800, prob));
    REQUIRE(cx::max_row_length<cx::init_sparse::FixedNumberPostWithReplacement>(10, 50, "num"_p = 7) == 7);
    REQUIRE(cx::max_row_length(cx::connect<cx::init_sparse::OneToOne>(), 10, 10) == 1);
}
