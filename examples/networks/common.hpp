// Small helpers shared by the example networks (examples/networks/*.hpp), the example
// programs and the benchmarks: a compile-time list of population names with per-population
// spike counting, wall-clock timing, peak memory and synapse counts of a simulation.
//
//   using pops = cxnet::population_list<"E", "I">;
//   cxnet::spike_counter<pops> counter;
//   for (...) { sim.step(); counter.count(sim); }
//   counter.rates(sim, ms)[0]   // mean rate of "E" in Hz
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/resource.h>

#include <cortexpr/cortexpr.hpp>

namespace cxnet {

/// An order-independent hash of one step's spikes: the sum (mod 2^64) of
/// splitmix64(step << 32 | id). Summed over steps, it identifies a run's spikes whatever
/// the order within a step, so another front end (the Python package's tests) can check
/// that it produced the very same spikes.
template <class Ids>
std::uint64_t hash_spikes(std::uint64_t step, const Ids& ids) {
    std::uint64_t h = 0;
    for (std::uint32_t id : ids) {
        std::uint64_t x = (step << 32 | id) + 0x9e3779b97f4a7c15ull;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
        h += x ^ (x >> 31);
    }
    return h;
}

/// Names of a network's populations, in the order rates are reported.
template <cx::fixed_string... Names>
struct population_list {
    static constexpr std::size_t size = sizeof...(Names);
    static constexpr std::array<std::string_view, size> names{std::string_view(Names)...};

    /// Adds each population's spikes of the last step to `spikes`.
    template <class Sim>
    static void add_current_spikes(Sim& sim, std::array<std::uint64_t, size>& spikes) {
        std::size_t k = 0;
        ((spikes[k++] += sim.template current_spikes<Names>().size()), ...);
    }
    /// Adds each population's hash_spikes of the last step to `hash`.
    template <class Sim>
    static void add_spike_hashes(Sim& sim, std::array<std::uint64_t, size>& hash) {
        const std::uint64_t step = sim.timestep() - 1;
        std::size_t k = 0;
        ((hash[k] += hash_spikes(step, sim.template current_spikes<Names>()), ++k), ...);
    }
    /// Each population's size (batch entry 0 of its V).
    template <class Sim>
    static std::array<std::uint32_t, size> sizes(Sim& sim) {
        std::array<std::uint32_t, size> n{};
        std::size_t k = 0;
        ((n[k++] = std::uint32_t(sim.template var<Names, "V">().batch(0).size())), ...);
        return n;
    }
};

/// Spikes per population, counted from each step's current spikes (batch entry 0). This
/// needs no recording buffer, so it costs nothing in memory even for long full-scale runs.
/// (A plain template over the list, not a partial specialisation on its fixed_string
/// pack, which nvcc does not accept.)
template <class List>
struct spike_counter {
    static constexpr std::size_t size = List::size;
    std::array<std::uint64_t, size> spikes{};

    /// Adds the spikes of the step just simulated.
    template <class Sim>
    void count(Sim& sim) { List::add_current_spikes(sim, spikes); }
    /// Mean rate [Hz] of every population over `ms` of counted time.
    template <class Sim>
    std::array<double, size> rates(Sim& sim, double ms) const {
        const auto n = List::sizes(sim);
        std::array<double, size> r{};
        for (std::size_t i = 0; i < size; ++i) r[i] = ms > 0 ? double(spikes[i]) / n[i] / (ms * 1e-3) : 0.0;
        return r;
    }
};

/// Runs `ms` of biological time step by step, counting spikes.
template <class Sim, class Counter>
void run_counting(Sim& sim, double ms, Counter& counter) {
    const auto steps = std::uint64_t(std::llround(ms / sim.dt()));
    for (std::uint64_t k = 0; k < steps; ++k) {
        sim.step();
        counter.count(sim);
    }
}

/// Seconds since construction (steady clock).
struct stopwatch {
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
    void restart() { start = std::chrono::steady_clock::now(); }
};

/// Peak resident set size of this process in bytes (VmHWM from /proc/self/status, or
/// getrusage's ru_maxrss where /proc is unavailable).
inline std::uint64_t peak_rss_bytes() {
    if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        std::uint64_t kb = 0;
        while (std::fgets(line, sizeof line, f))
            if (std::strncmp(line, "VmHWM:", 6) == 0) { kb = std::strtoull(line + 6, nullptr, 10); break; }
        std::fclose(f);
        if (kb) return kb * 1024;
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return std::uint64_t(u.ru_maxrss) * 1024;
}

/// Total stored synapses of every sparse synapse group of a simulation.
template <class Sim>
std::uint64_t total_synapses(Sim& sim) {
    using list = typename std::remove_cvref_t<decltype(sim.engine())>::list;
    std::uint64_t total = 0;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ([&] {
            if constexpr (list::kinds[I] == cx::part_kind::synapses) total += sim.engine().template store<I>().synapse_count();
        }(), ...);
    }(std::make_index_sequence<list::size>{});
    return total;
}

/// `--name value` options of the example programs (value parsed as a double); bare
/// arguments are collected in order.
struct arguments {
    std::vector<std::pair<std::string, std::string>> named;
    std::vector<std::string> positional;
    arguments(int argc, char** argv) {
        for (int i = 1; i < argc; ++i) {
            std::string a = argv[i];
            if (a.rfind("--", 0) == 0) {
                if (auto eq = a.find('='); eq != std::string::npos) named.emplace_back(a.substr(2, eq - 2), a.substr(eq + 1));
                else if (i + 1 < argc) named.emplace_back(a.substr(2), argv[++i]);
                else named.emplace_back(a.substr(2), "");
            } else {
                positional.push_back(a);
            }
        }
    }
    bool has(std::string_view k) const {
        for (auto& [n, v] : named) if (n == k) return true;
        return false;
    }
    double get(std::string_view k, double fallback) const {
        for (auto& [n, v] : named) if (n == k) return std::stod(v);
        return fallback;
    }
    std::string get(std::string_view k, std::string fallback) const {
        for (auto& [n, v] : named) if (n == k) return v;
        return fallback;
    }
};

/// Prints "name  rate Hz" lines, with a reference column when one is given.
template <std::size_t N>
void print_rates(const std::array<std::string_view, N>& names, const std::array<double, N>& rates,
                 const double* reference = nullptr) {
    std::printf("%-6s %12s%s\n", "pop", "rate [Hz]", reference ? "  reference [Hz]  ratio" : "");
    for (std::size_t i = 0; i < N; ++i) {
        std::printf("%-6.*s %12.3f", int(names[i].size()), names[i].data(), rates[i]);
        if (reference) std::printf("  %15.3f  %5.2f", reference[i], rates[i] / reference[i]);
        std::printf("\n");
    }
}

}  // namespace cxnet
