// The fixed cost of a time step on the CPU backend (issue 16: "an empty network's steps
// per second, and 1,000 silent neurons"): networks whose steps do next to no work, run
// for many steps through run(ms) (one call) and through a step() loop (one call per
// step, as PyGeNN's step_time() or a closed-loop driver does), so what is measured is the
// host overhead around the neuron loop.
//
//   step_overhead [steps=200000] [repeats=5] [threads=1] [net=all]
//
// Networks (all silent: no input, so no spike is ever emitted or propagated):
//   lif1       1 LIF neuron
//   lif1k      1,000 LIF neurons, no synapses
//   lif10k     10,000 LIF neurons, no synapses (with threads >= 2, the only one split
//              over a team: a step() loop enters the OpenMP region once per step)
//   ssa1k      1,000 SpikeSourceArray neurons with 100 spike times each, all after the
//              run (what a step() loop pays to validate spike times before every step)
//
// Prints one JSON line per (net, mode):
//   {"bench":"step_overhead","net":"lif1k","mode":"step_loop","threads":1,"steps":...,
//    "repeats":5,"ns_per_step":...,"cpu_ns_per_step":...}
// ns_per_step is the best wall time of the repeats divided by the steps; cpu_ns_per_step
// is the process CPU time of that same repeat (steadier on a shared machine).
#include <cortexpr/cortexpr.hpp>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace cx::literals;

namespace {

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

struct timing {
    double wall = 1e300, cpu = 0;
};

auto lif_net(std::uint32_t n) {
    return cx::network(cx::population<"P", cx::neuron::LIF>(
        n, "C"_p = 0.25, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, "Ioffset"_p = 0.0,
        "TauRefrac"_p = 2.0, "V"_v = -65.0, "RefracTime"_v = 0.0));
}

auto ssa_net(std::uint32_t n) {
    return cx::network(cx::population<"P", cx::neuron::SpikeSourceArray>(n, "startSpike"_v = 0.0, "endSpike"_v = 0.0));
}
/// Gives each SpikeSourceArray neuron `per` spike times, every one after `after_ms`.
template <class Sim>
void give_spike_times(Sim& sim, std::uint32_t per, double after_ms) {
    auto start = sim.template var<"P", "startSpike">();
    auto end = sim.template var<"P", "endSpike">();
    std::vector<double> times;
    for (std::size_t i = 0; i < start.size(); ++i) {
        start[i] = std::uint32_t(times.size());
        for (std::uint32_t k = 0; k < per; ++k) times.push_back(after_ms + 1.0 + double(k));
        end[i] = std::uint32_t(times.size());
    }
    start.push();
    end.push();
    sim.template set_egp<"P", "spikeTimes">(times);
}

/// Best of `repeats`: each repeat a fresh simulation run for `steps` steps by `mode`.
template <class Make, class Setup>
timing measure(Make&& make, Setup&& setup, bool step_loop, std::uint64_t steps, int repeats, int threads, std::uint64_t& spikes) {
    timing best;
    for (int r = 0; r < repeats; ++r) {
        auto sim = cx::simulate<cx::cpu>(make(), {.dt = 0.1, .seed = 1, .threads = threads});
        sim.template record_spikes<"P">(1);
        setup(sim);
        sim.step();  // first step (validation, lazily sized lists) outside the timing
        const double c0 = cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
        if (step_loop) {
            for (std::uint64_t k = 0; k < steps; ++k) sim.step();
        } else {
            sim.run(double(steps) * 0.1);
        }
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpu = cpu_seconds() - c0;
        if (sim.timestep() != steps + 1) {
            std::fprintf(stderr, "step_overhead: ran %llu steps, expected %llu\n", (unsigned long long)sim.timestep(),
                         (unsigned long long)(steps + 1));
            std::exit(1);
        }
        spikes += sim.template spikes<"P">().ids.size();
        if (wall < best.wall) best = {wall, cpu};
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t steps = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
    const std::string only = argc > 4 ? argv[4] : "all";
    const double after_ms = double(steps + 2) * 0.1;
    struct net_case {
        const char* name;
        int which;
    };
    const net_case nets[] = {{"lif1", 0}, {"lif1k", 1}, {"lif10k", 3}, {"ssa1k", 2}};
    for (const auto& nc : nets) {
        if (only != "all" && only != nc.name) continue;
        for (const bool step_loop : {false, true}) {
            std::uint64_t spikes = 0;
            timing t;
            const auto none = [](auto&) {};
            if (nc.which == 0) t = measure([] { return lif_net(1); }, none, step_loop, steps, repeats, threads, spikes);
            else if (nc.which == 1) t = measure([] { return lif_net(1000); }, none, step_loop, steps, repeats, threads, spikes);
            else if (nc.which == 3) t = measure([] { return lif_net(10000); }, none, step_loop, steps / 10, repeats, threads, spikes);
            else
                t = measure([] { return ssa_net(1000); }, [&](auto& sim) { give_spike_times(sim, 100, after_ms); }, step_loop, steps,
                            repeats, threads, spikes);
            if (spikes != 0) {
                std::fprintf(stderr, "step_overhead: %s emitted %llu spikes; the networks must stay silent\n", nc.name,
                             (unsigned long long)spikes);
                return 1;
            }
            const std::uint64_t ran = nc.which == 3 ? steps / 10 : steps;  // lif10k: a tenth of the steps
            std::printf("{\"bench\":\"step_overhead\",\"net\":\"%s\",\"mode\":\"%s\",\"threads\":%d,\"steps\":%llu,\"repeats\":%d,"
                        "\"ns_per_step\":%.1f,\"cpu_ns_per_step\":%.1f}\n",
                        nc.name, step_loop ? "step_loop" : "run", threads, (unsigned long long)ran, repeats,
                        1e9 * t.wall / double(ran), 1e9 * t.cpu / double(ran));
            std::fflush(stdout);
        }
    }
    return 0;
}
