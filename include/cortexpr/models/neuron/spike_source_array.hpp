// SpikeSourceArray: replays given spike times.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "../hooks.hpp"
#include "../model_info.hpp"

namespace cortexpr::neuron {

/// Neuron i owns spikeTimes[startSpike .. endSpike), sorted ascending (the host fills
/// both from spike counts). A time s fires in the first step with t >= s, at most one
/// per step; times before 0 fire in step 0.
struct SpikeSourceArray {
    static constexpr std::string_view name = "SpikeSourceArray";
    static constexpr auto vars = cortexpr::vars(
        cortexpr::var("startSpike", "unsigned int"),  // index of the next spike
        cortexpr::var("endSpike", "unsigned int", access::read_only_duplicate));  // one past the last
    static constexpr auto extra_global_params = cortexpr::extra_global_params(
        cortexpr::egp("spikeTimes", "scalar*"));  // [ms]
    static constexpr cortexpr::code threshold_condition_code =
        "startSpike != endSpike && t >= spikeTimes[startSpike]";
    static constexpr cortexpr::code reset_code = "startSpike++;\n";

    /// The threshold reads spikeTimes[startSpike] while startSpike != endSpike, so every
    /// neuron's [startSpike, endSpike) must lie inside spikeTimes; the EGP may stay
    /// unallocated only while no neuron has spikes left. The times a neuron has left must
    /// be finite and sorted (ascending): it fires the next one when t reaches it, so an
    /// earlier time after a later one would fire late and a NaN never. O(neurons + spikes
    /// left) per run or step.
    static void check_state(const cortexpr::state_context& c) {
        const auto start = c.var("startSpike").as<std::uint32_t>(), end = c.var("endSpike").as<std::uint32_t>();
        c.egp("spikeTimes").visit([&](auto times) {
            const std::size_t have = times.size(), count = std::min(start.size(), end.size());
            for (std::size_t x = 0; x < count; ++x) {
                if (start[x] > end[x] || (start[x] != end[x] && end[x] > have)) [[unlikely]]
                    c.fail("spikeTimes", "neuron ", x % c.n, " (batch entry ", x / c.n, ") owns spikes [", start[x], ", ", end[x],
                           ") but spikeTimes has ", have, " elements", have ? "" : " (never allocated)");
                for (std::uint32_t k = start[x]; k < end[x]; ++k) {
                    if (!std::isfinite(double(times[k]))) [[unlikely]]
                        c.fail("spikeTimes", "neuron ", x % c.n, " (batch entry ", x / c.n, "): spike time at index ", k, " is ",
                               double(times[k]), "; spike times must be finite");
                    if (k > start[x] && times[k] < times[k - 1]) [[unlikely]]
                        c.fail("spikeTimes", "neuron ", x % c.n, " (batch entry ", x / c.n, "): spike times are not sorted: index ", k,
                               " holds ", double(times[k]), " after ", double(times[k - 1]), " at index ", k - 1,
                               " (sort each neuron's times ascending)");
                }
            }
        });
    }
};

}  // namespace cortexpr::neuron
