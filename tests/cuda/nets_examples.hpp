// The example networks (examples/networks/) on both backends, for
// test_sim_examples_cuda.cu and cpu_reference_examples.cpp: Vogels–Abbott (sparse,
// ExpCurr) and Izhikevich's network (sparse, DeltaCurr, random parameters).
#pragma once
#include <algorithm>

#include "sim_outcome.hpp"

#include "../../examples/networks/izhikevich.hpp"
#include "../../examples/networks/vogels_abbott.hpp"

namespace examples_test {
using cuda_test::collect;
using cuda_test::values;

struct outcome {
    cuda_test::trains a, b;
    std::vector<double> v;
    bool operator==(const outcome&) const = default;
};

template <class Sim>
outcome run_va(Sim& sim, double ms) {
    const auto steps = std::uint32_t(ms / sim.dt() + 0.5);
    sim.template record_spikes<"E">(steps);
    sim.template record_spikes<"I">(steps);
    sim.run(ms);
    sim.pull_recording();  // (spikes() pulls its population anyway; this exercises the bulk pull)
    outcome o;
    o.a = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"E">(b); });
    o.b = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"I">(b); });
    o.v = values(sim.template var<"E", "V">());
    return o;
}

template <class Sim>
outcome run_izh(Sim& sim, double ms) {
    const auto steps = std::uint32_t(ms / sim.dt() + 0.5);
    sim.template record_spikes<"Exc">(steps);
    sim.template record_spikes<"Inh">(steps);
    sim.run(ms);
    outcome o;
    o.a = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"Exc">(b); });
    o.b = collect(sim, [](auto& s, std::uint32_t b) { return s.template spikes<"Inh">(b); });
    o.v = values(sim.template var<"Exc", "V">());
    return o;
}

inline constexpr std::uint32_t va_neurons = 2000, izh_exc = 800, izh_inh = 200;
inline constexpr double va_ms = 400.0, izh_ms = 300.0;

outcome cpu_va(std::uint64_t seed);
outcome cpu_va_float(std::uint64_t seed);

/// First time [ms] at which two spike trains differ (or -1), for the float comparison.
inline double first_difference(const cuda_test::trains& x, const cuda_test::trains& y) {
    const auto& a = x.times[0];
    const auto& b = y.times[0];
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t k = 0; k < n; ++k)
        if (a[k] != b[k] || x.ids[0][k] != y.ids[0][k]) return std::min(a[k], b[k]);
    if (a.size() != b.size()) return n < a.size() ? a[n] : b[n];
    return -1.0;
}
outcome cpu_izh(std::uint64_t seed);

}  // namespace examples_test
