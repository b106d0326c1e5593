// The examples produce the same spikes on CPU and CUDA in double precision (issue 4,
// point 5): Vogels–Abbott and Izhikevich's network at reduced size, the postsynaptic
// span (additions in the CPU's order). Networks in nets_examples.hpp; the CPU reference
// is cpu_reference_examples.cpp.
#include <cmath>

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

TEST_CASE("cuda vs cpu: Vogels-Abbott in float, how long the spike trains agree (reported)", "[cuda][sim][examples][float]") {
    const auto cpu = cpu_va_float(1);
    for (auto span : {cx::cuda_span::postsynaptic, cx::cuda_span::presynaptic}) {
        auto gpu_sim = cx::simulate<cx::cuda, float>(cxnet::make_vogels_abbott(va_neurons), {.dt = cxnet::vogels_abbott::dt, .seed = 1});
        gpu_sim.engine().config().span = span;
        const auto gpu = run_va(gpu_sim, va_ms);
        const double first = first_difference(cpu.a, gpu.a);
        const double rate_cpu = double(cpu.a.count()), rate_gpu = double(gpu.a.count());
        WARN("float VA " << va_neurons << " neurons, " << (span == cx::cuda_span::postsynaptic ? "postsynaptic" : "presynaptic")
                         << " span: E spike trains agree until " << (first < 0 ? va_ms : first) << " ms of " << va_ms
                         << " ms; E spike count CPU " << rate_cpu << ", CUDA " << rate_gpu);
        CHECK(std::abs(rate_gpu - rate_cpu) <= 0.1 * rate_cpu + 10);
    }
}

TEST_CASE("cuda: pull_recording copies the recording of every recording population", "[cuda][sim][examples]") {
    auto sim = cx::simulate<cx::cuda, double>(cxnet::make_vogels_abbott(va_neurons), {.dt = cxnet::vogels_abbott::dt, .seed = 1});
    sim.record_spikes<"E">(100);
    sim.record_spikes<"I">(100);
    sim.run(100.0);
    const auto pulls = sim.engine().stats().pulls;
    sim.pull_recording();
    CHECK(sim.engine().stats().pulls == pulls + 2);  // E and I, nothing else
}

