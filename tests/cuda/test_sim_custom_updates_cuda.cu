// CPU vs CUDA, custom updates (network in nets_custom_updates.hpp; the CPU reference is
// cpu_reference_custom_updates.cpp). The CUDA backend runs custom updates in its own
// kernels (backend/cuda/custom_update_kernels.hpp). Double precision, same seed: every
// variable the updates touch agrees exactly after runs with spikes between the updates
// (per-neuron, dense and sparse per-synapse updates, noise, batch reductions, transpose,
// EGP and custom-update references, a dynamic parameter, a snapshot restored), except
// the neuron reductions' sums, which the GPU adds in another order: they agree within
// n * 2^-52 * sum |x| (here 1e-12 relative, far above that bound and far below any
// real difference).
#include "sim_compare.hpp"
#include "nets_custom_updates.hpp"

#include <cmath>

using namespace custom_update_test;

TEST_CASE("cuda vs cpu: custom updates in CUDA kernels", "[cuda][sim][custom_update]") {
    const auto cpu = cpu_custom_updates(5, 3);
    const auto gpu = cuda_test::on_gpu(custom_update_net(), {.dt = 0.1, .seed = 5, .batch = 3},
                                       [](auto& s) { return run_custom_updates(s); });
    REQUIRE(cpu.sums.size() == 6);
    CHECK(cpu.sums[0] != cpu.sums[1]);
    REQUIRE_FALSE(cpu.restored.empty());
    REQUIRE(cpu.sparse.size() > 50);
    CHECK(gpu.restored == cpu.restored);
    CHECK(gpu.v_p == cpu.v_p);
    CHECK(gpu.v_h == cpu.v_h);
    CHECK(gpu.g_h == cpu.g_h);
    CHECK(gpu.back == cpu.back);
    CHECK(gpu.max == cpu.max);
    CHECK(gpu.bmax == cpu.bmax);
    CHECK(gpu.last == cpu.last);
    CHECK(gpu.sparse == cpu.sparse);
    REQUIRE(gpu.sums.size() == cpu.sums.size());
    for (std::size_t k = 0; k < cpu.sums.size(); ++k) CHECK(std::abs(gpu.sums[k] - cpu.sums[k]) <= 1e-12 * (1.0 + std::abs(cpu.sums[k])));
}
