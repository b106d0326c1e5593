// Determinism of the CPU backend (issue 3, item 7): for a given seed the spikes and the
// state are identical for 1, 2 and 4 threads and between two runs; another seed gives
// another run. The network has every source of randomness and every parallel loop the
// engine has: Poisson input, noisy LIF neurons (GaussianNoise), random initial values,
// FixedProbability sparse connectivity, and STDP (presynaptic and postsynaptic learning)
// on one group, and synapses that draw random numbers per spike (stochastic release),
// among them repeated (pre, post) pairs (FixedNumberTotalWithReplacement).
// options::min_per_thread is lowered to 40 so that these small populations really are
// split between the threads (by default a loop needs 4096 elements per thread): In (120)
// and Exc (301) split, Inh (77) runs whole on one member of the team, not the first.
//
// The unit tests link cortexpr::openmp (cmake/CortexprTesting.cmake), so options::threads
// really changes the number of OpenMP threads here when the compiler has OpenMP.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

/// Transmits each presynaptic spike with probability p (one draw per synapse and spike).
struct Unreliable {
    static constexpr std::string_view name = "Unreliable";
    static constexpr auto params = cortexpr::params("p");
    static constexpr auto vars = cortexpr::vars("g");
    static constexpr cortexpr::code pre_spike_syn_code = "if (gennrand_uniform() < p) addToPost(g);\n";
};

auto make_net() {
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(120, "rate"_p = 40.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(
            301, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.3, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::population<"Inh", cx::neuron::LIF>(
            77, "C"_p = 1.0, "TauM"_p = 10.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.2, "TauRefrac"_p = 1.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::source<"ExcNoise", "Exc", cx::current_source::GaussianNoise>("mean"_p = 0.4, "sd"_p = 0.5),
        cx::source<"InhNoise", "Inh", cx::current_source::GaussianNoise>("mean"_p = 0.4, "sd"_p = 0.5),
        cx::synapses<"InExc", "In", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.02,
                                            "Aminus"_p = 0.025, "Wmin"_p = 0.0, "Wmax"_p = 1.0,
                                            "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.2, "max"_p = 0.6)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.axonal_delay = 2}),
        cx::synapses<"ExcInh", "Exc", "Inh">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = cx::init<cx::init_var::Normal>("mean"_p = 0.5, "sd"_p = 0.1)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        // with replacement: about a fifth of these synapses repeat a (pre, post) pair, and
        // each repeat draws for itself (tests/unit/test_sim_multapses.cpp)
        cx::synapses<"InInh", "In", "Inh">(
            cx::sparse(cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>("num"_p = 4620.0)),
            cx::wu<Unreliable>("p"_p = 0.3, "g"_v = 0.4),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0)),
        cx::synapses<"InhExc", "Inh", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.2)),
            cx::wu<cx::weight_update::StaticPulse>("g"_v = -0.6),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 10.0)));
}

/// Everything a run produces that could depend on the thread count.
struct outcome {
    std::vector<std::vector<double>> times;
    std::vector<std::vector<std::uint32_t>> ids;
    std::vector<float> v_exc, v_inh, refrac_exc, poisson, g;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> conn;
    bool operator==(const outcome&) const = default;
};

outcome simulate(std::uint64_t seed, int threads, std::uint32_t batch = 2) {
    auto sim = cx::simulate<cx::cpu>(make_net(), {.dt = 0.1, .seed = seed, .batch = batch, .threads = threads, .min_per_thread = 40});
    REQUIRE(sim.engine().threads() == threads);
    sim.record_spikes<"In">(2000);
    sim.record_spikes<"Exc">(2000);
    sim.record_spikes<"Inh">(2000);
    sim.run(150.0);
    outcome o;
    for (std::uint32_t b = 0; b < batch; ++b) {
        for (auto tr : {sim.spikes<"In">(b), sim.spikes<"Exc">(b), sim.spikes<"Inh">(b)}) {
            o.times.push_back(tr.times);
            o.ids.push_back(tr.ids);
        }
    }
    auto copy = [](auto v) { return std::vector<float>(v.begin(), v.end()); };
    o.v_exc = copy(sim.var<"Exc", "V">());
    o.v_inh = copy(sim.var<"Inh", "V">());
    o.refrac_exc = copy(sim.var<"Exc", "RefracTime">());
    o.poisson = copy(sim.var<"In", "timeStepToSpike">());
    o.g = copy(sim.var<"InExc", "g">());
    o.conn = sim.connections<"InExc">();
    return o;
}

}  // namespace

TEST_CASE("sim determinism: identical spikes and state for 1, 2 and 4 threads and between runs", "[sim][determinism]") {
#if !defined(_OPENMP)
    WARN("built without OpenMP: options::threads does not change the number of threads here");
#endif
    const outcome one = simulate(42, 1);
    // the run is not trivial: every population spikes and STDP moved weights
    for (const auto& ids : one.ids) CHECK(ids.size() > 20);
    const outcome again = simulate(42, 1);
    CHECK(again == one);

    for (int threads : {2, 4}) {
        CAPTURE(threads);
        const outcome o = simulate(42, threads);
        CHECK(o.ids == one.ids);
        CHECK(o.times == one.times);
        CHECK(o.v_exc == one.v_exc);
        CHECK(o.v_inh == one.v_inh);
        CHECK(o.refrac_exc == one.refrac_exc);
        CHECK(o.poisson == one.poisson);
        CHECK(o.g == one.g);
        CHECK(o.conn == one.conn);
    }
}

TEST_CASE("sim determinism: STDP changed the weights, and another seed gives another run", "[sim][determinism]") {
    const outcome a = simulate(42, 2, 1);
    const outcome b = simulate(43, 2, 1);
    CHECK(a.ids != b.ids);
    CHECK(a.v_exc != b.v_exc);
    CHECK(a.conn != b.conn);
    // weights drawn from Uniform(0.2, 0.6) and then moved by STDP: some left that range
    std::size_t outside = 0;
    for (float w : a.g) outside += (w < 0.2f || w > 0.6f) ? 1 : 0;
    CHECK(outside > 0);
}
