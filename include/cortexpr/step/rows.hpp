// Rows of a synapse group, as both the builder and the step read them: the postsynaptic
// index of a stored synapse (sparse rows keep 1-, 2- or 4-byte indices), how many
// earlier synapses of a sorted row share its target (the repeat that keys a multapse's
// streams), the flattened kernel index of addSynapse's extra arguments, and the row
// build code of a procedural (or sparse) row.
#pragma once
#include <cstddef>
#include <cstdint>

#include "../base/config.hpp"
#include "../random/stream.hpp"
#include "environments.hpp"
#include "streams.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Target of stored synapse `syn` in a sparse index array of `bytes`-byte entries (the
/// CUDA kernels' form: device views carry the array untyped).
CORTEXPR_HOST_DEVICE std::uint32_t index_at(const void* ind, std::uint32_t bytes, std::size_t syn) {
    switch (bytes) {
        case 1: return static_cast<const std::uint8_t*>(ind)[syn];
        case 2: return static_cast<const std::uint16_t*>(ind)[syn];
        default: return static_cast<const std::uint32_t*>(ind)[syn];
    }
}
/// How many synapses of the sorted row starting at `base` before slot `syn` have the
/// same target j: 0 but for repeated pairs (streams::synapse).
CORTEXPR_HOST_DEVICE std::uint32_t repeat_at(const void* ind, std::uint32_t bytes, std::size_t base, std::size_t syn, std::uint32_t j) {
    std::uint32_t c = 0;
    while (syn - c > base && index_at(ind, bytes, syn - c - 1) == j) ++c;
    return c;
}
/// Flattened kernel index of addSynapse's extra arguments, row-major over `shape` (an
/// array of the kernel's extents).
template <class Shape, class... K>
CORTEXPR_HOST_DEVICE std::uint32_t flat_kernel_index(const Shape& shape, K... k) {
    if constexpr (sizeof...(K) == 0) return 0;
    else {
        const std::uint32_t idx[] = {std::uint32_t(k)...};
        std::uint32_t r = 0;
        for (std::size_t a = 0; a < sizeof...(K); ++a) r = r * shape[a] + idx[a];
        return r;
    }
}

/// Postsynaptic index of stored synapse `syn` of a sparse group's store `g`.
template <class Store>
std::uint32_t post_index(Store& g, std::size_t syn) {
    switch (g.index_bytes) {
        case 1: return g.template indices<std::uint8_t>()[syn];
        case 2: return g.template indices<std::uint16_t>()[syn];
        default: return g.template indices<std::uint32_t>()[syn];
    }
}
template <class Store>
void set_post_index(Store& g, std::size_t syn, std::uint32_t j) {
    switch (g.index_bytes) {
        case 1: g.template indices<std::uint8_t>()[syn] = std::uint8_t(j); break;
        case 2: g.template indices<std::uint16_t>()[syn] = std::uint16_t(j); break;
        default: g.template indices<std::uint32_t>()[syn] = j;
    }
}

/// repeat_at over a group's store.
template <class Store>
std::uint32_t repeat_of(Store& g, std::size_t base, std::size_t syn, std::uint32_t j) {
    return repeat_at(g.ind.raw(), g.index_bytes, base, syn, j);
}

/// flat_kernel_index over a group's store (its kernel shape).
template <class Store, class... K>
std::uint32_t kernel_index(const Store& g, K... k) {
    return flat_kernel_index(g.kernel, k...);
}

/// Runs the row build code of row i of synapse group `part`, whose connectivity snippet
/// (a connect<...> type) is C and whose snippet view is `mv`, calling add(j, kernel...)
/// for each synapse: at build time (sparse, bitmask) and at every use (procedural).
template <class C, class S, class T, class MV, class Add>
void build_row(std::uint64_t connectivity_seed, std::uint32_t part, std::uint32_t i, std::uint32_t n_pre, std::uint32_t n_post,
               T dt, const MV& mv, Add&& add) {
    using unit = model_unit<typename C::snippet, family::sparse_init, field::row_build_code>;
    using prog = dsl::program<unit>;
    random::stream<S> r = streams::connect_row<S>(connectivity_seed, part, i);
    build_env<unit, S, T, MV, std::remove_reference_t<Add>> env(mv, add, dt, r);
    env.id_pre = i; env.num_pre = n_pre; env.num_post = n_post;
    dsl::frame<prog, decltype(env)> f;
    dsl::run<prog, 0>(env, f);
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
