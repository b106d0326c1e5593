// Vogels-Abbott (CUBA) on the CUDA backend: the network of vogels_abbott.cpp
// (examples/networks/vogels_abbott.hpp), stepped on the GPU with CUDA graphs; spikes are
// recorded on the device and pulled once at the end.
//
//   vogels_abbott_cuda [neurons=4000] [--time ms=10000] [--seed S=1] [--prob p] [--double 1]
#include <cortexpr/cuda.cuh>

#include <cstdio>
#include <string>

#include "networks/vogels_abbott.hpp"

template <class S>
int run(std::uint32_t n, double ms, std::uint64_t seed, double prob) {
    cx::options opt;
    opt.dt = cxnet::vogels_abbott::dt;
    opt.seed = seed;
    cxnet::stopwatch build;
    auto sim = cx::simulate<cx::cuda, S>(cxnet::make_vogels_abbott(n, prob), opt);
    const double build_s = build.seconds();
    const std::uint64_t syn = cxnet::total_synapses(sim);
    const auto steps = std::uint32_t(ms / opt.dt + 0.5);
    sim.template record_spikes<"E">(steps ? steps : 1);
    sim.template record_spikes<"I">(steps ? steps : 1);
    cxnet::stopwatch timer;
    sim.run(ms);
    const double run_s = timer.seconds();
    const std::uint32_t ne = 4 * n / 5;
    const double e = double(sim.template spikes<"E">().ids.size()) / (double(ne) * ms * 1e-3);
    const double i = double(sim.template spikes<"I">().ids.size()) / (double(n - ne) * ms * 1e-3);
    const auto& st = sim.engine().stats();
    std::printf("Vogels-Abbott on CUDA: %u neurons, %llu synapses, %.0f ms at dt = %.1f ms\n", n, (unsigned long long)syn, ms, opt.dt);
    std::printf("rates: E %.3f Hz, I %.3f Hz\n", e, i);
    std::printf("build %.3f s, simulation %.3f s (%.4f s per biological second); %.2f kernels and %.4f host launches and %.5f "
                "host syncs per step; %.1f MiB on the device\n",
                build_s, run_s, ms > 0 ? run_s / (ms * 1e-3) : 0.0,
                double(st.kernel_launches) / double(st.steps ? st.steps : 1), st.launches_per_step(), st.syncs_per_step(),
                double(sim.engine().device_bytes()) / (1024.0 * 1024.0));
    return 0;
}

int main(int argc, char** argv) {
    const cxnet::arguments args(argc, argv);
    const auto n = std::uint32_t(args.positional.empty() ? args.get("neurons", 4000.0) : std::stod(args.positional[0]));
    const double ms = args.positional.size() > 1 ? std::stod(args.positional[1]) : args.get("time", 10000.0);
    const auto seed = std::uint64_t(args.get("seed", 1.0));
    const double prob = args.get("prob", 0.0);
    try {
        return args.get("double", 0.0) != 0.0 ? run<double>(n, ms, seed, prob) : run<float>(n, ms, seed, prob);
    } catch (const cx::error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
