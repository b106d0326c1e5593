// Whole-network benchmarks on the CUDA backend: Vogels–Abbott (CUBA) and the
// Potjans–Diesmann microcircuit, the same networks and JSON keys as bench_networks.cpp
// (benchmarks/README.md) plus the GPU's facts: its name, device memory of the network,
// kernel launches, host launches and host synchronisations per step.
//
//   bench_networks_cuda va N [bio_ms=1000] [--double] [--timing] [--stream|--persistent] [--graph-steps K] [--seed S]
//   bench_networks_cuda microcircuit SCALE [bio_ms=1000] [...]
//   bench_networks_cuda empty N [bio_ms=1000] [...]      launch/sync overhead: N silent neurons
//
// --timing times every phase with CUDA events (one host sync per step: slower runs).
// scripts/gpu_bench.sh runs the series and writes benchmarks/results/<date>_<gpu>.jsonl.
#include <cortexpr/cuda.cuh>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../examples/networks/vogels_abbott.hpp"
#if __has_include("../examples/networks/microcircuit.hpp")
#  include "../examples/networks/microcircuit.hpp"
#  define CX_BENCH_MICROCIRCUIT 1
#endif

using namespace cx::literals;

namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

struct run_config {
    std::string bench;
    double size = 0;
    double bio_ms = 1000.0;
    bool timing = false, dbl = false, stream = false, persistent = false;
    std::uint32_t graph_steps = 100;
    std::uint64_t seed = 1234;
};

struct outcome {
    std::uint64_t neurons = 0, synapses = 0;
    double build_s = 0, sim_s = 0, warmup_s = 0;
    cx::phase_times phases;
    cx::cuda_stats stats;
    std::size_t device_bytes = 0;
    std::vector<std::pair<std::string, double>> rates;
    std::uint64_t spike_hash = 1469598103934665603ull;
};

template <cx::fixed_string Pop, class Sim>
void collect(Sim& sim, std::uint32_t n, double bio_ms, outcome& out) {
    const auto rec = sim.template spike_recording<Pop>();  // pulls the recording
    std::uint64_t count = 0;
    for (std::uint32_t w : rec) {
        count += std::uint64_t(__builtin_popcount(w));
        for (int k = 0; k < 4; ++k) { out.spike_hash ^= (w >> (8 * k)) & 0xffu; out.spike_hash *= 1099511628211ull; }
    }
    out.rates.emplace_back(std::string(std::string_view(Pop)), double(count) / (double(n) * bio_ms / 1000.0));
}

template <class Sim>
void configure(Sim& sim, const run_config& c) {
    auto& cfg = sim.engine().config();
    cfg.launch = c.persistent ? cx::cuda_launch::persistent : c.stream ? cx::cuda_launch::stream : cx::cuda_launch::graph;
    cfg.graph_steps = c.graph_steps;
}

/// Runs bio_ms after a short warm-up (graph capture and first launches are not timed).
template <class Sim>
void timed_run(Sim& sim, const run_config& c, outcome& out) {
    const auto tw = clock_type::now();
    sim.run(double(c.graph_steps) * sim.dt());  // warm-up: builds the graph
    out.warmup_s = seconds_since(tw);
    const auto s0 = sim.engine().stats();
    const auto t1 = clock_type::now();
    sim.run(c.bio_ms);
    out.sim_s = seconds_since(t1);
    out.stats = sim.engine().stats();
    out.stats.steps -= s0.steps;
    out.stats.kernel_launches -= s0.kernel_launches;
    out.stats.host_launches -= s0.host_launches;
    out.stats.host_syncs -= s0.host_syncs;
    out.stats.graph_launches -= s0.graph_launches;
    out.phases = sim.timers();
    out.device_bytes = sim.engine().device_bytes();
}

template <class S>
outcome run_va(const run_config& c) {
    outcome out;
    const auto n_total = std::uint32_t(c.size);
    const auto t0 = clock_type::now();
    auto sim = cx::simulate<cx::cuda, S>(cxnet::make_vogels_abbott(n_total),
                                         {.dt = cxnet::vogels_abbott::dt, .seed = c.seed, .timing = c.timing});
    out.build_s = seconds_since(t0);
    configure(sim, c);
    const auto steps = std::uint32_t(std::llround(c.bio_ms / sim.dt()));
    sim.template record_spikes<"E">(steps);
    sim.template record_spikes<"I">(steps);
    timed_run(sim, c, out);
    const std::uint32_t ne = 4 * n_total / 5;
    out.neurons = n_total;
    out.synapses = sim.template synapse_count<"EE">() + sim.template synapse_count<"EI">() +
                   sim.template synapse_count<"II">() + sim.template synapse_count<"IE">();
    collect<"E">(sim, ne, c.bio_ms, out);
    collect<"I">(sim, n_total - ne, c.bio_ms, out);
    return out;
}

template <class S>
outcome run_empty(const run_config& c) {
    outcome out;
    const auto n = std::uint32_t(c.size);
    const auto t0 = clock_type::now();
    auto sim = cx::simulate<cx::cuda, S>(
        cx::network(cx::population<"N", cx::neuron::LIF>(n, "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0,
                                                         "Vthresh"_p = -50.0, "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0, "V"_v = -65.0,
                                                         "RefracTime"_v = 0.0)),
        {.dt = 0.1, .seed = c.seed, .timing = c.timing});
    out.build_s = seconds_since(t0);
    configure(sim, c);
    timed_run(sim, c, out);
    out.neurons = n;
    return out;
}

#ifdef CX_BENCH_MICROCIRCUIT
template <class Sim, std::size_t... P, std::size_t... K>
void mc_collect(Sim& sim, const cxnet::microcircuit::config& mc, double bio_ms, outcome& out, std::index_sequence<P...>,
                std::index_sequence<K...>) {
    namespace m = cxnet::microcircuit;
    (collect<m::pop_name<P>>(sim, m::size(P, mc), bio_ms, out), ...);
    ((out.neurons += m::size(P, mc)), ...);
    ((out.synapses += sim.template synapse_count<m::projection_name<m::projections[K].first, m::projections[K].second>>()), ...);
}
template <class Sim, std::size_t... P>
void mc_record(Sim& sim, std::uint32_t steps, std::index_sequence<P...>) {
    (sim.template record_spikes<cxnet::microcircuit::pop_name<P>>(steps), ...);
}
template <class S>
outcome run_mc(const run_config& c) {
    namespace m = cxnet::microcircuit;
    outcome out;
    const m::config mc{.neuron_scale = c.size, .connectivity_scale = 1.0};
    const auto t0 = clock_type::now();
    auto sim = cx::simulate<cx::cuda, S>(cxnet::make_microcircuit(mc), {.dt = m::dt, .seed = c.seed, .timing = c.timing,
                                                                       .fuse_postsynaptic = true});
    out.build_s = seconds_since(t0);
    configure(sim, c);
    const auto steps = std::uint32_t(std::llround(c.bio_ms / sim.dt()));
    mc_record(sim, steps, std::make_index_sequence<m::num_pops>{});
    timed_run(sim, c, out);
    mc_collect(sim, mc, c.bio_ms, out, std::make_index_sequence<m::num_pops>{}, std::make_index_sequence<m::num_projections>{});
    return out;
}
#endif

void print(const run_config& c, const outcome& o) {
    cudaDeviceProp prop{};
    int dev = 0;
    (void)cudaGetDevice(&dev);
    (void)cudaGetDeviceProperties(&prop, dev);
    const char* name = c.bench == "va" ? "vogels_abbott" : c.bench == "empty" ? "empty" : "microcircuit";
    const double bio_s = c.bio_ms / 1000.0;
    std::printf("{\"bench\":\"%s\",\"simulator\":\"cortexpr\",\"backend\":\"cuda\",\"gpu\":\"%s\",\"precision\":\"%s\",", name,
                prop.name, c.dbl ? "double" : "float");
    std::printf("\"launch\":\"%s\",\"graph_steps\":%u,\"neurons\":%llu,", c.persistent ? "persistent" : c.stream ? "stream" : "graph", c.graph_steps,
                (unsigned long long)o.neurons);
    if (c.bench == "microcircuit") std::printf("\"scale\":%g,", c.size);
    else std::printf("\"scale\":null,");
    std::printf("\"synapses\":%llu,\"bio_s\":%g,\"build_s\":%.4f,\"init_s\":%.4f,\"warmup_s\":%.4f,\"sim_s\":%.5f,"
                "\"s_per_bio_s\":%.5f,\"real_time_factor\":%.5f,",
                (unsigned long long)o.synapses, bio_s, o.build_s, o.phases.init, o.warmup_s, o.sim_s, o.sim_s / bio_s,
                o.sim_s / bio_s);
    const double steps = double(o.stats.steps ? o.stats.steps : 1);
    std::printf("\"steps\":%llu,\"us_per_step\":%.3f,\"kernels_per_step\":%.3f,\"host_launches_per_step\":%.5f,"
                "\"host_syncs_per_step\":%.6f,\"host_syncs_per_bio_s\":%.3f,\"device_bytes\":%zu,\"device_bytes_per_synapse\":%.3f,",
                (unsigned long long)o.stats.steps, 1e6 * o.sim_s / steps, double(o.stats.kernel_launches) / steps,
                double(o.stats.host_launches) / steps, double(o.stats.host_syncs) / steps, double(o.stats.host_syncs) / bio_s,
                o.device_bytes, o.synapses ? double(o.device_bytes) / double(o.synapses) : 0.0);
    std::printf("\"timing\":%s,", c.timing ? "true" : "false");
    if (c.timing)
        std::printf("\"phases\":{\"neuron_update\":%.4f,\"presynaptic_update\":%.4f,\"postsynaptic_update\":%.4f,"
                    "\"synapse_dynamics\":%.4f,\"init\":%.4f,\"init_sparse\":%.4f},",
                    o.phases.neuron_update, o.phases.presynaptic_update, o.phases.postsynaptic_update, o.phases.synapse_dynamics,
                    o.phases.init, o.phases.init_sparse);
    std::printf("\"rates_hz\":{");
    for (std::size_t k = 0; k < o.rates.size(); ++k) std::printf("%s\"%s\":%.4f", k ? "," : "", o.rates[k].first.c_str(), o.rates[k].second);
    std::printf("},\"seed\":%llu,\"spike_hash\":\"%016llx\"}\n", (unsigned long long)c.seed, (unsigned long long)o.spike_hash);
}

template <class S>
outcome run(const run_config& c) {
    if (c.bench == "va") return run_va<S>(c);
    if (c.bench == "empty") return run_empty<S>(c);
#ifdef CX_BENCH_MICROCIRCUIT
    return run_mc<S>(c);
#else
    throw std::runtime_error("microcircuit: examples/networks/microcircuit.hpp not found at build time");
#endif
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> pos;
    run_config c;
    for (int k = 1; k < argc; ++k) {
        if (!std::strcmp(argv[k], "--timing")) c.timing = true;
        else if (!std::strcmp(argv[k], "--double")) c.dbl = true;
        else if (!std::strcmp(argv[k], "--stream")) c.stream = true;
        else if (!std::strcmp(argv[k], "--persistent")) c.persistent = true;
        else if (!std::strcmp(argv[k], "--graph-steps") && k + 1 < argc) c.graph_steps = std::uint32_t(std::strtoul(argv[++k], nullptr, 10));
        else if (!std::strcmp(argv[k], "--seed") && k + 1 < argc) c.seed = std::strtoull(argv[++k], nullptr, 10);
        else pos.emplace_back(argv[k]);
    }
    if (pos.size() < 2 || (pos[0] != "va" && pos[0] != "microcircuit" && pos[0] != "empty")) {
        std::fprintf(stderr, "usage: %s va|microcircuit|empty SIZE [bio_ms=1000] [--double] [--timing] [--stream|--persistent] [--graph-steps K] [--seed S]\n", argv[0]);
        return 2;
    }
    c.bench = pos[0];
    c.size = std::atof(pos[1].c_str());
    if (pos.size() > 2) c.bio_ms = std::atof(pos[2].c_str());
    try {
        if (c.dbl) throw std::runtime_error("--double: this build has float only (one precision keeps the compile short; add run<double> here)");
        print(c, run<float>(c));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
