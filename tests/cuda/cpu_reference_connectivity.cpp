// CPU references of test_sim_connectivity_cuda.cu, compiled by the host compiler.
#include "nets_connectivity.hpp"

namespace conn_test {
exact_outcome cpu_exact(std::uint64_t seed) {
    auto sim = cx::simulate<cx::cpu, double>(exact_net(), {.dt = 0.1, .seed = seed});
    return run_exact(sim);
}
exp_outcome cpu_exp(std::uint64_t seed, std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(exp_net(), {.dt = 0.1, .seed = seed, .batch = batch});
    return run_exp(sim);
}
}  // namespace conn_test
