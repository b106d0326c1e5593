// CPU references of test_sim_init_cuda.cu, compiled by the host compiler.
#include "nets_init.hpp"

namespace init_test {
snapshot cpu_snapshot(std::uint64_t seed, std::uint32_t batch) {
    auto sim = cx::simulate<cx::cpu, double>(init_net(), {.dt = 0.1, .seed = seed, .batch = batch});
    return take(sim.engine());
}
std::string cpu_error_overfull() { return build_error<cx::cpu, Overfull>(); }
std::string cpu_error_outside() { return build_error<cx::cpu, Outside>(); }
std::string cpu_error_overfull_columns() { return build_error<cx::cpu, OverfullColumns>(); }
std::string cpu_range_error(int which, std::uint32_t batch) {
    return which == 0 ? range_error<cx::cpu, 0>(batch) : range_error<cx::cpu, 1>(batch);
}
}  // namespace init_test
