// Checkpoint and restore (issue 6, part 2): a run saved halfway and continued in a
// freshly constructed simulation is bitwise identical to the uninterrupted run — on a
// plastic network with every kind of queue (axonal, dendritic and back-propagation
// delays, STDP, Poisson input, noise, batch of 2) and on the microcircuit at small
// scale — and checkpoints of another network, size or precision, truncated or corrupted
// files are rejected with a message that says why, leaving the simulation unchanged.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <cortexpr/cortexpr.hpp>

#include "../../examples/networks/microcircuit.hpp"
#include "../support/plastic_network.hpp"

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

using cortexpr_test::make_plastic;
using cortexpr_test::observed_state;
using cortexpr_test::record;

const cx::options plastic_opts{.dt = 0.1, .seed = 11, .batch = 2};

std::string temp_path(const char* name) { return std::string("cortexpr_test_") + name + ".ckpt"; }

std::vector<char> read_file(const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
void write_file(const std::string& p, const std::vector<char>& bytes) {
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), std::streamsize(bytes.size()));
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

TEST_CASE("checkpoint: a plastic network continues bitwise identically after save and restore", "[checkpoint]") {
    auto whole = cx::simulate<cx::cpu>(make_plastic(80), plastic_opts);
    record(whole);
    whole.run(200.0);
    const auto expected = observed_state(whole);
    REQUIRE(expected.ids[1].size() > 50);  // Exc of batch 0 fires

    const std::string path = temp_path("plastic");
    {
        auto first = cx::simulate<cx::cpu>(make_plastic(80), plastic_opts);
        record(first);
        first.run(93.7);  // not a multiple of any delay
        first.save_checkpoint(path);
    }
    // another (dynamics) seed: the checkpoint's seeds, not the constructor's, continue
    // the run; connectivity must match (same connectivity seed)
    auto second = cx::simulate<cx::cpu>(make_plastic(80), {.dt = 0.1, .seed = 999, .connectivity_seed = 11, .batch = 2});
    second.load_checkpoint(path);
    CHECK(second.timestep() == 937);
    second.run(200.0 - 93.7);
    const auto got = observed_state(second);
    CHECK(got.step == expected.step);
    CHECK(got.ids == expected.ids);
    CHECK(got.times == expected.times);
    CHECK(got.v == expected.v);
    CHECK(got.g == expected.g);
    CHECK(got.refrac == expected.refrac);
    CHECK(second.connections<"InExc">() == whole.connections<"InExc">());
    std::remove(path.c_str());
}

TEST_CASE("checkpoint: the microcircuit at small scale continues bitwise identically", "[checkpoint]") {
    namespace mc = cxnet::microcircuit;
    mc::config c;
    c.neuron_scale = 0.02;
    c.connectivity_scale = 0.02;
    const cx::options o{.dt = mc::dt, .seed = 5, .fuse_postsynaptic = true};
    auto whole = cx::simulate<cx::cpu>(cxnet::make_microcircuit(c), o);
    whole.record_spikes<"4E">(1000);
    whole.run(60.0);
    const std::string path = temp_path("microcircuit");
    auto first = cx::simulate<cx::cpu>(cxnet::make_microcircuit(c), o);
    first.record_spikes<"4E">(1000);
    first.run(25.0);
    first.save_checkpoint(path);
    auto second = cx::simulate<cx::cpu>(cxnet::make_microcircuit(c), o);
    second.load_checkpoint(path);
    second.run(35.0);
    const auto a = whole.spikes<"4E">(), b = second.spikes<"4E">();
    CHECK(a.ids.size() > 10);
    CHECK(a.ids == b.ids);
    CHECK(a.times == b.times);
    const auto va = whole.var<"5I", "V">(), vb = second.var<"5I", "V">();
    CHECK(std::vector<float>(va.begin(), va.end()) == std::vector<float>(vb.begin(), vb.end()));
    std::remove(path.c_str());
}

TEST_CASE("checkpoint: other networks, sizes, precisions and damaged files are rejected", "[checkpoint][errors]") {
    const std::string path = temp_path("reject");
    auto saved = cx::simulate<cx::cpu>(make_plastic(80), plastic_opts);
    record(saved);
    saved.run(20.0);
    saved.save_checkpoint(path);
    const std::vector<char> good = read_file(path);
    REQUIRE(good.size() > 100);

    auto target = cx::simulate<cx::cpu>(make_plastic(80), plastic_opts);
    record(target);
    target.run(5.0);
    const auto before = observed_state(target);

    // another size of the same network type
    auto other_size = cx::simulate<cx::cpu>(make_plastic(81), plastic_opts);
    std::string e = error_of([&] { other_size.load_checkpoint(path); });
    CHECK_THAT(e, Catch::Contains("population Exc LIF n=80") && Catch::Contains("population Exc LIF n=81"));
    // another precision
    auto dbl = cx::simulate<cx::cpu, double>(make_plastic(80), plastic_opts);
    e = error_of([&] { dbl.load_checkpoint(path); });
    CHECK_THAT(e, Catch::Contains("scalar=4") && Catch::Contains("scalar=8"));
    // another batch size
    auto one = cx::simulate<cx::cpu>(make_plastic(80), {.dt = 0.1, .seed = 11});
    CHECK_THAT(error_of([&] { one.load_checkpoint(path); }), Catch::Contains("batch=2") && Catch::Contains("batch=1"));
    // another network type
    cxnet::microcircuit::config c;
    c.neuron_scale = c.connectivity_scale = 0.01;
    auto micro = cx::simulate<cx::cpu>(cxnet::make_microcircuit(c), {.dt = 0.1});
    CHECK_THAT(error_of([&] { micro.load_checkpoint(path); }), Catch::Contains("saved from another network"));

    // truncated at several lengths, one flipped byte anywhere, not a checkpoint at all
    for (std::size_t keep : {std::size_t(0), std::size_t(10), std::size_t(40), good.size() / 2, good.size() - 1}) {
        CAPTURE(keep);
        write_file(path, std::vector<char>(good.begin(), good.begin() + std::ptrdiff_t(keep)));
        e = error_of([&] { target.load_checkpoint(path); });
        CHECK_THAT(e, Catch::Contains("checkpoint") && (Catch::Contains("truncated") || Catch::Contains("bad magic")));
    }
    for (std::size_t at : {std::size_t(40), good.size() / 3, good.size() - 2}) {
        CAPTURE(at);
        auto bad = good;
        bad[at] = char(bad[at] ^ 0x5a);
        write_file(path, bad);
        CHECK_THAT(error_of([&] { target.load_checkpoint(path); }), Catch::Contains("corrupted"));
    }
    write_file(path, std::vector<char>(200, 'x'));
    CHECK_THAT(error_of([&] { target.load_checkpoint(path); }), Catch::Contains("bad magic"));
    CHECK_THAT(error_of([&] { target.load_checkpoint("no/such/dir/file.ckpt"); }), Catch::Contains("cannot open"));

    // none of the failed loads changed the target
    CHECK(observed_state(target) == before);
    std::remove(path.c_str());
}
