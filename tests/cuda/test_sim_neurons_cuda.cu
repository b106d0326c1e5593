// CPU vs CUDA, neurons and inputs (networks in nets_neurons.hpp; the CPU reference is
// cpu_reference_neurons.cpp). Double precision, same seed: the spike trains and final
// state agree exactly.
#include "sim_compare.hpp"
#include "nets_neurons.hpp"

using namespace neuron_test;

TEST_CASE("cuda vs cpu: LIF + DC + noise, Izhikevich + PoissonExp, Poisson population", "[cuda][sim][neurons]") {
    const auto cpu = cpu_neurons(7, 1);
    const auto gpu = cuda_test::on_gpu(neuron_net(), {.dt = 0.1, .seed = 7}, [](auto& s) { return run_neurons(s); });
    CHECK(cpu.lif.count() > 100);
    CHECK(cpu.izh.count() > 20);
    CHECK(cpu.poisson.count() > 1000);
    CHECK(gpu.lif == cpu.lif);
    CHECK(gpu.izh == cpu.izh);
    CHECK(gpu.poisson == cpu.poisson);
    CHECK(gpu.v_lif == cpu.v_lif);
    CHECK(gpu.refrac == cpu.refrac);
    CHECK(gpu.v_izh == cpu.v_izh);
    CHECK(gpu.u_izh == cpu.u_izh);
    CHECK(gpu.current == cpu.current);
    CHECK(gpu.tts == cpu.tts);
}

TEST_CASE("cuda vs cpu: batch of 3 (seed + b per entry), stream launches", "[cuda][sim][neurons][batch]") {
    const auto cpu = cpu_neurons(11, 3);
    const auto gpu = cuda_test::on_gpu(neuron_net(), {.dt = 0.1, .seed = 11, .batch = 3}, [](auto& s) { return run_neurons(s); },
                                       {.launch = cx::cuda_launch::stream});
    REQUIRE(cpu.lif.ids.size() == 3);
    CHECK(cpu.lif.ids[0] != cpu.lif.ids[1]);  // entries differ
    CHECK(gpu == cpu);
}
