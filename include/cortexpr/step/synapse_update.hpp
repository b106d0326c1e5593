// The per-synapse step code, written once for every backend: the update of one synapse
// (its ids, its stream, its regenerated procedural variables, the weight-update code)
// and the walk over the synapses of a postsynaptic column (postsynaptic learning). The
// backends keep only their loops: the CPU's thread ranges over rows and columns, the CUDA
// kernels' warps and threads.
//
// Keyed by the group's traits, the code's program and the environment type; the part
// index, seeds and step arrive as run-time values, so the streams are the same
// (seed, part, element, step, purpose) tuples on every backend.
#pragma once
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "environments.hpp"
#include "streams.hpp"
#include "synapse_env.hpp"
#include "views.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Element K of the views of a group's procedural initialisers: a std::tuple on the host,
/// an hd_tuple in a device state.
template <std::size_t K, class... X>
const auto& init_view_at(const std::tuple<X...>& t) { return std::get<K>(t); }
template <std::size_t K, class... X>
CORTEXPR_HOST_DEVICE const auto& init_view_at(const hd_tuple<X...>& t) { return hd_get<K>(t); }

/// Where the streams of one synaptic code of one group come from in one step.
struct synapse_streams {
    std::uint64_t seed;              // the batch entry's seed
    std::uint64_t connectivity_seed;  // keys regenerated procedural variables
    std::uint32_t part;
    std::uint64_t step;
    streams::synapse_code code;
};

/// Regenerates the procedural weight-update variables of synapse (i, j), the `rep`-th of
/// that pair in its row, into env.proc (group traits or kind GT, initialiser views `views`).
CORTEXPR_EXEC_CHECK_DISABLE
template <class GT, class S, class T, class Views, class Env>
CORTEXPR_HOST_DEVICE void regenerate(const Views& views, Env& env, const synapse_streams& ks, T dt, std::uint32_t i, std::uint32_t j,
                                     std::uint32_t rep) {
    if constexpr (GT::wu_info.vars.size() > 0) {  // (nvcc rejects the empty case's body)
        using inits = typename GT::wu_inits;
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((env.proc[K] = double(init_value<typename std::tuple_element_t<K, inits>::snippet, value_t<GT::wu_info.vars[K].type.base, S, T>, S, T>(
                  init_view_at<K>(views), dt, 0u, streams::synapse_var_init<S>(ks.connectivity_seed, ks.part, K, i, j, rep),
                  [&](auto& e) { e.id_pre = i; e.id_post = j; e.num_pre = env.v.n_pre; e.num_post = env.v.n_post; }))),
             ...);
        }(std::make_index_sequence<GT::wu_info.vars.size()>{});
    } else {
        (void)views, (void)env, (void)ks, (void)dt, (void)i, (void)j, (void)rep;
    }
}

/// Runs weight-update program Prog (of group traits GT) in `env` for synapse (i, j):
/// stored synapse `syn`, kernel index k, the `rep`-th synapse to j in row i. The stream
/// and the regenerated variables are made only where the code draws or regenerates.
CORTEXPR_EXEC_CHECK_DISABLE
template <class Prog, class GT, class S, class T, class Env, class Views>
CORTEXPR_HOST_DEVICE void synapse_update(Env& env, const synapse_streams& ks, const Views& proc, std::uint32_t i, std::uint32_t j,
                                         std::size_t syn, std::uint32_t k, std::uint32_t rep) {
    env.id_pre = i;
    env.id_post = j;
    env.id_syn = syn;
    env.id_kernel = k;
    if constexpr (Prog::uses_rng) env.rng_ = streams::synapse<S>(ks.seed, ks.part, i, j, rep, ks.step, ks.code);
    if constexpr (GT::weights == weight_storage::procedural) regenerate<GT, S, T>(proc, env, ks, env.dt, i, j, rep);
    dsl::frame<Prog, Env> f;
    dsl::run<Prog, 0>(env, f);
}

/// Calls visit(i, synapse index) for every synapse onto postsynaptic neuron j, in
/// increasing i: a dense group's column, or a sparse group's column list (synapse
/// indices, row-major over rows of `stride` slots).
template <bool Dense, class Len, class Syn, class Visit>
CORTEXPR_HOST_DEVICE void for_column(std::uint32_t j, std::uint32_t n_pre, std::uint32_t n_post, std::uint32_t stride, const Len& col_length,
                                     const Syn& col_syn, std::size_t col_stride, Visit&& visit) {
    if constexpr (Dense) {
        for (std::uint32_t i = 0; i < n_pre; ++i) visit(i, std::size_t(i) * n_post + j);
    } else {
        for (std::uint32_t c = 0; c < col_length[j]; ++c) {
            const std::uint32_t syn = col_syn[std::size_t(j) * col_stride + c];
            visit(syn / stride, std::size_t(syn));
        }
    }
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
