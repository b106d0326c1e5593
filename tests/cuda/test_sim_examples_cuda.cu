// The examples produce the same spikes on CPU and CUDA in double precision (issue 4,
// point 5): Vogels–Abbott and Izhikevich's network at reduced size, the postsynaptic
// span (additions in the CPU's order). Networks in nets_examples.hpp; the CPU reference
// is cpu_reference_examples.cpp.
#include "sim_compare.hpp"
#include "nets_examples.hpp"

using namespace examples_test;

TEST_CASE("cuda vs cpu: Vogels-Abbott example network, same spikes in double", "[cuda][sim][examples]") {
    const auto cpu = cpu_va(1);
    const auto gpu = cuda_test::on_gpu(cxnet::make_vogels_abbott(va_neurons), {.dt = cxnet::vogels_abbott::dt, .seed = 1},
                                       [](auto& s) { return run_va(s, va_ms); }, {.span = cx::cuda_span::postsynaptic});
    CHECK(cpu.a.count() > 100);
    CHECK(gpu == cpu);
}

TEST_CASE("cuda vs cpu: Izhikevich example network, same spikes in double", "[cuda][sim][examples]") {
    const auto cpu = cpu_izh(3);
    const auto gpu = cuda_test::on_gpu(cxnet::make_izhikevich_network(izh_exc, izh_inh), {.dt = cxnet::izhikevich_network::dt, .seed = 3},
                                       [](auto& s) { return run_izh(s, izh_ms); }, {.span = cx::cuda_span::postsynaptic});
    CHECK(cpu.a.count() > 100);
    CHECK(gpu == cpu);
}
