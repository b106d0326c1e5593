// Whole-network benchmarks on the CPU backend: Vogels–Abbott (CUBA) and the
// Potjans–Diesmann microcircuit (example-networks.md (c), (d)), one run per process so
// that peak_rss_mb is the run's own peak.
//
//   bench_networks va N [threads=1] [bio_ms=1000] [--no-timing] [--seed S] [--min-per-thread N]
//   bench_networks cuba N [threads=1] [bio_ms=1000] [...]      (dt 0.1 ms, in-degree 80)
//   bench_networks microcircuit SCALE [threads=1] [bio_ms=1000] [--no-timing] [--seed S] [--min-per-thread N]
//
// Prints one JSON line (keys in benchmarks/README.md). Scaling follows the Brian2
// scripts in benchmarks/brian2/ so the two sides build the same networks:
// Vogels–Abbott keeps the in-degree at 400 (p = 0.1·4000/N, the spec's weights);
// the microcircuit scales the neuron counts and keeps the full in-degrees
// (connectivity_scale 1, no DC compensation).
#include <cortexpr/cortexpr.hpp>

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "../examples/networks/vogels_abbott.hpp"
#include "support/cuba_network.hpp"
#if __has_include("../examples/networks/microcircuit.hpp")
#  include "../examples/networks/microcircuit.hpp"
#  define CX_BENCH_MICROCIRCUIT 1
#endif

using namespace cx::literals;

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// CPU time of the whole process (all threads): on a machine shared with other jobs it
// is a steadier measure than wall time for a one-thread run.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double peak_rss_mb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

struct run_config {
    std::string bench;
    double size = 0;          // neurons (va) or scale (microcircuit)
    std::uint32_t min_per_thread = cortexpr::options{}.min_per_thread;
    int threads = 1;
    double bio_ms = 1000.0;
    bool timing = true;
    std::uint64_t seed = 1234;
};

// What each network reports besides the timings.
struct outcome {
    std::uint64_t neurons = 0, synapses = 0;
    double build_s = 0, sim_s = 0, sim_cpu_s = 0;
    cx::phase_times phases;
    std::vector<std::pair<std::string, double>> rates;  // population, Hz
    std::uint64_t spike_hash = 1469598103934665603ull;  // FNV-1a over the recordings
};

// Counts the spikes of a recording and folds it into the hash, so a change of any spike
// (time or id) shows as a different spike_hash between two builds of the engine.
template <cx::fixed_string Pop, class Sim>
void collect(Sim& sim, std::uint32_t n, double bio_ms, outcome& out) {
    const auto rec = sim.template spike_recording<Pop>();
    std::uint64_t count = 0;
    for (std::uint32_t w : rec) {
        count += std::uint64_t(__builtin_popcount(w));
        for (int k = 0; k < 4; ++k) { out.spike_hash ^= (w >> (8 * k)) & 0xffu; out.spike_hash *= 1099511628211ull; }
    }
    out.rates.emplace_back(std::string(std::string_view(Pop)), double(count) / (double(n) * bio_ms / 1000.0));
}

// ---- Vogels–Abbott ------------------------------------------------------------------
// examples/networks/vogels_abbott.hpp: example (c), p = 0.1·4000/N (in-degree 400).

// Vogels–Abbott and CUBA (support/cuba_network.hpp) have the same populations and
// projection names; they differ in dt, connectivity and weights.
template <class Net>
outcome run_ei(const run_config& c, Net&& net, double dt) {
    outcome out;
    const auto n_total = std::uint32_t(c.size);
    const auto t0 = clock_type::now();
    auto sim = cx::simulate<cx::cpu>(std::forward<Net>(net),
                                     {.dt = dt, .seed = c.seed, .threads = c.threads, .timing = c.timing,
                                      .min_per_thread = c.min_per_thread});
    out.build_s = seconds_since(t0);
    const auto steps = std::uint32_t(std::llround(c.bio_ms / sim.dt()));
    sim.template record_spikes<"E">(steps);
    sim.template record_spikes<"I">(steps);
    const auto t1 = clock_type::now();
    const double c1 = cpu_seconds();
    sim.run(c.bio_ms);
    out.sim_s = seconds_since(t1);
    out.sim_cpu_s = cpu_seconds() - c1;
    out.phases = sim.timers();
    const std::uint32_t ne = 4 * n_total / 5;
    out.neurons = n_total;
    out.synapses = sim.template synapse_count<"EE">() + sim.template synapse_count<"EI">() +
                   sim.template synapse_count<"II">() + sim.template synapse_count<"IE">();
    collect<"E">(sim, ne, c.bio_ms, out);
    collect<"I">(sim, n_total - ne, c.bio_ms, out);
    return out;
}

outcome run_va(const run_config& c) {
    return run_ei(c, cxnet::make_vogels_abbott(std::uint32_t(c.size)), cxnet::vogels_abbott::dt);
}

outcome run_cuba(const run_config& c) {
    return run_ei(c, cxbench::make_cuba(std::uint32_t(c.size)), cxbench::cuba::dt);
}

// ---- Potjans–Diesmann microcircuit -----------------------------------------------------
#ifdef CX_BENCH_MICROCIRCUIT
// examples/networks/microcircuit.hpp: example (d), neuron_scale = SCALE with the full
// in-degrees (connectivity_scale 1: no DC compensation, full-scale weights).
template <class Sim, std::size_t... P, std::size_t... K>
void mc_collect(Sim& sim, const cxnet::microcircuit::config& mc, double bio_ms, outcome& out,
                std::index_sequence<P...>, std::index_sequence<K...>) {
    namespace m = cxnet::microcircuit;
    (collect<m::pop_name<P>>(sim, m::size(P, mc), bio_ms, out), ...);
    ((out.neurons += m::size(P, mc)), ...);
    ((out.synapses += sim.template synapse_count<m::projection_name<m::projections[K].first, m::projections[K].second>>()), ...);
}

template <class Sim, std::size_t... P>
void mc_record(Sim& sim, std::uint32_t steps, std::index_sequence<P...>) {
    (sim.template record_spikes<cxnet::microcircuit::pop_name<P>>(steps), ...);
}

outcome run_mc(const run_config& c) {
    namespace m = cxnet::microcircuit;
    outcome out;
    const m::config mc{.neuron_scale = c.size, .connectivity_scale = 1.0};
    const auto t0 = clock_type::now();
    auto sim = cx::simulate<cx::cpu>(cxnet::make_microcircuit(mc),
                                     {.dt = m::dt, .seed = c.seed, .threads = c.threads, .timing = c.timing,
                                      .fuse_postsynaptic = true, .min_per_thread = c.min_per_thread});
    out.build_s = seconds_since(t0);
    const auto steps = std::uint32_t(std::llround(c.bio_ms / sim.dt()));
    mc_record(sim, steps, std::make_index_sequence<m::num_pops>{});
    const auto t1 = clock_type::now();
    const double c1 = cpu_seconds();
    sim.run(c.bio_ms);
    out.sim_s = seconds_since(t1);
    out.sim_cpu_s = cpu_seconds() - c1;
    out.phases = sim.timers();
    mc_collect(sim, mc, c.bio_ms, out, std::make_index_sequence<m::num_pops>{}, std::make_index_sequence<m::num_projections>{});
    return out;
}
#endif

void print(const run_config& c, const outcome& o) {
    const bool va = c.bench != "microcircuit";  // va, cuba: sized by neurons
    std::printf("{\"bench\":\"%s\",\"simulator\":\"cortexpr\",\"backend\":\"cpu\",\"threads\":%d,\"neurons\":%llu,",
                c.bench == "va" ? "vogels_abbott" : c.bench.c_str(), c.threads, (unsigned long long)o.neurons);
    if (va) std::printf("\"scale\":null,");
    else std::printf("\"scale\":%g,", c.size);
    std::printf("\"synapses\":%llu,\"bio_s\":%g,\"build_s\":%.4f,\"init_s\":%.4f,\"sim_s\":%.4f,\"s_per_bio_s\":%.5f,",
                (unsigned long long)o.synapses, c.bio_ms / 1000.0, o.build_s, o.phases.init, o.sim_s,
                o.sim_s / (c.bio_ms / 1000.0));
    std::printf("\"sim_cpu_s\":%.4f,\"timing\":%s,", o.sim_cpu_s, c.timing ? "true" : "false");
    if (c.timing)
        std::printf("\"phases\":{\"neuron_update\":%.4f,\"presynaptic_update\":%.4f,\"postsynaptic_update\":%.4f,"
                    "\"synapse_dynamics\":%.4f,\"init\":%.4f,\"init_sparse\":%.4f},",
                    o.phases.neuron_update, o.phases.presynaptic_update, o.phases.postsynaptic_update,
                    o.phases.synapse_dynamics, o.phases.init, o.phases.init_sparse);
    std::printf("\"peak_rss_mb\":%.1f,\"rates_hz\":{", peak_rss_mb());
    for (std::size_t k = 0; k < o.rates.size(); ++k)
        std::printf("%s\"%s\":%.4f", k ? "," : "", o.rates[k].first.c_str(), o.rates[k].second);
    // which SIMD path made the streams' first blocks (CORTEXPR_PHILOX_ISA caps it)
    std::printf("},\"seed\":%llu,\"rng_isa\":\"%s\",\"spike_hash\":\"%016llx\"}\n", (unsigned long long)c.seed,
                cortexpr::random::philox_lanes_isa(), (unsigned long long)o.spike_hash);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> pos;
    run_config c;
    for (int k = 1; k < argc; ++k) {
        if (!std::strcmp(argv[k], "--no-timing")) c.timing = false;
        else if (!std::strcmp(argv[k], "--seed") && k + 1 < argc) c.seed = std::strtoull(argv[++k], nullptr, 10);
        else if (!std::strcmp(argv[k], "--min-per-thread") && k + 1 < argc)
            c.min_per_thread = std::uint32_t(std::strtoul(argv[++k], nullptr, 10));
        else pos.emplace_back(argv[k]);
    }
    if (pos.size() < 2 || (pos[0] != "va" && pos[0] != "cuba" && pos[0] != "microcircuit")) {
        std::fprintf(stderr, "usage: %s va|cuba|microcircuit SIZE [threads=1] [bio_ms=1000] [--no-timing] [--seed S] [--min-per-thread N]\n", argv[0]);
        return 2;
    }
    c.bench = pos[0];
    c.size = std::atof(pos[1].c_str());
    if (pos.size() > 2) c.threads = std::atoi(pos[2].c_str());
    if (pos.size() > 3) c.bio_ms = std::atof(pos[3].c_str());
    try {
        if (c.bench == "va") print(c, run_va(c));
        else if (c.bench == "cuba") print(c, run_cuba(c));
        else {
#ifdef CX_BENCH_MICROCIRCUIT
            print(c, run_mc(c));
#else
            std::fprintf(stderr, "microcircuit: examples/networks/microcircuit.hpp not found at build time\n");
            return 2;
#endif
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
