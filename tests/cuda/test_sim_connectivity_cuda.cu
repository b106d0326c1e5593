// CPU vs CUDA, connectivity (networks in nets_connectivity.hpp; the CPU reference is
// cpu_reference_connectivity.cpp, compiled by the host compiler).
#include <cmath>

#include "sim_compare.hpp"
#include "nets_connectivity.hpp"

using namespace conn_test;

TEST_CASE("cuda vs cpu: dense, sparse, bitmask, procedural, toeplitz (exact sums), both spans", "[cuda][sim][connectivity]") {
    for (auto span : {cx::cuda_span::automatic, cx::cuda_span::postsynaptic}) {
        CAPTURE(int(span));
        const auto cpu = cpu_exact(3);
        const auto gpu = cuda_test::on_gpu(exact_net(), {.dt = 0.1, .seed = 3}, [](auto& s) { return run_exact(s); }, {.span = span});
        CHECK(cpu.dense.count() > 10);
        CHECK(cpu.sparse.count() > 10);
        CHECK(cpu.mask.count() > 10);
        CHECK(cpu.proc.count() > 10);
        CHECK(cpu.conv.count() > 10);
        CHECK(cpu.proc_total.count() > 10);
        CHECK(gpu.dense == cpu.dense);
        CHECK(gpu.sparse == cpu.sparse);
        CHECK(gpu.mask == cpu.mask);
        CHECK(gpu.proc == cpu.proc);
        CHECK(gpu.conv == cpu.conv);
        CHECK(gpu.proc_total == cpu.proc_total);
        CHECK(gpu.v_sparse == cpu.v_sparse);
        CHECK(gpu.v_conv == cpu.v_conv);
    }
}

TEST_CASE("cuda vs cpu: ExpCurr with random weights, postsynaptic span adds in the CPU's order", "[cuda][sim][connectivity]") {
    const auto cpu = cpu_exp(5, 2);
    const auto gpu = cuda_test::on_gpu(exp_net(), {.dt = 0.1, .seed = 5, .batch = 2}, [](auto& s) { return run_exp(s); },
                                       {.span = cx::cuda_span::postsynaptic});
    CHECK(cpu.a.count() > 20);
    CHECK(cpu.b.count() > 20);
    CHECK(gpu == cpu);
}

TEST_CASE("cuda: presynaptic span with random weights gives the CPU's spikes up to rounding", "[cuda][sim][connectivity]") {
    const auto cpu = cpu_exp(5, 1);
    const auto gpu = cuda_test::on_gpu(exp_net(), {.dt = 0.1, .seed = 5}, [](auto& s) { return run_exp(s); },
                                       {.span = cx::cuda_span::presynaptic});
    // atomicAdd changes the order of the additions into inSyn: states agree to rounding
    REQUIRE(gpu.v_a.size() == cpu.v_a.size());
    std::size_t close = 0;
    for (std::size_t k = 0; k < cpu.v_a.size(); ++k) close += std::abs(gpu.v_a[k] - cpu.v_a[k]) < 1e-6;
    CHECK(close >= cpu.v_a.size() * 9 / 10);
    const double ca = double(cpu.a.count()), ga = double(gpu.a.count());
    CHECK(std::abs(ga - ca) <= 0.02 * ca + 2);
}
