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

TEST_CASE("cuda vs cpu: num_batch, psm_var_refs, set_pre, delayed presynaptic reads", "[cuda][sim][neurons][batch]") {
    const auto cpu = cpu_names(2);
    const auto gpu = cuda_test::on_gpu(names_net(), {.dt = 0.5, .batch = 2}, [](auto& s) { return run_names(s); });
    REQUIRE(cpu.nb.size() == 2 * 5);
    for (double v : cpu.nb) CHECK(v == 2.0);
    CHECK(cpu.got.at(0) == 5 * 0.5 + 2.0 + 1000.0 + 2.0);  // x left by step 5, plus num_batch
    // step 6 with axonal delay 2: the last event arrived was emitted in step 2 (c = 3 then)
    CHECK(cpu.ds.at(0) == 2 * 0.5 + 3 * 0.5);
    CHECK(cpu.es.at(0) == 2 * 0.5 + 3 * 0.5 + 3.0);
    CHECK(cpu.dc.at(0) == 4.0);  // c as step 6 - 1 - 2 = 3 left it
    CHECK(gpu == cpu);
}

TEST_CASE("cuda vs cpu: target_var and pre_target_var (additional input variables)", "[cuda][sim][neurons][inputs]") {
    using namespace inputs_test;
    const auto cpu = cpu_inputs(2);
    const auto gpu = cuda_test::on_gpu(inputs_net(), {.dt = 1.0, .batch = 2}, [](auto& s) { return run_inputs(s, 5); });
    REQUIRE(cpu.V.size() == 2 * n_target);
    for (double v : cpu.V) CHECK(v == expected_V(5));
    for (double w : cpu.W) CHECK(w == expected_W(5));
    for (double b : cpu.B) CHECK(b == expected_B(5));
    CHECK(gpu == cpu);
}

TEST_CASE("cuda vs cpu: x[d] delayed reads of postsynaptic state, pre_vars through an axonal delay", "[cuda][sim][neurons][delays]") {
    using namespace inputs_test;
    const auto cpu = cpu_delayed(2);
    const auto gpu = cuda_test::on_gpu(delayed_net(4), {.dt = 0.5, .batch = 2}, [](auto& s) { return run_delayed(s, 9); });
    REQUIRE(cpu.rc.size() == 2 * 5);
    // step 8 read c as step 7 - d left it: (8 - d)(1 + b), d = 0..4 (synapse j has d = j)
    for (std::uint32_t b = 0; b < 2; ++b)
        for (std::uint32_t j = 0; j < 5; ++j) CHECK(cpu.rc[b * 5 + j] == double(8 - j) * (1.0 + b));
    for (double p : cpu.rp) CHECK(p == 8.0 - 2.0);  // pc as step 8 - 1 - 2 left it
    CHECK(gpu == cpu);
}
