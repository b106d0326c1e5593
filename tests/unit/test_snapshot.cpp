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

#include "../support/plastic_network.hpp"

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

using cortexpr_test::make_plastic;
using cortexpr_test::observed_state;
using cortexpr_test::record;

const cx::options opts{.dt = 0.1, .seed = 11, .batch = 2};

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
    const auto expected = observed_state(whole);
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
        const auto diverged = observed_state(sim);
        for (int round = 0; round < 2; ++round) {
            CAPTURE(round);
            sim.restore(snap);
            CHECK(sim.timestep() == 937);
            sim.run(200.0 - 93.7);
            CHECK(observed_state(sim) == expected);
        }
        CHECK(diverged.step == 1437);
    }
    SECTION("into a fresh simulation with another dynamics seed: the snapshot's seeds continue") {
        auto other = cx::simulate<cx::cpu>(make_plastic(80), {.dt = 0.1, .seed = 999, .connectivity_seed = 11, .batch = 2});
        other.restore(snap);
        other.run(200.0 - 93.7);
        CHECK(observed_state(other) == expected);
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
        CHECK(observed_state(other) == expected);
        std::remove(path.c_str());
        // and a snapshot made from those bytes restores the same way
        auto third = cx::simulate<cx::cpu>(make_plastic(80), opts);
        third.restore(cx::state_snapshot(std::vector<unsigned char>(snap.bytes().begin(), snap.bytes().end())));
        third.run(200.0 - 93.7);
        CHECK(observed_state(third) == expected);
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
    const auto before = observed_state(target);
    CHECK_THAT(error_of([&] { target.restore(snap); }),
               Catch::Contains("(in-memory snapshot)") && Catch::Contains("population Exc LIF n=80") &&
                   Catch::Contains("population Exc LIF n=81"));
    CHECK_THAT(error_of([&] { target.restore(cx::state_snapshot{}); }), Catch::Contains("empty snapshot"));
    std::vector<unsigned char> bad(snap.bytes().begin(), snap.bytes().end());
    bad[bad.size() / 2] ^= 0x5a;
    CHECK_THAT(error_of([&] { small.restore(cx::state_snapshot(bad)); }), Catch::Contains("corrupted"));
    CHECK(observed_state(target) == before);
}
