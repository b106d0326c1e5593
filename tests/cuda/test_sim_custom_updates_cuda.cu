// CPU vs CUDA, custom updates (network in nets_custom_updates.hpp; the CPU reference is
// cpu_reference_custom_updates.cpp). Double precision, same seed: every variable the
// updates touch agrees exactly after runs with spikes between the updates.
#include "sim_compare.hpp"
#include "nets_custom_updates.hpp"

using namespace custom_update_test;

TEST_CASE("cuda vs cpu: resets, noise, neuron and batch reductions, transpose", "[cuda][sim][custom_update]") {
    const auto cpu = cpu_custom_updates(5, 3);
    const auto gpu = cuda_test::on_gpu(custom_update_net(), {.dt = 0.1, .seed = 5, .batch = 3},
                                       [](auto& s) { return run_custom_updates(s); });
    REQUIRE(cpu.sum.size() == 3);
    CHECK(cpu.sum[0] != cpu.sum[1]);
    CHECK(gpu == cpu);
}
