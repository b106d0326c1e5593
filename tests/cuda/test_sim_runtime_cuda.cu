// The CUDA engine's run-time API: pull()/push() round trips, EGPs, dynamic parameters,
// recording kept on the device until read, graph/stream/step launches giving the same
// run, launch and sync counts, and the dendritic-delay overflow error (a device flag
// checked after the run).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <cortexpr/cuda.cuh>

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

auto lif_net(double ioffset) {
    return cx::network(cx::population<"Exc", cx::neuron::LIF>(
        100, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = ioffset,
        "TauRefrac"_p = 2.0, "V"_v = -65.0, "RefracTime"_v = 0.0));
}

auto driven_net() {
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(200, "rate"_p = 50.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(
            100, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = 0.5,
            "TauRefrac"_p = 2.0, "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::synapses<"InExc", "In", "Exc">(cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
                                           cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.5),
                                           cx::psm<cx::postsynaptic::DeltaCurr>()));
}

template <class Sim>
std::vector<std::uint32_t> ids_of(Sim& sim) {
    return sim.template spikes<"Exc">().ids;
}

}  // namespace

TEST_CASE("cuda runtime: push a voltage, the neuron spikes on the device; pull reads the reset", "[cuda][sim][runtime]") {
    auto sim = cx::simulate<cx::cuda, double>(lif_net(0.0), {.dt = 0.1, .seed = 1});
    auto v = sim.var<"Exc", "V">();
    v[3] = -40.0;  // above threshold
    v.push();
    sim.step();
    const auto spk = sim.current_spikes<"Exc">();
    REQUIRE(spk.size() == 1);
    CHECK(spk[0] == 3);
    v.pull();
    CHECK(v[3] == -65.0);
    CHECK(v[4] < -64.0);
    CHECK(sim.timestep() == 1);
}

TEST_CASE("cuda runtime: without pull() the host mirror keeps the values of the last copy", "[cuda][sim][runtime]") {
    auto sim = cx::simulate<cx::cuda, double>(lif_net(2.0), {.dt = 0.1, .seed = 1});
    auto v = sim.var<"Exc", "V">();
    sim.run(5.0);
    CHECK(v[0] == -65.0);  // still the initial value on the host
    v.pull();
    CHECK(v[0] > -65.0);   // the device integrated Ioffset
}

TEST_CASE("cuda runtime: set_param between runs reaches the device", "[cuda][sim][runtime]") {
    auto sim = cx::simulate<cx::cuda, double>(lif_net(0.0), {.dt = 0.1, .seed = 1});
    sim.record_spikes<"Exc">(2000);
    sim.run(50.0);
    CHECK(sim.spikes<"Exc">().ids.empty());
    sim.set_param<"Exc", "Ioffset">(2.0);
    sim.run(50.0);
    CHECK(sim.spikes<"Exc">().ids.size() >= 100);
}

TEST_CASE("cuda runtime: SpikeSourceArray spike times from an EGP", "[cuda][sim][runtime][egp]") {
    auto net = cx::network(cx::population<"Src", cx::neuron::SpikeSourceArray>(2, "startSpike"_v = 0.0, "endSpike"_v = 0.0));
    auto sim = cx::simulate<cx::cuda, double>(net, {.dt = 0.1, .seed = 1});
    // neuron 0 owns spikeTimes[0, 3), neuron 1 owns [3, 4)
    auto start = sim.var<"Src", "startSpike">();
    auto end = sim.var<"Src", "endSpike">();
    start[0] = 0; end[0] = 3; start[1] = 3; end[1] = 4;
    start.push();
    end.push();
    sim.set_egp<"Src", "spikeTimes">(std::vector<double>{1.0, 2.5, 7.0, 4.0});
    sim.record_spikes<"Src">(200);
    sim.run(10.0);
    const auto tr = sim.spikes<"Src">();
    REQUIRE(tr.ids.size() == 4);
    const std::vector<double> want_t{1.0, 2.5, 4.0, 7.0};
    const std::vector<std::uint32_t> want_id{0, 0, 1, 0};
    for (std::size_t k = 0; k < 4; ++k) {
        CHECK(std::abs(tr.times[k] - want_t[k]) < 0.11);
        CHECK(tr.ids[k] == want_id[k]);
    }
    auto egp = sim.egp<"Src", "spikeTimes">();
    egp.pull();
    CHECK(egp[1] == 2.5);
}

TEST_CASE("cuda runtime: graphs, stream launches, single steps and the persistent kernel give the same run", "[cuda][sim][runtime]") {
    auto run = [](cx::cuda_launch launch, std::uint32_t graph_steps, bool single) {
        auto sim = cx::simulate<cx::cuda, double>(driven_net(), {.dt = 0.1, .seed = 9});
        sim.engine().config().launch = launch;
        sim.engine().config().graph_steps = graph_steps;
        sim.record_spikes<"Exc">(1000);
        if (single) for (int k = 0; k < 1000; ++k) sim.step();
        else sim.run(100.0);
        return ids_of(sim);
    };
    const auto graph = run(cx::cuda_launch::graph, 64, false);  // 15 graphs of 64 steps + 40 launched steps
    CHECK(graph.size() > 50);
    CHECK(run(cx::cuda_launch::stream, 64, false) == graph);
    CHECK(run(cx::cuda_launch::graph, 1000, false) == graph);
    CHECK(run(cx::cuda_launch::graph, 64, true) == graph);
    CHECK(run(cx::cuda_launch::persistent, 64, false) == graph);   // cooperative kernel, grid-wide barriers
    CHECK(run(cx::cuda_launch::persistent, 1000, false) == graph);
}

TEST_CASE("cuda runtime: a run of many steps has no host round trip per step", "[cuda][sim][runtime][stats]") {
    auto sim = cx::simulate<cx::cuda, double>(driven_net(), {.dt = 0.1, .seed = 9});
    sim.engine().config().graph_steps = 100;
    const auto syncs0 = sim.engine().stats().host_syncs;
    sim.run(1000.0);  // 10000 steps = 100 graphs
    const auto& st = sim.engine().stats();
    CHECK(st.steps == 10000);
    CHECK(st.graph_launches == 100);
    CHECK(st.host_launches == 100);
    CHECK(st.kernel_launches == 20000);  // propagation + neurons per step
    CHECK(st.host_syncs - syncs0 <= 4);
    CHECK(st.syncs_per_step() < 0.01);
    CHECK(sim.engine().device_bytes() > 0);
}

TEST_CASE("cuda runtime: addToPostDelay beyond max_dendritic_delay is a cx::error after the run", "[cuda][sim][runtime][errors]") {
    auto net = cx::network(
        cx::population<"In", cx::neuron::Poisson>(10, "rate"_p = 500.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Out", cx::neuron::LIF>(10, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0,
                                               "Vthresh"_p = -50.0, "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0, "V"_v = -65.0,
                                               "RefracTime"_v = 0.0),
        cx::synapses<"Late", "In", "Out">(cx::dense(), cx::wu<cx::weight_update::StaticPulseDendriticDelay>("g"_v = 0.1, "d"_v = 7.0),
                                          cx::psm<cx::postsynaptic::DeltaCurr>(), {.max_dendritic_delay = 4}));
    auto sim = cx::simulate<cx::cuda, double>(net, {.dt = 0.1, .seed = 1});
    try {
        sim.run(10.0);
        FAIL("no error");
    } catch (const cx::error& e) {
        CHECK(e.group() == "Late");
        CHECK(e.field() == "addToPostDelay");
        CHECK(std::string(e.what()).find("7") != std::string::npos);
    }
    CHECK(sim.timestep() == 100);
}

TEST_CASE("cuda runtime: array initial values, the variable recorder on the device, inSyn and spike-time views", "[cuda][sim][runtime][host_access]") {
    // LIF below threshold: V_n = alpha - ExpTC^n (alpha - V_0), alpha = -55, ExpTC = exp(-dt / TauM)
    std::vector<double> v0(100);
    for (std::size_t i = 0; i < v0.size(); ++i) v0[i] = -65.0 + 0.1 * double(i);
    auto net = cx::network(cx::population<"Exc", cx::neuron::LIF>(
        100, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = 0.5,
        "TauRefrac"_p = 2.0, "V"_v = v0, "RefracTime"_v = 0.0));
    auto sim = cx::simulate<cx::cuda, double>(net, {.dt = 0.1, .seed = 1});
    auto v = sim.var<"Exc", "V">();
    v.pull();
    for (std::size_t i = 0; i < v0.size(); ++i) REQUIRE(v[i] == v0[i]);
    sim.engine().config().graph_steps = 16;
    sim.record_var<"Exc", "V">(7, 5);  // samples at steps 0, 7, ..., 49; the last 5 kept
    const auto pulls = sim.engine().stats().pulls;
    sim.run(5.0);
    CHECK(sim.engine().stats().pulls == pulls);  // the samples stay on the device
    const auto tr = sim.var_trace<"Exc", "V">();
    REQUIRE(tr.size() == 5);
    for (std::size_t k = 0; k < 5; ++k) {
        const double step = double(21 + 7 * k);
        CHECK(tr.times[k] == Approx(step * 0.1).margin(1e-12));
        for (std::size_t i = 0; i < v0.size(); i += 17)
            CHECK(tr[k][i] == Approx(-55.0 - std::pow(std::exp(-0.1 / 20.0), step) * (-55.0 - v0[i])).margin(1e-9));
    }
    sim.run(0.1);  // step 50: no sample; step 49's is the last
    v.pull();
    CHECK(sim.var_trace<"Exc", "V">()[4][3] != v[3]);

    auto dn = cx::simulate<cx::cuda, double>(driven_net(), {.dt = 0.1, .seed = 9});
    dn.run(20.0);
    auto st = dn.spike_times<"In">();
    st.pull();
    std::size_t spiked = 0;
    for (double t : st) { CHECK(t < 20.0); spiked += t >= 0.0; }
    CHECK(spiked > 80);  // expected 126 (1 - e^-1 of 200)
    auto in = dn.in_syn<"InExc">();
    for (auto& x : in) x = 0.25;
    in.push();
    in.pull();
    CHECK(in[99] == 0.25);
}
