// CPU reference of test_sim_plasticity_cuda.cu, compiled by the host compiler.
#include "nets_plasticity.hpp"

namespace plasticity_test {
outcome cpu_plastic(std::uint64_t seed, std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(plastic_net(), {.dt = 0.1, .seed = seed, .batch = batch});
    return run_plastic(sim);
}
post_event_outcome cpu_post_events(std::uint64_t seed, std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(post_event_net(), {.dt = 0.1, .seed = seed, .batch = batch});
    return run_post_events(sim);
}
}  // namespace plasticity_test
