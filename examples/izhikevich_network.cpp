// The 10 000-neuron pulse-coupled Izhikevich network (docs/example-networks.md (b)): 8000
// excitatory and 2000 inhibitory neurons, random sparse connectivity p = 0.1, DC drive.
//
//   izhikevich_network [--time ms=1000] [--threads T=0] [--seed N=1]
//
// Prints per-population mean rates and spike counts, the population rate in 10 ms bins as a bar chart
// (the plot of GeNN's tutorial), and build and simulation wall times.
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "networks/izhikevich.hpp"

int main(int argc, char** argv) {
    namespace izn = cxnet::izhikevich_network;
    const cxnet::arguments args(argc, argv);
    const double ms = args.get("time", izn::duration);
    cx::options opt;
    opt.dt = izn::dt;
    opt.seed = std::uint64_t(args.get("seed", 1.0));
    opt.threads = int(args.get("threads", 0.0));

    try {
        cxnet::stopwatch build;
        auto sim = cx::simulate<cx::cpu>(cxnet::make_izhikevich_network(), opt);
        const double build_s = build.seconds();

        cxnet::spike_counter<izn::populations> counter;
        std::array<std::uint64_t, 2> hash{};
        const auto steps = std::uint64_t(std::llround(ms / izn::dt));
        const std::uint64_t per_bin = std::uint64_t(std::llround(10.0 / izn::dt));
        std::vector<std::uint64_t> bins((steps + per_bin - 1) / per_bin, 0);
        cxnet::stopwatch run;
        for (std::uint64_t k = 0; k < steps; ++k) {
            sim.step();
            counter.count(sim);
            izn::populations::add_spike_hashes(sim, hash);
            bins[k / per_bin] += sim.current_spikes<"Exc">().size() + sim.current_spikes<"Inh">().size();
        }
        const double run_s = run.seconds();

        std::printf("Izhikevich network: 8000 Exc + 2000 Inh, %llu synapses, %.0f ms at dt = %.1f ms, %d thread(s)\n",
                    (unsigned long long)cxnet::total_synapses(sim), ms, izn::dt, sim.engine().threads());
        cxnet::print_rates(izn::populations::names, counter.rates(sim, ms));
        // exact counts: the Python package's test compares its spikes with these
        std::printf("spike counts: Exc %llu Inh %llu\n", (unsigned long long)counter.spikes[0],
                    (unsigned long long)counter.spikes[1]);
        std::printf("spike hashes: Exc %016llx Inh %016llx\n", (unsigned long long)hash[0], (unsigned long long)hash[1]);
        std::printf("population rate in 10 ms bins [Hz] (spikes / 10000 neurons / 10 ms):\n");
        for (std::size_t b = 0; b < bins.size(); ++b) {
            const double hz = double(bins[b]) / 10000.0 / 0.010;
            std::printf("%6.0f ms %6.1f %s\n", double(b) * 10.0, hz, std::string(std::size_t(hz / 2.0), '#').c_str());
        }
        std::printf("build %.3f s, simulation %.3f s\n", build_s, run_s);
    } catch (const cx::error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
