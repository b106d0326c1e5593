// CPU vs CUDA, initialisation: variables and connectivity built on the device (issue 4,
// point 4) must be the CPU backend's byte for byte, in the host mirror after
// construction and on the device (pull_state); options::host_init (the host path) too.
// Networks in nets_init.hpp; the CPU reference is cpu_reference_init.cpp.
#include <cstdio>
#include <cstring>

#include "sim_compare.hpp"
#include "nets_init.hpp"

using namespace init_test;

namespace {
/// Element-for-element comparison, naming the first array and byte that differ.
void same(const snapshot& cpu, const snapshot& gpu, const char* what) {
    CAPTURE(what);
    REQUIRE(cpu.size() == gpu.size());
    for (std::size_t k = 0; k < cpu.size(); ++k) {
        CAPTURE(cpu[k].name);
        REQUIRE(cpu[k].name == gpu[k].name);
        CHECK(cpu[k].bytes.size() == gpu[k].bytes.size());
        if (cpu[k].bytes == gpu[k].bytes) continue;
        std::size_t at = 0;
        while (at < cpu[k].bytes.size() && at < gpu[k].bytes.size() && cpu[k].bytes[at] == gpu[k].bytes[at]) ++at;
        CAPTURE(at);
        CHECK(cpu[k].bytes == gpu[k].bytes);
    }
}
std::string value_of(const snapshot& s, const std::string& name) {
    for (auto& a : s) if (a.name == name && a.bytes.size() == 4) { std::uint32_t v; std::memcpy(&v, a.bytes.data(), 4); return std::to_string(v); }
    return "?";
}
}  // namespace

TEST_CASE("cuda vs cpu: variables and connectivity initialised on the device", "[cuda][sim][init]") {
    for (std::uint32_t batch : {1u, 2u}) {
        CAPTURE(batch);
        const auto cpu = cpu_snapshot(11, batch);
        // the reference is not trivial: every group has synapses, the index widths differ
        CHECK(value_of(cpu, "Fp.synapses") != "0");
        CHECK(value_of(cpu, "Fnpre.synapses") == "15000");
        CHECK(value_of(cpu, "Fnt.synapses") == "5000");
        CHECK(value_of(cpu, "Conv.index_bytes") == "1");
        CHECK(value_of(cpu, "Fp.index_bytes") == "2");
        CHECK(value_of(cpu, "ToWide.index_bytes") == "4");
        CHECK(value_of(cpu, "Learn.col_stride") != "0");

        auto gpu = cx::simulate<cx::cuda, double>(init_net(), {.dt = 0.1, .seed = 11, .batch = batch});
        same(cpu, take(gpu.engine()), "host mirror after device initialisation");
        gpu.engine().pull_state();
        same(cpu, take(gpu.engine()), "device arrays");

        auto host = cx::simulate<cx::cuda, double>(init_net(), {.dt = 0.1, .seed = 11, .batch = batch, .host_init = true});
        host.engine().pull_state();
        same(cpu, take(host.engine()), "options::host_init");
    }
}

TEST_CASE("cuda vs cpu: connectivity errors of a device build are the CPU's", "[cuda][sim][init]") {
    const std::string cpu_over = cpu_error_overfull(), cpu_out = cpu_error_outside(), cpu_cols = cpu_error_overfull_columns();
    CHECK(cpu_over.find("Bad") != std::string::npos);
    CHECK(cpu_over.find("exceeds its capacity") != std::string::npos);
    CHECK(cpu_out.find("out of range") != std::string::npos);
    CHECK(cpu_cols.find("exceeds its capacity") != std::string::npos);
    CHECK(build_error<cx::cuda, Overfull>() == cpu_over);
    CHECK(build_error<cx::cuda, Outside>() == cpu_out);
    CHECK(build_error<cx::cuda, OverfullColumns>() == cpu_cols);
}

TEST_CASE("cuda vs cpu: an integer initial value outside its type is the CPU's error", "[cuda][sim][init]") {
    // the device wrote 0 for these before; it now records the first element in one word
    for (std::uint32_t batch : {1u, 2u}) {
        CAPTURE(batch);
        const std::string cpu_delay = cpu_range_error(0, batch), cpu_index = cpu_range_error(1, batch);
        CHECK(cpu_delay == "Late.d: initial value 256 (element 6, batch entry 0) is outside the range of uint8_t [0, 255]");
        CHECK(cpu_index == "Src.startSpike: initial value -1 (element 7, batch entry 0) is outside the range of unsigned int [0, 4294967295]");
        CHECK(range_error<cx::cuda, 0>(batch) == cpu_delay);
        CHECK(range_error<cx::cuda, 1>(batch) == cpu_index);
    }
}
