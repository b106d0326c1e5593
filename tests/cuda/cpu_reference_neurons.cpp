// CPU reference of test_sim_neurons_cuda.cu, compiled by the host compiler.
#include "nets_neurons.hpp"

namespace neuron_test {
outcome cpu_neurons(std::uint64_t seed, std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(neuron_net(), {.dt = 0.1, .seed = seed, .batch = batch});
    return run_neurons(sim);
}
names_outcome cpu_names(std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(names_net(), {.dt = 0.5, .batch = batch});
    return run_names(sim);
}
}  // namespace neuron_test
