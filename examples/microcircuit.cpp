// Potjans & Diesmann (2014) cortical microcircuit (docs/example-networks.md (d)): 77 169
// LIF neurons in 8 populations and about 3·10^8 synapses at full scale.
//
//   microcircuit [--scale S=0.1] [--time ms=1000] [--threads T=0] [--seed N=1] [--dc]
//                [--neuron-scale S] [--connectivity-scale S] [--progress ms] [--hash]
//
// --scale sets both the neuron and the connectivity scale (sizes round(S·N), in-degrees
// K·S with weights / sqrt(S) and the spec's DC compensation); the two can be set apart.
// --dc replaces the Poisson background by its mean current. Prints per-population mean
// rates next to the spec's full-scale reference rates, synapse count, peak memory per
// synapse, and build, init and simulation wall times; --hash adds the spike counts and
// hashes (cxnet::hash_spikes) that the Python package's test compares.
#include <array>
#include <cstdio>
#include <string>

#include "networks/microcircuit.hpp"

int main(int argc, char** argv) {
    namespace mc = cxnet::microcircuit;
    const cxnet::arguments args(argc, argv);
    const double scale = args.get("scale", 0.1);
    mc::config c;
    c.neuron_scale = args.get("neuron-scale", scale);
    c.connectivity_scale = args.get("connectivity-scale", scale);
    c.input = args.has("dc") ? mc::drive::dc : mc::drive::poisson;
    const double ms = args.get("time", 1000.0);
    const double progress = args.get("progress", 0.0);  // [ms] report every so much biological time (0: never)
    cx::options opt;
    opt.dt = mc::dt;
    opt.seed = std::uint64_t(args.get("seed", 1.0));
    opt.threads = int(args.get("threads", 0.0));
    opt.timing = true;
    opt.fuse_postsynaptic = !args.has("no-fuse");  // the 8 ExpCurr inputs per population share one inSyn

    try {
        cxnet::stopwatch build;
        auto net = cxnet::make_microcircuit(c);
        const double construct_s = build.seconds();
        auto sim = cx::simulate<cx::cpu>(std::move(net), opt);
        const double build_s = build.seconds();
        const std::uint64_t syn = cxnet::total_synapses(sim);
        const std::uint64_t rss_init = cxnet::peak_rss_bytes();

        std::printf("Potjans-Diesmann microcircuit: neuron scale %g, connectivity scale %g, %s drive, %d thread(s), seed %llu\n",
                    c.neuron_scale, c.connectivity_scale, c.input == mc::drive::dc ? "DC" : "Poisson", sim.engine().threads(),
                    (unsigned long long)opt.seed);
        std::uint64_t neurons = 0;
        for (std::size_t p = 0; p < mc::num_pops; ++p) neurons += mc::size(p, c);
        std::printf("%llu neurons, %zu projections, %llu synapses\n", (unsigned long long)neurons, mc::num_projections,
                    (unsigned long long)syn);
        // the engine's init_sparse timer covers whole synapse groups: rows and their weights/delays
        std::printf("build %.2f s (network description %.3f s, allocation and initialisation %.2f s: synapse groups "
                    "(connectivity, weights, delays) %.2f s, neurons and sources %.2f s)\n",
                    build_s, construct_s, build_s - construct_s, sim.timers().init_sparse,
                    sim.timers().init - sim.timers().init_sparse);
        std::fflush(stdout);

        cxnet::spike_counter<mc::populations> counter;
        const bool hash = args.has("hash");  // spike hashes for the Python package's test
        std::array<std::uint64_t, mc::num_pops> hashes{};
        cxnet::stopwatch run;
        const auto steps = std::uint64_t(std::llround(ms / mc::dt));
        const auto every = progress > 0 ? std::uint64_t(std::llround(progress / mc::dt)) : 0;
        for (std::uint64_t k = 1; k <= steps; ++k) {
            sim.step();
            counter.count(sim);
            if (hash) mc::populations::add_spike_hashes(sim, hashes);
            if (every && k % every == 0) {
                std::fprintf(stderr, "  %.0f ms simulated, %.1f s wall\n", double(k) * mc::dt, run.seconds());
                std::fflush(stderr);
            }
        }
        const double run_s = run.seconds();
        const std::uint64_t rss = cxnet::peak_rss_bytes();
        const auto& tm = sim.timers();

        std::printf("simulated %.0f ms (%llu steps of %.1f ms)\n", ms, (unsigned long long)steps, mc::dt);
        cxnet::print_rates(mc::populations::names, counter.rates(sim, ms), mc::reference_rate.data());
        if (hash) {
            std::printf("spike counts:");
            for (std::size_t p = 0; p < mc::num_pops; ++p) std::printf(" %llu", (unsigned long long)counter.spikes[p]);
            std::printf("\nspike hashes:");
            for (std::size_t p = 0; p < mc::num_pops; ++p) std::printf(" %016llx", (unsigned long long)hashes[p]);
            std::printf("\n");
        }
        std::printf("simulation %.2f s wall = %.2f s per biological second (neurons %.2f s, synapses %.2f s)\n", run_s,
                    ms > 0 ? run_s / (ms * 1e-3) : 0.0, tm.neuron_update, tm.presynaptic_update);
        std::printf("peak RSS %.1f MiB after initialisation, %.1f MiB at the end = %.2f bytes per synapse\n",
                    double(rss_init) / 1048576.0, double(rss) / 1048576.0, syn ? double(rss) / double(syn) : 0.0);
    } catch (const cx::error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
