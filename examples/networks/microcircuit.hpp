// The Potjans & Diesmann (2014) cortical microcircuit as GeNN's PyGeNN script
// userproject/potjans_microcircuit.py builds it (docs/example-networks.md (d)).
//
//   cxnet::microcircuit::config c{.neuron_scale = 0.1, .connectivity_scale = 0.1};
//   auto net = cxnet::make_microcircuit(c);
//   auto sim = cx::simulate<cx::cpu>(net, {.dt = cxnet::microcircuit::dt, .seed = 1});
//   cxnet::spike_counter<cxnet::microcircuit::populations> counter;   // names 23E ... 6I
//
// 8 LIF populations, each driven by its own PoissonExp source "<pop>_poisson" (or by its
// mean as a DC offset, config::input = drive::dc), and the 54 recurrent projections
// "<src>_<trg>" of the spec (the 64 pairs less the 9 with p = 0 and 5I -> 4E, whose
// in-degree truncates to 0). Every projection: sparse matrix (16-bit indices, chosen by
// the backend since every population has < 65536 neurons) built by
// FixedNumberTotalWithReplacement, StaticPulseDendriticDelay with per-synapse weight
// (NormalClipped) and dendritic delay (NormalClippedDelay, uint8 steps), ExpCurr 0.5 ms,
// no axonal delay.
//
// One deliberate difference from GeNN: max_dendritic_delay is 44 steps, not 43. The
// clipped excitatory delay can round to 43 steps (x in (42.5, 42.89], about 2e-5 of the
// E synapses); GeNN's 43-slot ring silently delivers those in the current slot (d = 0),
// and our backend rejects d >= max_dendritic_delay as an error. With 44 slots every drawn
// delay is delivered when it says. The delay distribution is otherwise GeNN's.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>

#include "common.hpp"

namespace cxnet {

namespace microcircuit {

inline constexpr double dt = 0.1;  // [ms]
using populations = population_list<"23E", "23I", "4E", "4I", "5E", "5I", "6E", "6I">;
inline constexpr std::size_t num_pops = 8;

/// Full-scale sizes, external in-degrees and the reference rates [Hz] (docs/example-networks.md d.2).
inline constexpr std::array<std::uint32_t, num_pops> full_size{20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948};
inline constexpr std::array<double, num_pops> k_ext{1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100};
inline constexpr std::array<double, num_pops> reference_rate{0.971, 2.868, 4.746, 5.396, 8.142, 9.078, 0.991, 7.523};

/// Connection probabilities, [target][source] (docs/example-networks.md d.4).
inline constexpr double probability[num_pops][num_pops] = {
    {0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
    {0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
    {0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0},
    {0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
    {0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
    {0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0},
    {0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
    {0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443}};

inline constexpr double mean_w = 0.0878;      // [nA] excitatory mean weight (87.8 pA)
inline constexpr double g_inh = -4.0;         // relative inhibitory weight
inline constexpr double background_rate = 8.0;  // [Hz] per external synapse
inline constexpr double tau_syn = 0.5;        // [ms]
inline constexpr double delay_z = 3.7190164855;  // Phi^-1(0.9999): delays clipped at mean + z sd
inline constexpr std::uint32_t max_dendritic_delay = 44;  // [steps] see the header comment

constexpr bool excitatory(std::size_t pop) { return pop % 2 == 0; }

/// Whether projection source -> target exists (at every scale: the rule is on full-scale
/// in-degrees). Only 5I -> 4E has p > 0 and a full-scale in-degree int(0.32) = 0;
/// microcircuit::in_degree checks this at run time.
constexpr bool exists(std::size_t target, std::size_t source) {
    return probability[target][source] > 0.0 && !(target == 2 && source == 5);
}
inline constexpr std::size_t num_projections = [] {
    std::size_t c = 0;
    for (std::size_t t = 0; t < num_pops; ++t)
        for (std::size_t s = 0; s < num_pops; ++s) c += exists(t, s);
    return c;
}();
/// (target, source) of each projection, target-major.
inline constexpr auto projections = [] {
    std::array<std::pair<std::size_t, std::size_t>, num_projections> p{};
    std::size_t c = 0;
    for (std::size_t t = 0; t < num_pops; ++t)
        for (std::size_t s = 0; s < num_pops; ++s)
            if (exists(t, s)) p[c++] = {t, s};
    return p;
}();

/// Full-scale in-degree K_in (docs/example-networks.md d.5): the expected number of synapses when drawing
/// with replacement, divided by the target size and truncated.
inline std::uint32_t in_degree(std::size_t target, std::size_t source) {
    const double p = probability[target][source];
    if (p <= 0.0) return 0;
    const double pairs = double(full_size[target]) * double(full_size[source]);
    const double k_total = std::round(std::log(1.0 - p) / std::log((pairs - 1.0) / pairs));
    const auto k = std::uint32_t(k_total / double(full_size[target]));
    if ((k > 0) != exists(target, source)) throw std::logic_error("microcircuit: in-degree disagrees with the projection list");
    return k;
}

/// Mean weight [nA] of source -> target at full connectivity (4E -> 23E doubled).
constexpr double weight(std::size_t target, std::size_t source) {
    if (!excitatory(source)) return g_inh * mean_w;
    return (source == 2 && target == 0) ? 2.0 * mean_w : mean_w;
}

enum class drive {
    poisson,  // one PoissonExp source per population (the spec's)
    dc,       // the same sources' mean current as a constant Ioffset (sources at 0 Hz)
};

struct config {
    double neuron_scale = 1.0;        // population sizes round(scale · N)
    double connectivity_scale = 1.0;  // in-degrees K·scale, weights / sqrt(scale), DC compensation
    drive input = drive::poisson;
};

inline std::uint32_t size(std::size_t pop, const config& c) {
    return std::uint32_t(std::llround(c.neuron_scale * double(full_size[pop])));
}
/// Synapses of source -> target: round(K_in · connectivity_scale · scaled target size).
inline std::uint64_t num_synapses(std::size_t target, std::size_t source, const config& c) {
    return std::uint64_t(std::llround(double(in_degree(target, source)) * c.connectivity_scale * double(size(target, c))));
}
/// Total input [nA·Hz] of target at full scale with every population at its reference
/// rate (docs/example-networks.md d.6).
inline double full_input(std::size_t target) {
    double i = mean_w * k_ext[target] * background_rate;
    for (std::size_t s = 0; s < num_pops; ++s) i += weight(target, s) * double(in_degree(target, s)) * reference_rate[s];
    return i;
}
/// Ioffset [nA] of target: compensation for down-scaled connectivity (docs/example-networks.md d.6), plus
/// the mean of the Poisson drive in DC mode.
inline double offset_current(std::size_t target, const config& c) {
    const double sq = std::sqrt(c.connectivity_scale);
    double i = 0.001 * tau_syn * (1.0 - sq) * full_input(target);
    if (c.input == drive::dc) i += 0.001 * tau_syn * (mean_w / sq) * k_ext[target] * c.connectivity_scale * background_rate;
    return i;
}

template <std::size_t P>
constexpr auto name() {
    constexpr std::string_view n = populations::names[P];
    return cx::fixed_string<n.size()>(n);
}
template <std::size_t P>
inline constexpr auto pop_name = name<P>();
template <std::size_t P>
inline constexpr auto source_name = name<P>() + cx::fixed_string("_poisson");
template <std::size_t Target, std::size_t Source>
inline constexpr auto projection_name = name<Source>() + cx::fixed_string("_") + name<Target>();

template <std::size_t P>
auto make_population(const config& c) {
    using namespace cx::literals;
    return cx::population<pop_name<P>, cx::neuron::LIF>(size(P, c),
        "C"_p = 0.25, "TauM"_p = 10.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0,
        "Ioffset"_p = offset_current(P, c), "TauRefrac"_p = 2.0,
        "V"_v = cx::init<cx::init_var::Normal>("mean"_p = -58.0, "sd"_p = 5.0), "RefracTime"_v = 0.0);
}

template <std::size_t P>
auto make_source(const config& c) {
    using namespace cx::literals;
    // K_ext independent 8 Hz trains through one synapse are one Poisson train of K_ext·8 Hz
    const double rate = c.input == drive::poisson ? k_ext[P] * c.connectivity_scale * background_rate : 0.0;
    return cx::source<source_name<P>, pop_name<P>, cx::current_source::PoissonExp>(
        "weight"_p = mean_w / std::sqrt(c.connectivity_scale), "tauSyn"_p = tau_syn, "rate"_p = rate, "current"_v = 0.0);
}

template <std::size_t Target, std::size_t Source>
auto make_projection(const config& c) {
    using namespace cx::literals;
    constexpr bool exc = excitatory(Source);
    constexpr double fmax = std::numeric_limits<float>::max();
    const double w = weight(Target, Source) / std::sqrt(c.connectivity_scale);
    const double sd = (Source == 2 && Target == 0 ? 0.05 : 0.1) * std::abs(w);  // sd follows the mean
    const double d_mean = exc ? 1.5 : 0.75, d_sd = 0.5 * d_mean;                // [ms]
    return cx::synapses<projection_name<Target, Source>, pop_name<Source>, pop_name<Target>>(
        cx::sparse(cx::connect<cx::init_sparse::FixedNumberTotalWithReplacement>(
            "num"_p = double(num_synapses(Target, Source, c)))),
        cx::wu<cx::weight_update::StaticPulseDendriticDelay>(
            "g"_v = cx::init<cx::init_var::NormalClipped>("mean"_p = w, "sd"_p = sd, "min"_p = exc ? 0.0 : -fmax,
                                                           "max"_p = exc ? fmax : 0.0),
            "d"_v = cx::init<cx::init_var::NormalClippedDelay>("mean"_p = d_mean, "sd"_p = d_sd, "min"_p = 0.0,
                                                                "max"_p = d_mean + d_sd * delay_z)),
        cx::psm<cx::postsynaptic::ExpCurr>("tau"_p = tau_syn),
        {.axonal_delay = 0, .back_prop_delay = 0, .max_dendritic_delay = max_dendritic_delay});
}

template <std::size_t... P, std::size_t... K>
auto make(const config& c, std::index_sequence<P...>, std::index_sequence<K...>) {
    return cx::network(make_population<P>(c)..., make_source<P>(c)...,
                       make_projection<projections[K].first, projections[K].second>(c)...);
}

}  // namespace microcircuit

/// The microcircuit at the given scales and drive (defaults: full scale, Poisson).
inline auto make_microcircuit(const microcircuit::config& c = {}) {
    if (!(c.neuron_scale > 0) || !(c.connectivity_scale > 0) || c.connectivity_scale > 1)
        throw std::invalid_argument("microcircuit: scales must lie in (0, 1] for connectivity and be > 0 for neurons");
    return microcircuit::make(c, std::make_index_sequence<microcircuit::num_pops>{},
                              std::make_index_sequence<microcircuit::num_projections>{});
}

}  // namespace cxnet
