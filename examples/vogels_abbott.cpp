// Vogels-Abbott (CUBA) benchmark network (docs/example-networks.md (c)): N LIF neurons, 4:1
// excitatory to inhibitory, sparse random connectivity, exponential current synapses.
//
//   vogels_abbott [neurons=4000] [--time ms=10000] [--threads T=0] [--seed S=1] [--prob p] [--hash 1]
//
// Prints the per-population mean rates, build (network construction, allocation and
// connectivity/variable initialisation) and simulation wall times; with --hash 1 also the
// spike counts and hashes (cxnet::hash_spikes) that the Python package's test compares.
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "networks/vogels_abbott.hpp"

int main(int argc, char** argv) {
    const cxnet::arguments args(argc, argv);
    const auto n = std::uint32_t(args.positional.empty() ? args.get("neurons", 4000.0) : std::stod(args.positional[0]));
    const double ms = args.positional.size() > 1 ? std::stod(args.positional[1]) : args.get("time", 10000.0);
    const int threads = int(args.get("threads", 0.0));
    const auto seed = std::uint64_t(args.get("seed", 1.0));
    const double prob = args.get("prob", 0.0);
    const bool hash = args.get("hash", 0.0) != 0.0;

    try {
        cx::options opt;
        opt.dt = cxnet::vogels_abbott::dt;
        opt.seed = seed;
        opt.threads = threads;
        cxnet::stopwatch build;
        auto sim = cx::simulate<cx::cpu>(cxnet::make_vogels_abbott(n, prob), opt);
        const double build_s = build.seconds();
        const std::uint64_t syn = cxnet::total_synapses(sim);

        cxnet::spike_counter<cxnet::vogels_abbott::populations> counter;
        cxnet::stopwatch run;
        std::array<std::uint64_t, 2> hashes{};
        if (hash) {
            const auto steps = std::uint64_t(std::llround(ms / sim.dt()));
            for (std::uint64_t k = 0; k < steps; ++k) {
                sim.step();
                counter.count(sim);
                cxnet::vogels_abbott::populations::add_spike_hashes(sim, hashes);
            }
        } else {
            cxnet::run_counting(sim, ms, counter);
        }
        const double run_s = run.seconds();

        std::printf("Vogels-Abbott: %u neurons, p = %.6g, %llu synapses, %.0f ms at dt = %.1f ms, %d thread(s)\n", n,
                    prob > 0 ? prob : cxnet::vogels_abbott::default_prob(n), (unsigned long long)syn, ms,
                    cxnet::vogels_abbott::dt, sim.engine().threads());
        cxnet::print_rates(cxnet::vogels_abbott::populations::names, counter.rates(sim, ms));
        if (hash)
            std::printf("spike counts: E %llu I %llu\nspike hashes: E %016llx I %016llx\n",
                        (unsigned long long)counter.spikes[0], (unsigned long long)counter.spikes[1],
                        (unsigned long long)hashes[0], (unsigned long long)hashes[1]);
        std::printf("build %.3f s, simulation %.3f s (%.3f s per biological second), peak RSS %.1f MiB\n", build_s, run_s,
                    ms > 0 ? run_s / (ms * 1e-3) : 0.0, double(cxnet::peak_rss_bytes()) / (1024.0 * 1024.0));
    } catch (const cx::error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
