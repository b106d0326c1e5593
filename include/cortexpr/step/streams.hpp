// Which random stream each piece of model code draws from: the one place where a
// (seed, part, element, step, purpose) key of random::stream is put together. Every
// backend asks for its streams here by name, so the CPU loops, the CUDA kernels and the
// device initialisation cannot key the same draw differently (cross-backend and
// any-thread-count reproducibility rest on that), and no two kinds of code can share a
// stream: each kind has a purpose of its own below.
//
// `seed` is the caller's: opt.seed + batch entry for what runs in a step or per batch
// entry, the connectivity seed for connectivity and for shared (batch-independent)
// variables. `part` is the index of the population, synapse group or current source in
// the network's list.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../random/stream.hpp"

namespace cortexpr::detail {

/// Purposes of random streams (the `purpose` field of random::stream), so that every
/// (part, element, step) draws from its own stream in each kind of code.
namespace purpose {
inline constexpr std::uint32_t neuron = 0, current_source = 1, postsynaptic = 2, synapse = 3, wu_pre = 4,
                               wu_post = 5, synapse_event = 6, synapse_dynamics = 7, connect_row = 8, connect_col = 9,
                               toeplitz = 10, host = 11, synapse_post = 12, synapse_post_event = 13,
                               var_init = 16;  // + variable slot (var_purpose below), up to 255
}
/// Slot of variable k of a variable set in the var_init purpose range.
enum class var_set : std::uint32_t { vars = 0, pre_vars = 48, post_vars = 96, psm_vars = 144, cs_vars = 192 };
constexpr std::uint32_t var_purpose(var_set s, std::size_t k) { return purpose::var_init + std::uint32_t(s) + std::uint32_t(k); }

namespace streams {

/// The streams of one kind of per-element code of one part in one step: element e's is
/// at<S>(e). They share one Philox key, so the CPU makes their first blocks 16 at a time
/// (host/lane_streams.hpp).
struct element_streams {
    std::uint64_t seed;
    std::uint32_t part;
    std::uint64_t step;
    std::uint32_t purpose;
    template <class S>
    constexpr CORTEXPR_HOST_DEVICE random::stream<S> at(std::uint32_t element) const {
        return random::stream<S>(seed, part, element, step, purpose);
    }
};

/// Neuron code (sim, threshold, reset) of population `part`, one stream per neuron.
constexpr CORTEXPR_HOST_DEVICE element_streams neurons(std::uint64_t seed, std::uint32_t part, std::uint64_t step) {
    return {seed, part, step, purpose::neuron};
}
/// Postsynaptic model code of synapse group `part`, one stream per target neuron.
constexpr CORTEXPR_HOST_DEVICE element_streams postsynaptic(std::uint64_t seed, std::uint32_t part, std::uint64_t step) {
    return {seed, part, step, purpose::postsynaptic};
}
/// Injection code of current source `part`, one stream per target neuron.
constexpr CORTEXPR_HOST_DEVICE element_streams current_source(std::uint64_t seed, std::uint32_t part, std::uint64_t step) {
    return {seed, part, step, purpose::current_source};
}
/// Per-neuron weight-update code of synapse group `part` on its presynaptic (`pre`) or
/// postsynaptic side, one stream per neuron of that side.
constexpr CORTEXPR_HOST_DEVICE element_streams wu_neurons(std::uint64_t seed, std::uint32_t part, std::uint64_t step, bool pre) {
    return {seed, part, step, pre ? purpose::wu_pre : purpose::wu_post};
}

/// Which synaptic code a per-synapse stream is for.
enum class synapse_code : std::uint32_t {
    pre_spike = purpose::synapse,
    pre_event = purpose::synapse_event,
    dynamics = purpose::synapse_dynamics,
    post_spike = purpose::synapse_post,
    post_event = purpose::synapse_post_event,
};

/// A synapse, for its streams, is (pre, post, repeat): `repeat` counts the synapses of
/// the same row with the same target before it — 0 but for repeated pairs
/// (FixedNumberTotalWithReplacement, connection lists), which are different synapses and
/// must draw different numbers. Rows are sorted stably by target, so repeats sit side by
/// side and a procedural row, which adds its targets in that order, counts them alike
/// (it counts runs: row code should add targets in increasing order, as the built-ins do).
/// Fixed by the connectivity alone: no thread count or backend changes it. Keying by
/// the pair and the repeat, not by the slot in the row, leaves every synapse that is not
/// a repeat with the same stream whatever the matrix kind (dense, sparse, bitmask,
/// procedural: the same weights) and whatever else the row holds.
///
/// The stream of synapse (pre, post, repeat) of group `part` in one step for one kind of
/// synaptic code: keyed by the synapse, not by the thread or block that runs it, so draws
/// do not depend on how a backend splits the work. The presynaptic index and the repeat
/// are mixed into the key (the first never to 0, so it cannot meet a per-element stream,
/// keyed by the plain seed; the repeat by an odd multiple, 0 for the first synapse of a
/// pair).
template <class S>
CORTEXPR_HOST_DEVICE random::stream<S> synapse(std::uint64_t seed, std::uint32_t part, std::uint32_t pre, std::uint32_t post,
                                               std::uint32_t repeat, std::uint64_t step, synapse_code code) {
    return random::stream<S>(seed ^ ((std::uint64_t(pre) + 1) * 0x9E3779B97F4A7C15ull) ^ (std::uint64_t(repeat) * 0xD1B54A32D192ED03ull),
                             part, post, step, std::uint32_t(code));
}
/// The environment's stream where synaptic code runs: never drawn from, because code
/// that draws gets synapse() for each synapse instead.
template <class S>
constexpr CORTEXPR_HOST_DEVICE random::stream<S> unused() {
    return random::stream<S>(0, 0, 0, 0, purpose::host);
}

/// Toeplitz diagonal build code of group `part`, one stream per diagonal and step.
template <class S>
constexpr CORTEXPR_HOST_DEVICE random::stream<S> toeplitz_diagonal(std::uint64_t seed, std::uint32_t part, std::uint32_t diagonal,
                                                                   std::uint64_t step) {
    return random::stream<S>(seed, part, diagonal, step, purpose::toeplitz);
}

/// Row build code of row `pre` of group `part` (at initialisation, and again at every
/// use of a procedural row, which must therefore come out the same).
template <class S>
constexpr CORTEXPR_HOST_DEVICE random::stream<S> connect_row(std::uint64_t connectivity_seed, std::uint32_t part, std::uint32_t pre) {
    return random::stream<S>(connectivity_seed, part, pre, 0, purpose::connect_row);
}
/// Column build code of column `post` of group `part`.
template <class S>
constexpr CORTEXPR_HOST_DEVICE random::stream<S> connect_col(std::uint64_t connectivity_seed, std::uint32_t part, std::uint32_t post) {
    return random::stream<S>(connectivity_seed, part, post, 0, purpose::connect_col);
}
/// The host's draws for group `part` before its rows are built (FixedNumberTotal's
/// split of the total over the rows).
template <class S>
constexpr CORTEXPR_HOST_DEVICE random::stream<S> host_pass(std::uint64_t connectivity_seed, std::uint32_t part) {
    return random::stream<S>(connectivity_seed, part, 0, 0, purpose::host);
}

/// Initialisation of variable `k` of variable set `set` of `part`, one stream per
/// element: a neuron (pre, post, postsynaptic-model and current-source variables) or an
/// entry of a convolution kernel, with `element` its index.
template <class S>
constexpr CORTEXPR_HOST_DEVICE random::stream<S> var_init(std::uint64_t seed, std::uint32_t part, var_set set, std::size_t k,
                                                          std::uint32_t element) {
    return random::stream<S>(seed, part, element, 0, var_purpose(set, k));
}
/// Initialisation of weight-update variable `k` of synapse (pre, post, repeat) of group
/// `part` (see synapse()), stored or regenerated (procedural weights): the presynaptic
/// index and the repeat go in the step field (bits 0..31 and 32..47), so matrices beyond
/// 2^32 synapses still get one stream per synapse. Repeats beyond 65535 of one pair in
/// one row would share streams (the step field has 48 bits).
template <class S>
constexpr CORTEXPR_HOST_DEVICE random::stream<S> synapse_var_init(std::uint64_t seed, std::uint32_t part, std::size_t k,
                                                                  std::uint32_t pre, std::uint32_t post, std::uint32_t repeat) {
    return random::stream<S>(seed, part, post, std::uint64_t(pre) | (std::uint64_t(repeat) << 32), var_purpose(var_set::vars, k));
}

}  // namespace streams
}  // namespace cortexpr::detail
