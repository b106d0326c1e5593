// Issue 18, items 3-5: values converted to a narrower type are range-checked first and
// reported as the user gave them; array inputs (spike times, extra global parameters)
// are validated when a run or step starts; checkpoint loading reads the header first
// and refuses directories, devices and foreign files by name.
// This program is compiled with the EGP bounds check (options::check_egp_bounds below);
// test_bad_input.cpp checks that a program without it refuses the option.
#define CORTEXPR_CHECK_EGP_BOUNDS 1

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <cortexpr/cortexpr.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace {

/// The message of the cx::error f throws (fails the test when f throws nothing).
template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const cx::error& e) {
        return e.what();
    }
    FAIL("no cx::error was thrown");
    return {};
}

// ---- delays: per-synapse dendritic delays are uint8_t ---------------------------------
template <class DInit>
auto delay_net(DInit d) {
    return cx::network(
        cx::population<"Src", cx::neuron::SpikeSourceArray>(2, "startSpike"_v = 0.0, "endSpike"_v = 0.0),
        cx::population<"Dst", cx::neuron::SpikeSourceArray>(3, "startSpike"_v = 0.0, "endSpike"_v = 0.0),
        cx::synapses<"S", "Src", "Dst">(cx::dense(), cx::wu<cx::weight_update::StaticPulseDendriticDelay>("g"_v = 1.0, "d"_v = d),
                                        cx::psm<cx::postsynaptic::DeltaCurr>(), {.max_dendritic_delay = 50}));
}

// ---- a user model that reads an EGP array ----------------------------------------------
struct Table {
    static constexpr std::string_view name = "Table";
    static constexpr auto vars = cx::vars("V");
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("gain", "scalar*"));
    static constexpr cx::code sim_code = "V = gain[id];\n";
};
/// Reads gain[id - 1]: index -1 for neuron 0.
struct Shifted {
    static constexpr std::string_view name = "Shifted";
    static constexpr auto vars = cx::vars("V");
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("gain", "scalar*"));
    static constexpr cx::code sim_code = "V = gain[(int)id - 1];\n";
};
/// Declares an EGP that its code never reads: it may stay unallocated.
struct Unused {
    static constexpr std::string_view name = "Unused";
    static constexpr auto vars = cx::vars("V");
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("gainTable", "scalar*"));
    static constexpr cx::code sim_code = "V += 1.0;\n";
};
/// An integer EGP.
struct Lookup {
    static constexpr std::string_view name = "Lookup";
    static constexpr auto vars = cx::vars("V");
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("idx", "uint8_t*"));
    static constexpr cx::code sim_code = "V = idx[0];\n";
};

auto ssa_net(std::uint32_t n = 3) {
    return cx::network(cx::population<"Src", cx::neuron::SpikeSourceArray>(n, "startSpike"_v = 0.0, "endSpike"_v = 0.0));
}

}  // namespace

TEST_CASE("ranges before conversions: integer variables get the user's value or an error naming it", "[bad_input][ranges]") {
    // a delay of 300 steps was stored as 44, and -1 as 255, without error
    CHECK(error_of([] { cx::simulate<cx::cpu>(delay_net(300.0)); }) ==
          "S.d: initial value 300 (element 0, batch entry 0) is outside the range of uint8_t [0, 255]");
    CHECK(error_of([] { cx::simulate<cx::cpu>(delay_net(-1.0)); }).find("initial value -1 ") != std::string::npos);
    CHECK(error_of([] { cx::simulate<cx::cpu>(delay_net(std::numeric_limits<double>::infinity())); }).find("S.d.constant: parameter value must be finite, got inf") == 0);
    // drawn delays: a clipped normal reaching past 255 names the drawn value
    const std::string drawn = error_of([] {
        cx::simulate<cx::cpu>(delay_net(cx::init<cx::init_var::NormalClippedDelay>("mean"_p = 40.0, "sd"_p = 1.0, "min"_p = 30.0,
                                                                                   "max"_p = 50.0)));
    });  // [ms] at dt = 0.1: 400 steps
    CHECK(drawn.find("S.d: initial value ") == 0);
    const double value = std::stod(drawn.substr(std::string("S.d: initial value ").size()));
    CHECK(value >= 300.0);  // [30, 50] ms at dt = 0.1 ms, as drawn: not wrapped
    CHECK(value <= 500.0);
    CHECK(drawn.find("outside the range of uint8_t [0, 255]") != std::string::npos);
    // a delay in range but beyond max_dendritic_delay names the user's value (not a wrapped one)
    auto sim = cx::simulate<cx::cpu>(delay_net(60.0));
    sim.set_egp<"Src", "spikeTimes">(std::vector<double>{0.0});
    sim.var<"Src", "endSpike">()[0] = 1;
    CHECK(error_of([&] { sim.run(1.0); }) == "S.addToPostDelay: dendritic delay 60 steps is not below max_dendritic_delay 50");
    // in range: the delay is what was given
    auto ok = cx::simulate<cx::cpu>(delay_net(255.0));
    CHECK(ok.var<"S", "d">()[0] == 255);
    // a fraction is truncated as a C conversion would
    CHECK(cx::simulate<cx::cpu>(delay_net(7.9)).var<"S", "d">()[0] == 7);
    // unsigned variables of the spike source: -1 was 4294967295
    CHECK(error_of([] {
              cx::simulate<cx::cpu>(cx::network(
                  cx::population<"Src", cx::neuron::SpikeSourceArray>(2, "startSpike"_v = -1.0, "endSpike"_v = 0.0)));
          }) == "Src.startSpike: initial value -1 (element 0, batch entry 0) is outside the range of unsigned int [0, 4294967295]");
}

TEST_CASE("ranges before conversions: integer EGP contents", "[bad_input][ranges]") {
    auto net = [] { return cx::network(cx::population<"L", Lookup>(2, "V"_v = 0.0)); };
    auto sim = cx::simulate<cx::cpu>(net());
    sim.set_egp<"L", "idx">(std::vector<double>{3.0});
    CHECK(error_of([&] { sim.set_egp<"L", "idx">(std::vector<double>{1.0, 300.0}); }) ==
          "L.idx: element 1 is 300, outside the range [0, 255] of the array's integer type");
    CHECK(error_of([&] { sim.set_egp<"L", "idx">(std::vector<int>{-1}); }).find("element 0 is -1") != std::string::npos);
    CHECK(error_of([&] { sim.set_egp<"L", "idx">(std::vector<double>{std::nan("")}); }).find("element 0 is nan") != std::string::npos);
    // the refused calls left the old contents
    REQUIRE(sim.egp<"L", "idx">().size() == 1);
    CHECK(sim.egp<"L", "idx">()[0] == 3);
    // at construction ("idx"_e = ...) too
    CHECK(error_of([] { cx::simulate<cx::cpu>(cx::network(cx::population<"L", Lookup>(2, "V"_v = 0.0, "idx"_e = std::vector<double>{256.0}))); }) ==
          "L.idx: element 0 is 256, outside the range [0, 255] of the array's integer type");
}

TEST_CASE("array inputs: spike times sorted and finite per neuron, checked when a run starts", "[bad_input][arrays]") {
    SECTION("unsorted times of one neuron (wrong spikes before)") {
        auto sim = cx::simulate<cx::cpu>(ssa_net());
        sim.set_egp<"Src", "spikeTimes">(std::vector<double>{1.0, 2.0, 0.5, 5.0, 4.0});
        auto start = sim.var<"Src", "startSpike">();
        auto end = sim.var<"Src", "endSpike">();
        start[0] = 0; end[0] = 3;  // neuron 0: 1.0, 2.0, 0.5 -> index 2 is out of order
        start[1] = 3; end[1] = 5;
        CHECK(error_of([&] { sim.run(1.0); }) ==
              "Src.spikeTimes: neuron 0 (batch entry 0): spike times are not sorted: index 2 holds 0.5 after 2 at index 1 (sort each "
              "neuron's times ascending)");
        CHECK(sim.timestep() == 0);  // refused before any step
        end[0] = 2;  // neuron 0 now 1.0, 2.0; neuron 1 still 5.0, 4.0
        CHECK(error_of([&] { sim.step(); }).find("neuron 1 (batch entry 0): spike times are not sorted: index 4") != std::string::npos);
        sim.egp<"Src", "spikeTimes">()[4] = 6.0;
        sim.record_spikes<"Src">(100);
        sim.run(7.0);
        const auto sp = sim.spikes<"Src">();
        CHECK(sp.ids == std::vector<std::uint32_t>{0, 0, 1, 1});
        // times from the start of the neighbouring neuron's list are not compared: a new
        // neuron may start earlier than the previous one ended
    }
    SECTION("a NaN or infinite time (dropped spikes before)") {
        auto sim = cx::simulate<cx::cpu>(ssa_net());
        sim.set_egp<"Src", "spikeTimes">(std::vector<double>{1.0, std::nan(""), 3.0});
        sim.var<"Src", "endSpike">()[2] = 3;
        CHECK(error_of([&] { sim.run(1.0); }) ==
              "Src.spikeTimes: neuron 2 (batch entry 0): spike time at index 1 is nan; spike times must be finite");
        sim.egp<"Src", "spikeTimes">()[1] = std::numeric_limits<float>::infinity();
        CHECK(error_of([&] { sim.run(1.0); }).find("index 1 is inf") != std::string::npos);
        // spikes already delivered are not checked again: only [startSpike, endSpike)
        sim.egp<"Src", "spikeTimes">()[1] = 2.0;
        sim.run(4.0);
        sim.egp<"Src", "spikeTimes">()[0] = std::nan("");
        CHECK_NOTHROW(sim.run(1.0));
    }
}

TEST_CASE("array inputs: validated again after a change made after a run", "[bad_input][arrays]") {
    // the validation runs when an input may have changed, not at every step: each way
    // of changing spike times or an EGP's size after a run must still be seen
    auto valid = [] {
        auto sim = cx::simulate<cx::cpu>(ssa_net(2));
        sim.set_egp<"Src", "spikeTimes">(std::vector<double>{10.0, 20.0, 30.0, 40.0});
        auto start = sim.var<"Src", "startSpike">();
        auto end = sim.var<"Src", "endSpike">();
        start[0] = 0; end[0] = 2;
        start[1] = 2; end[1] = 4;
        return sim;
    };
    const std::string unsorted = "Src.spikeTimes: neuron 1 (batch entry 0): spike times are not sorted: index 3";
    SECTION("set_egp after a run") {
        auto sim = valid();
        sim.run(1.0);
        sim.set_egp<"Src", "spikeTimes">(std::vector<double>{10.0, 20.0, 40.0, 30.0});
        CHECK(error_of([&] { sim.step(); }).find(unsorted) == 0);
        CHECK(error_of([&] { sim.run(1.0); }).find(unsorted) == 0);  // a refused step leaves the mark
        CHECK(sim.timestep() == 10);
    }
    SECTION("a view taken before the run, written and pushed after it") {
        auto sim = valid();
        auto times = sim.egp<"Src", "spikeTimes">();
        auto end = sim.var<"Src", "endSpike">();
        sim.run(1.0);
        times[3] = 5.0;
        times.push();
        CHECK(error_of([&] { sim.step(); }).find(unsorted) == 0);
        times[3] = 50.0;
        times.push();
        sim.step();
        end[1] = 7;  // past the end of spikeTimes
        end.push();
        CHECK(error_of([&] { sim.run(1.0); }) == "Src.spikeTimes: neuron 1 (batch entry 0) owns spikes [2, 7) but spikeTimes has 4 elements");
    }
    SECTION("a view written after the run without push: seen after mark_inputs_changed()") {
        auto sim = valid();
        auto times = sim.egp<"Src", "spikeTimes">();
        sim.run(1.0);
        times[3] = std::nan("");
        sim.mark_inputs_changed();
        CHECK(error_of([&] { sim.step(); }).find("neuron 1 (batch entry 0): spike time at index 3 is nan") != std::string::npos);
    }
    SECTION("a view handed out after the run") {
        auto sim = valid();
        sim.run(1.0);
        sim.egp<"Src", "spikeTimes">()[2] = 45.0;
        CHECK(error_of([&] { sim.step(); }).find(unsorted) == 0);
    }
    SECTION("load_checkpoint of a state with unsorted times") {
        auto bad = valid();
        bad.egp<"Src", "spikeTimes">()[3] = 25.0;  // never stepped: saved as it is
        const std::string path = "bad_arrays_unsorted.ckpt";
        bad.save_checkpoint(path);
        auto sim = valid();
        sim.run(1.0);
        sim.load_checkpoint(path);
        std::remove(path.c_str());
        CHECK(error_of([&] { sim.step(); }).find(unsorted) == 0);
    }
    SECTION("an EGP freed after a run") {
        auto net = [] { return cx::network(cx::population<"T", Table>(4, "V"_v = 0.0)); };
        auto sim = cx::simulate<cx::cpu>(net());
        sim.set_egp<"T", "gain">(std::vector<double>{1.0, 2.0, 3.0, 4.0});
        sim.run(1.0);
        const std::string unallocated = "T.gain: extra global parameter of Table is read by its code but was never allocated";
        sim.egp_allocate<"T", "gain">(0);
        CHECK(error_of([&] { sim.step(); }).find(unallocated) == 0);
        sim.set_egp<"T", "gain">(std::vector<double>{1.0, 2.0, 3.0, 4.0});
        sim.step();
        sim.set_egp<"T", "gain">(std::vector<double>{});
        CHECK(error_of([&] { sim.run(1.0); }).find(unallocated) == 0);
        CHECK(sim.timestep() == 11);
    }
}

TEST_CASE("array inputs: an EGP the model code reads must be allocated before a step", "[bad_input][arrays]") {
    auto net = [] { return cx::network(cx::population<"T", Table>(4, "V"_v = 0.0), cx::population<"U", Unused>(2, "V"_v = 0.0)); };
    auto sim = cx::simulate<cx::cpu>(net());
    const std::string e = error_of([&] { sim.run(1.0); });  // segfaulted before
    CHECK(e == "T.gain: extra global parameter of Table is read by its code but was never allocated (egp_allocate, set_egp or \"gain\"_e = {...})");
    CHECK(error_of([&] { sim.step(); }) == e);
    CHECK(sim.timestep() == 0);
    sim.set_egp<"T", "gain">(std::vector<double>{1.0, 2.0, 3.0, 4.0});
    sim.run(0.2);  // U's unread EGP may stay unallocated
    CHECK(sim.var<"T", "V">()[3] == 4.0f);
    CHECK(sim.var<"U", "V">()[0] == 2.0f);
}

TEST_CASE("array inputs: options::check_egp_bounds names model, field, index and size", "[bad_input][arrays]") {
    // a short EGP: 3 elements for 4 neurons (read past its end before, silently)
    auto sim = cx::simulate<cx::cpu>(cx::network(cx::population<"T", Table>(4, "V"_v = 0.0)), {.threads = 1, .check_egp_bounds = true});
    sim.set_egp<"T", "gain">(std::vector<double>{1.0, 2.0, 3.0});
    CHECK(error_of([&] { sim.run(1.0); }) ==
          "T.gain: extra global parameter of Table indexed at 3 but it has 3 elements (time step 0; options::check_egp_bounds)");
    CHECK(sim.timestep() == 1);  // reported after the step that made the access
    CHECK(sim.var<"T", "V">()[2] == 3.0f);
    CHECK(sim.var<"T", "V">()[3] == 0.0f);  // the access outside read zero
    // long enough: runs on
    sim.set_egp<"T", "gain">(std::vector<double>{1.0, 2.0, 3.0, 4.0});
    sim.run(1.0);
    CHECK(sim.var<"T", "V">()[3] == 4.0f);
    // a negative index, through step()
    auto neg = cx::simulate<cx::cpu>(cx::network(cx::population<"S", Shifted>(2, "V"_v = 0.0)), {.check_egp_bounds = true});
    neg.set_egp<"S", "gain">(std::vector<double>{5.0, 6.0});
    CHECK(error_of([&] { neg.step(); }) ==
          "S.gain: extra global parameter of Shifted indexed at -1 but it has 2 elements (time step 0; options::check_egp_bounds)");
    // without the option, an in-range run gives the same values (the check changes nothing else)
    auto plain = cx::simulate<cx::cpu>(cx::network(cx::population<"T", Table>(4, "V"_v = 0.0)));
    plain.set_egp<"T", "gain">(std::vector<double>{1.0, 2.0, 3.0, 4.0});
    plain.run(1.0);
    CHECK(plain.var<"T", "V">()[3] == 4.0f);
}

TEST_CASE("files: load_checkpoint reads the header first and names what is not a checkpoint", "[bad_input][checkpoint]") {
    namespace fs = std::filesystem;
    auto sim = cx::simulate<cx::cpu>(ssa_net());
    const std::string dir = "bad_arrays_files_dir";
    fs::create_directories(dir);
    CHECK(error_of([&] { sim.load_checkpoint(dir); }) == "checkpoint." + dir + ": is a directory, not a checkpoint file");
    if (fs::exists("/dev/zero")) {  // read without bound until std::bad_alloc before
        CHECK(error_of([&] { sim.load_checkpoint("/dev/zero"); }) ==
              "checkpoint./dev/zero: is not a regular file (a device, pipe or socket), not a checkpoint file");
    }
    CHECK(error_of([&] { sim.load_checkpoint("no/such/file.ckpt"); }).find("checkpoint.no/such/file.ckpt: cannot open for reading") == 0);
    // a header that announces 2^60 bytes: refused from the header, nothing else is read
    const std::string huge = "bad_arrays_files_huge.ckpt";
    sim.save_checkpoint(huge);
    const auto good_size = fs::file_size(huge);
    {
        std::fstream f(huge, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(16 + 4);
        const std::uint64_t size = std::uint64_t(1) << 60;
        f.write(reinterpret_cast<const char*>(&size), sizeof size);
    }
    CHECK(error_of([&] { sim.load_checkpoint(huge); }) ==
          "checkpoint." + huge + ": truncated or padded: payload of " + std::to_string(good_size - 36) + " bytes, header says 1152921504606846976");
    // shorter than a header; not a checkpoint at all
    const std::string small = "bad_arrays_files_small.ckpt";
    { std::ofstream(small) << "CORTEX"; }
    CHECK(error_of([&] { sim.load_checkpoint(small); }) == "checkpoint." + small + ": truncated: 6 bytes, shorter than the 36-byte header");
    { std::ofstream(small) << std::string(100, 'x'); }
    CHECK(error_of([&] { sim.load_checkpoint(small); }) == "checkpoint." + small + ": not a cortexpr checkpoint (bad magic)");
    fs::remove(dir);
    fs::remove(huge);
    fs::remove(small);
}
