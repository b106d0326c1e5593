// CPU reference of test_sim_custom_updates_cuda.cu, compiled by the host compiler.
#include "nets_custom_updates.hpp"

namespace custom_update_test {
outcome cpu_custom_updates(std::uint64_t seed, std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(custom_update_net(), {.dt = 0.1, .seed = seed, .batch = batch});
    return run_custom_updates(sim);
}
}  // namespace custom_update_test
