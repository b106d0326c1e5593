// bench_lif_step: a LIF neuron step compiled from code strings costs the same as the
// same step written by hand in C++.
//
// Both update N neurons (state in arrays, GeNN's structure-of-arrays layout) for a
// number of steps; the parsed one runs the LIF model's sim, threshold and reset code
// through cortexpr::program_of and dsl::run/test against benchmarks/support/soa_env.hpp,
// the hand-written one is the update a code generator would print. The run fails
// (exit 1) unless both leave bit-identical V and RefracTime and count the same spikes.
//
//   bench_lif_step [n=100000] [steps=1000] [repeats=7]
// prints one JSON line per (impl, scalar), then one ratio line per scalar.
#include <cortexpr/cortexpr.hpp>
#include <cortexpr/models/model.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "support/soa_env.hpp"

namespace {

// The LIF model of GeNN 5.4 (as cx::neuron::LIF); units: mV, ms, nF, nA, MOhm.
struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto params = cx::params("C", "TauM", "Vrest", "Vreset", "Vthresh", "Ioffset", "TauRefrac");
    static constexpr auto derived = cx::derived_params(cx::derive("ExpTC", "exp(-dt / TauM)"),
                                                       cx::derive("Rmembrane", "TauM / C"));
    static constexpr auto vars = cx::vars("V", "RefracTime");
    static constexpr cx::code sim_code =
        "if (RefracTime <= 0.0) { scalar alpha = ((Isyn + Ioffset) * Rmembrane) + Vrest; "
        "V = alpha - (ExpTC * (alpha - V)); } else { RefracTime -= dt; }";
    static constexpr cx::code threshold_condition_code = "RefracTime <= 0.0 && V >= Vthresh";
    static constexpr cx::code reset_code = "V = Vreset; RefracTime = TauRefrac;";
};

using cx::family;
using cx::field;
using unit = cx::model_unit<LIF, family::neuron, field::sim_code, field::threshold_condition_code, field::reset_code>;
using program = cx::program_of<LIF, family::neuron, field::sim_code, field::threshold_condition_code, field::reset_code>;
static_assert(program::ok);

// Parameter values (the order of LIF::params).
constexpr double C = 0.25, TauM = 20.0, Vrest = -65.0, Vreset = -65.0, Vthresh = -50.0,
                 Ioffset = 0.0, TauRefrac = 2.0, DT = 0.1;

/// One population: the state both implementations update, and their inputs.
template <class Scalar>
struct population {
    std::uint32_t n = 0;
    std::vector<Scalar> V, RefracTime, Isyn;
    Scalar dt = Scalar(DT);
    // Derived parameters, evaluated once in double precision as GeNN does.
    Scalar ExpTC = Scalar(std::exp(-DT / TauM)), Rmembrane = Scalar(TauM / C);

    explicit population(std::uint32_t count) : n(count), V(count), RefracTime(count), Isyn(count) {
        // Constant inputs from 0 to 0.5 nA: neurons above 0.1875 nA fire, at rates
        // that differ from neuron to neuron, so the branches are not all alike.
        for (std::uint32_t i = 0; i < n; ++i) Isyn[i] = Scalar(0.5 * double(i % 1000) / 1000.0);
        reset();
    }
    void reset() {
        for (std::uint32_t i = 0; i < n; ++i) {
            V[i] = Scalar(Vrest + 15.0 * double(i % 97) / 97.0);  // spread, below threshold
            RefracTime[i] = Scalar(0);
        }
    }
};

// noinline: each step is one function, easy to find in `g++ -S` output (the call per
// step is nothing beside 100k neurons).
template <class Scalar>
[[gnu::noinline]] std::uint64_t step_parsed(population<Scalar>& p, Scalar t) {
    using env_t = cx::bench::soa_env<unit, Scalar>;
    env_t e;  // a local: its fields become registers
    e.var_arrays = {p.V.data(), p.RefracTime.data()};
    e.isyn = p.Isyn.data();
    e.params = {Scalar(C), Scalar(TauM), Scalar(Vrest), Scalar(Vreset), Scalar(Vthresh), Scalar(Ioffset), Scalar(TauRefrac)};
    e.derived = {p.ExpTC, p.Rmembrane};
    e.t = t;
    e.dt = p.dt;
    e.num_neurons = p.n;
    std::uint64_t spikes = 0;
    for (std::uint32_t i = 0; i < p.n; ++i) {
        e.load(i);
        cx::dsl::frame<program, env_t> locals{};
        cx::dsl::run<program, 0>(e, locals);
        if (cx::dsl::test<program, 1>(e, locals)) {
            cx::dsl::run<program, 2>(e, locals);
            ++spikes;
        }
        e.store();
    }
    return spikes;
}

template <class Scalar>
[[gnu::noinline]] std::uint64_t step_hand(population<Scalar>& p, Scalar /*t*/) {
    const Scalar ioffset = Scalar(Ioffset), vrest = Scalar(Vrest), vreset = Scalar(Vreset),
                 vthresh = Scalar(Vthresh), tau_refrac = Scalar(TauRefrac);
    const Scalar exp_tc = p.ExpTC, r_membrane = p.Rmembrane, dt = p.dt;
    Scalar* const Vs = p.V.data();
    Scalar* const Rs = p.RefracTime.data();
    const Scalar* const isyn = p.Isyn.data();
    std::uint64_t spikes = 0;
    for (std::uint32_t i = 0; i < p.n; ++i) {
        Scalar V = Vs[i], RefracTime = Rs[i];
        const Scalar Isyn = isyn[i];
        if (RefracTime <= Scalar(0)) {
            Scalar alpha = ((Isyn + ioffset) * r_membrane) + vrest;
            V = alpha - (exp_tc * (alpha - V));
        } else {
            RefracTime -= dt;
        }
        if (RefracTime <= Scalar(0) && V >= vthresh) {
            V = vreset;
            RefracTime = tau_refrac;
            ++spikes;
        }
        Vs[i] = V;
        Rs[i] = RefracTime;
    }
    return spikes;
}

volatile double sink;  // keeps every result observable

struct timing { double best_ns = 1e300; std::uint64_t spikes = 0; };

/// One run of `steps` steps from the initial state; keeps the best time.
template <class Scalar, class Step>
void time_once(population<Scalar>& p, std::uint32_t steps, Step step, timing& r) {
    p.reset();
    std::uint64_t spikes = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (std::uint32_t s = 0; s < steps; ++s) spikes += step(p, Scalar(s) * p.dt);
    auto t1 = std::chrono::steady_clock::now();
    r.best_ns = std::min(r.best_ns, std::chrono::duration<double, std::nano>(t1 - t0).count());
    r.spikes = spikes;
    double checksum = 0;
    for (std::uint32_t i = 0; i < p.n; ++i) checksum += double(p.V[i]);
    sink = checksum + double(spikes);
}

template <class Scalar>
bool run(const char* scalar_name, std::uint32_t n, std::uint32_t steps, int repeats) {
    population<Scalar> parsed(n), hand(n);
    timing tp, th;
    // Interleaved, so that both see the same machine load (a shared 2-core box drifts
    // by tens of percent over seconds); best of `repeats` each.
    for (int k = 0; k < repeats; ++k) {
        time_once(parsed, steps, [](population<Scalar>& p, Scalar t) { return step_parsed(p, t); }, tp);
        time_once(hand, steps, [](population<Scalar>& p, Scalar t) { return step_hand(p, t); }, th);
    }
    const double per = double(n) * double(steps);
    for (auto [impl, tm] : {std::pair{"parsed", tp}, std::pair{"hand", th}})
        std::printf("{\"bench\":\"lif_step\",\"impl\":\"%s\",\"scalar\":\"%s\",\"n\":%u,\"steps\":%u,"
                    "\"repeats\":%d,\"spikes\":%llu,\"ns_per_neuron_step\":%.4f}\n",
                    impl, scalar_name, n, steps, repeats, (unsigned long long)tm.spikes, tm.best_ns / per);
    std::printf("{\"bench\":\"lif_step\",\"scalar\":\"%s\",\"ratio_parsed_over_hand\":%.4f}\n", scalar_name,
                tp.best_ns / th.best_ns);
    std::fflush(stdout);

    bool same = tp.spikes == th.spikes &&
                std::memcmp(parsed.V.data(), hand.V.data(), n * sizeof(Scalar)) == 0 &&
                std::memcmp(parsed.RefracTime.data(), hand.RefracTime.data(), n * sizeof(Scalar)) == 0;
    if (!same) std::fprintf(stderr, "bench_lif_step: parsed and hand-written %s results differ\n", scalar_name);
    return same;
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint32_t n = argc > 1 ? std::uint32_t(std::strtoul(argv[1], nullptr, 10)) : 100000;
    const std::uint32_t steps = argc > 2 ? std::uint32_t(std::strtoul(argv[2], nullptr, 10)) : 1000;
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 7;
    if (n == 0 || steps == 0 || repeats <= 0) {
        std::fprintf(stderr, "usage: bench_lif_step [n>0] [steps>0] [repeats>0]\n");
        return 2;
    }
    bool ok = run<float>("float", n, steps, repeats);
    ok = run<double>("double", n, steps, repeats) && ok;
    return ok ? 0 : 1;
}
