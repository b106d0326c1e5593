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
inputs_test::inputs_outcome cpu_inputs(std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(inputs_test::inputs_net(), {.dt = 1.0, .batch = batch});
    return inputs_test::run_inputs(sim, 5);
}
inputs_test::delayed_outcome cpu_delayed(std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(inputs_test::delayed_net(4), {.dt = 0.5, .batch = batch});
    return inputs_test::run_delayed(sim, 9);
}
}  // namespace neuron_test
