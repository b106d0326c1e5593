// CPU references of test_sim_examples_cuda.cu, compiled by the host compiler.
#include "nets_examples.hpp"

namespace examples_test {
outcome cpu_va(std::uint64_t seed) {
    auto sim = cx::simulate<cx::cpu, double>(cxnet::make_vogels_abbott(va_neurons), {.dt = cxnet::vogels_abbott::dt, .seed = seed});
    return run_va(sim, va_ms);
}
outcome cpu_va_float(std::uint64_t seed) {
    auto sim = cx::simulate<cx::cpu, float>(cxnet::make_vogels_abbott(va_neurons), {.dt = cxnet::vogels_abbott::dt, .seed = seed});
    return run_va(sim, va_ms);
}
outcome cpu_izh(std::uint64_t seed) {
    auto sim = cx::simulate<cx::cpu, double>(cxnet::make_izhikevich_network(izh_exc, izh_inh),
                                             {.dt = cxnet::izhikevich_network::dt, .seed = seed});
    return run_izh(sim, izh_ms);
}
}  // namespace examples_test
