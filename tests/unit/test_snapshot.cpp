// In-memory snapshots (sim.snapshot(), sim.restore(s); runtime/snapshot.hpp): restoring a
// snapshot and running on is bitwise the uninterrupted run — into the same simulation
// after it ran past the snapshot (a rewind), again from the same snapshot, and into a
// fresh simulation constructed with another seed — on a plastic network with every kind
// of queue (axonal, dendritic and back-propagation delays, STDP, Poisson input, noise,
// batch of 2). A snapshot holds a checkpoint's bytes (written to a file, it loads with
// load_checkpoint); one of another size, or an empty one, is refused and changes nothing.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

auto make_plastic(std::uint32_t n_exc) {
    return cx::network(
        cx::population<"In", cx::neuron::Poisson>(60, "rate"_p = 30.0, "timeStepToSpike"_v = 0.0),
        cx::population<"Exc", cx::neuron::LIF>(
            n_exc, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0,
            "Ioffset"_p = 0.3, "TauRefrac"_p = 2.0,
            "V"_v = cx::init<cx::init_var::Uniform>("min"_p = -65.0, "max"_p = -50.0), "RefracTime"_v = 0.0),
        cx::source<"Noise", "Exc", cx::current_source::GaussianNoise>("mean"_p = 0.45, "sd"_p = 0.5),
        cx::synapses<"InExc", "In", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.3)),
            cx::wu<cx::weight_update::STDP>("tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.02,
                                            "Aminus"_p = 0.025, "Wmin"_p = 0.0, "Wmax"_p = 1.0,
                                            "g"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.2, "max"_p = 0.6)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 5.0), {.axonal_delay = 3, .back_prop_delay = 2}),
        cx::synapses<"ExcExc", "Exc", "Exc">(
            cx::sparse(cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1)),
            cx::wu<cx::weight_update::StaticPulseDendriticDelay>(
                "g"_v = 0.05, "d"_v = cx::init<cx::init_var::Uniform>("min"_p = 0.0, "max"_p = 7.0)),
            cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = 2.0), {.max_dendritic_delay = 8}));
}

/// Everything that must continue identically: spikes of both batch entries, the state.
template <class Sim>
auto state_of(Sim& sim) {
    struct state {
        std::vector<std::vector<double>> times;
        std::vector<std::vector<std::uint32_t>> ids;
        std::vector<float> v, refrac, g;
        std::uint64_t step;
        bool operator==(const state&) const = default;
    } s;
    for (std::uint32_t b = 0; b < sim.batch_size(); ++b)
        for (auto tr : {sim.template spikes<"In">(b), sim.template spikes<"Exc">(b)}) {
            s.times.push_back(tr.times);
            s.ids.push_back(tr.ids);
        }
    auto copy = [](auto v) { return std::vector<float>(v.begin(), v.end()); };
    s.v = copy(sim.template var<"Exc", "V">());
    s.g = copy(sim.template var<"InExc", "g">());
    s.refrac = copy(sim.template var<"Exc", "RefracTime">());
    s.step = sim.timestep();
    return s;
}

const cx::options opts{.dt = 0.1, .seed = 11, .batch = 2};

template <class Sim>
void record(Sim& sim) {
    sim.template record_spikes<"In">(4000);
    sim.template record_spikes<"Exc">(4000);
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const cx::error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("snapshot: restore, then run, is bitwise the uninterrupted run", "[snapshot]") {
    auto whole = cx::simulate<cx::cpu>(make_plastic(80), opts);
    record(whole);
    whole.run(200.0);
    const auto expected = state_of(whole);
    REQUIRE(expected.ids[1].size() > 50);  // Exc of batch entry 0 fires
    REQUIRE(expected.ids[3].size() > 50);  // and of entry 1
    REQUIRE(expected.ids[1] != expected.ids[3]);  // differently (seed + b)

    auto sim = cx::simulate<cx::cpu>(make_plastic(80), opts);
    record(sim);
    sim.run(93.7);  // not a multiple of any delay
    const cx::state_snapshot snap = sim.snapshot();
    CHECK(snap.timestep() == 937);
    CHECK(snap.size() > 1000);

    SECTION("into the same simulation, after running past it (a rewind), twice") {
        sim.run(50.0);
        const auto diverged = state_of(sim);
        for (int round = 0; round < 2; ++round) {
            CAPTURE(round);
            sim.restore(snap);
            CHECK(sim.timestep() == 937);
            sim.run(200.0 - 93.7);
            CHECK(state_of(sim) == expected);
        }
        CHECK(diverged.step == 1437);
    }
    SECTION("into a fresh simulation with another dynamics seed: the snapshot's seeds continue") {
        auto other = cx::simulate<cx::cpu>(make_plastic(80), {.dt = 0.1, .seed = 999, .connectivity_seed = 11, .batch = 2});
        other.restore(snap);
        other.run(200.0 - 93.7);
        CHECK(state_of(other) == expected);
        CHECK(other.connections<"InExc">() == whole.connections<"InExc">());
    }
    SECTION("its bytes are a checkpoint: written to a file they load with load_checkpoint") {
        const std::string path = "cortexpr_test_snapshot.ckpt";
        {
            std::ofstream f(path, std::ios::binary | std::ios::trunc);
            f.write(reinterpret_cast<const char*>(snap.bytes().data()), std::streamsize(snap.size()));
        }
        auto other = cx::simulate<cx::cpu>(make_plastic(80), opts);
        other.load_checkpoint(path);
        other.run(200.0 - 93.7);
        CHECK(state_of(other) == expected);
        std::remove(path.c_str());
        // and a snapshot made from those bytes restores the same way
        auto third = cx::simulate<cx::cpu>(make_plastic(80), opts);
        third.restore(cx::state_snapshot(std::vector<unsigned char>(snap.bytes().begin(), snap.bytes().end())));
        third.run(200.0 - 93.7);
        CHECK(state_of(third) == expected);
    }
}

TEST_CASE("snapshot: one of another size, a damaged or an empty one is refused and changes nothing", "[snapshot][errors]") {
    auto small = cx::simulate<cx::cpu>(make_plastic(80), opts);
    record(small);
    small.run(10.0);
    const auto snap = small.snapshot();

    auto target = cx::simulate<cx::cpu>(make_plastic(81), opts);
    record(target);
    target.run(5.0);
    const auto before = state_of(target);
    CHECK_THAT(error_of([&] { target.restore(snap); }),
               Catch::Contains("(in-memory snapshot)") && Catch::Contains("population Exc LIF n=80") &&
                   Catch::Contains("population Exc LIF n=81"));
    CHECK_THAT(error_of([&] { target.restore(cx::state_snapshot{}); }), Catch::Contains("empty snapshot"));
    std::vector<unsigned char> bad(snap.bytes().begin(), snap.bytes().end());
    bad[bad.size() / 2] ^= 0x5a;
    CHECK_THAT(error_of([&] { small.restore(cx::state_snapshot(bad)); }), Catch::Contains("corrupted"));
    CHECK(state_of(target) == before);
}
