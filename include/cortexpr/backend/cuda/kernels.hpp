// The CUDA backend's kernels. Per time step (the CPU engine's order, docs/api-quickref.md
// "Semantics"): [synapse dynamics] -> propagation (spike-like events, then spikes) ->
// [postsynaptic learning] -> neurons; the bracketed kernels are launched only when some
// group has that code. Each kernel is fused over all groups of its phase: group J runs
// on blocks [start[J], start[J+1]) of blockIdx.x (blockIdx.y is the batch entry), chosen
// by a compile-time index switch. The per-element code is the step code both backends
// share (step/neuron_update.hpp, step/synapse_update.hpp), inlined; this file holds only
// the loops (threads, warps) and the spike queues. The neuron kernel's last block finishes the
// step (spike counts, the step clock), so a step needs no host involvement.
#pragma once
#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <utility>

#include "../../host/model_store.hpp"
#include "../../step/neuron_update.hpp"
#include "../../step/rows.hpp"
#include "../../step/synapse_update.hpp"
#include "../../step/synapse_env.hpp"
#include "device_state.hpp"
#include "kernel_key.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

template <class X>
CORTEXPR_HOST_DEVICE void atomic_add(X* p, X v) {
#if defined(__CUDA_ARCH__)
    atomicAdd(p, v);
#else
    *p += v;
#endif
}

/// Flattened kernel index of addSynapse's extra arguments (step/rows.hpp).
template <class... K>
CORTEXPR_HOST_DEVICE std::uint32_t kernel_index_of(const hd_array<std::uint32_t, 4>& shape, K... k) {
    return flat_kernel_index(shape, k...);
}

/// The weight-update environment on the GPU: the shared synapse_env with addToPost,
/// addToPostDelay and addToPre as atomics where threads share a target.
template <class U, class G, class S, class T>
struct cuda_synapse_env : synapse_env<U, G, S, T> {
    using base = synapse_env<U, G, S, T>;
    using base::base;
    bool atomic = true;

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int I, class... X>
    CORTEXPR_HOST_DEVICE void call(X... x) {
        constexpr std::string_view fn = U::symbols::fns[I].name;
        const std::size_t b = this->b;
        if constexpr (fn == "addToPost") {
            S* p = &this->v.in_syn[b * this->v.n_post + this->id_post];
            if (atomic) (atomic_add(p, S(x)), ...);
            else ((*p += S(x)), ...);
        } else if constexpr (fn == "addToPostDelay") {
            delayed(S(x)...);
        } else {
            (atomic_add(&this->v.rev[b * this->v.n_pre + this->id_pre], S(x)), ...);
        }
    }
    template <class D>
    CORTEXPR_HOST_DEVICE void delayed(S x, D d) {
        const std::uint32_t dd = std::uint32_t(d);
        if (dd >= this->v.max_dendritic) { *this->v.bad_delay = dd + 1; return; }
        std::uint32_t slot = this->v.den_ptr + dd;
        if (slot >= this->v.max_dendritic) slot -= this->v.max_dendritic;
        S* p = &this->v.den[(std::size_t(this->b) * this->v.max_dendritic + slot) * this->v.n_post + this->id_post];
        if (atomic) atomic_add(p, x);
        else *p += x;
    }
};

/// Calls f.template operator()<J, A[J]>() for each position J of A (device and host).
template <auto A, class F>
CORTEXPR_HOST_DEVICE void hd_for_each_position(F&& f) {
    [&]<std::size_t... J>(std::index_sequence<J...>) { (f.template operator()<J, A[J]>(), ...); }(std::make_index_sequence<A.size()>{});
}

/// Runs f.template operator()<J, A[J]>(first block, end block) for the group whose blocks
/// hold `blk`.
template <auto A, std::size_t N, class F>
CORTEXPR_HOST_DEVICE void dispatch_block(const launch_layout<N>& L, std::uint32_t blk, F&& f) {
    [&]<std::size_t... J>(std::index_sequence<J...>) {
        ((blk >= L.start[J] && blk < L.start[J + 1] ? (f.template operator()<J, A[J]>(L.start[J], L.start[J + 1]), 0) : 0), ...);
    }(std::make_index_sequence<A.size()>{});
}

/// Spikes of batch entry b in delay slot `slot` of a spike set.
struct set_slot {
    const std::uint32_t* list;
    std::uint32_t count;
    const std::uint32_t* bits;
};
CORTEXPR_HOST_DEVICE set_slot slot_of(const spike_set& s, std::uint32_t b, std::uint32_t slot) {
    const std::size_t k = std::size_t(b) * s.ring + slot;
    return {s.list + k * s.n, s.count[k], s.bits + k * s.words};
}

#if defined(__CUDACC__)
/// Emits the warp's spikes (pred) into the set's bitfield, recording row and list. Every
/// lane of the warp calls it; the warp's first id is a multiple of 32.
__device__ inline void cuda_emit(const spike_set& s, std::uint32_t b, std::uint32_t slot, std::uint32_t id, bool pred,
                                 std::uint32_t* rec_row) {
    const unsigned mask = __ballot_sync(0xffffffffu, pred);
    const unsigned lane = threadIdx.x & 31u;
    const std::uint32_t word = id >> 5;
    const std::size_t k = std::size_t(b) * s.ring + slot;
    if (lane == 0 && word < s.words) {
        s.bits[k * s.words + word] = mask;
        if (rec_row) rec_row[word] = mask;
    }
    if (mask) {
        unsigned base = 0;
        if (lane == 0) base = atomicAdd(&s.pending[b], unsigned(__popc(mask)));
        base = __shfl_sync(0xffffffffu, base, 0);
        if (pred) s.list[k * s.n + base + unsigned(__popc(mask & ((1u << lane) - 1u)))] = id;
    }
}

/// True in the block that finishes last (all blocks' writes are visible to it).
__device__ inline bool cuda_last_block(std::uint32_t* done) {
    __shared__ bool last;
    __syncthreads();
    if (threadIdx.x == 0) {
        __threadfence();
        const unsigned prev = atomicAdd(done, 1u);
        last = prev + 1 == gridDim.x * gridDim.y;
    }
    __syncthreads();
    return last;
}

/// The per-element work of each phase, for network list `List` in precision (S, T).
template <class List, class S, class T>
struct cuda_steps {
    using St = device_state<List, S, T>;
    static constexpr auto pops = St::pops;
    static constexpr auto groups = St::groups;

    __device__ static std::uint32_t post_index(const void* ind, std::uint32_t bytes, std::size_t syn) { return index_at(ind, bytes, syn); }
    /// Calls f(synapse index) for every synapse (i, j) of sorted row i, in row order
    /// (rows may hold j more than once: FixedNumberPostWithReplacement).
    template <class Ind, class F>
    __device__ static void each_in_row(const Ind* r, std::size_t base, std::uint32_t len, std::uint32_t j, F&& f) {
        std::uint32_t lo = 0, hi = len;
        while (lo < hi) {
            const std::uint32_t mid = (lo + hi) / 2;
            if (std::uint32_t(r[base + mid]) < j) lo = mid + 1;
            else hi = mid;
        }
        for (; lo < len && std::uint32_t(r[base + lo]) == j; ++lo) f(base + lo);
    }
    /// The repeat of synapse `syn` of the sorted row at `base` (step/rows.hpp).
    __device__ static std::uint32_t repeat_of(const void* ind, std::uint32_t bytes, std::size_t base, std::size_t syn, std::uint32_t j) {
        return repeat_at(ind, bytes, base, syn, j);
    }
    template <std::size_t G, class F>
    __device__ static void each_synapse(const dev_synapses<List, G, S, T>& g, std::uint32_t i, std::uint32_t j, F&& f) {
        const std::size_t base = std::size_t(i) * g.stride;
        const std::uint32_t len = g.row_length[i];
        switch (g.index_bytes) {
            case 1: each_in_row(static_cast<const std::uint8_t*>(g.ind), base, len, j, f); break;
            case 2: each_in_row(static_cast<const std::uint16_t*>(g.ind), base, len, j, f); break;
            default: each_in_row(static_cast<const std::uint32_t*>(g.ind), base, len, j, f);
        }
    }

    /// Group G as the neuron update of its pre (Pre) or post side reads it, batch entry b.
    template <std::size_t G, bool Pre>
    __device__ static wu_side_port<typename sg_traits<List, G>::wu_kind_t, Pre, S, T> wu_side(const St& s, std::uint32_t b, std::uint64_t n) {
        using gt = sg_traits<List, G>;
        const auto& g = s.template part<G>();
        const auto& side = s.template part<(Pre ? gt::pre : gt::post)>();
        spikes_view<T> sp = side.sp;
        sp.st_slot = std::uint32_t(n % sp.ring);
        S* rev = nullptr;
        if constexpr (Pre && gt::adds_to_pre) rev = g.sv.rev + std::size_t(b) * sp.n;
        return {g.sv, side.m, sp, streams::wu_neurons(s.seed + b, G, n, Pre), rev};
    }

    // ---- neurons -----------------------------------------------------------------------
    /// A thread per neuron runs step/neuron_update.hpp; the warp then writes its spikes and
    /// events into the spike queues (cuda_emit), every lane taking part.
    template <std::size_t P>
    __device__ static void neuron(const St& s, std::uint32_t id, std::uint32_t b, std::uint64_t n) {
        using tr = pop_traits<List, P>;
        using unit = typename tr::unit;
        using MV = model_view_for<typename tr::desc>;
        static constexpr auto incoming = synapses_at<List, P, false>();
        static constexpr auto outgoing = synapses_at<List, P, true>();
        static constexpr auto inputs = sources_at<List, P>();
        static_assert(outgoing.size() <= 64, "cortexpr: at most 64 outgoing synapse groups per population on CUDA");
        const auto& p = s.template part<P>();
        const std::uint32_t N = p.sp.n, ring = p.sp.ring;
        const std::uint32_t slot = std::uint32_t(n % ring);
        const T t = T(double(n) * s.dt), dt = T(s.dt);
        spikes_view<T> sp = p.sp;
        sp.st_slot = slot;
        const MV mv = p.m;
        bool spiked = false;
        std::uint64_t events = 0, post_events = 0;  // per outgoing / incoming group
        static_assert(incoming.size() <= 64, "cortexpr: at most 64 incoming synapse groups per population on CUDA");
        if (id < N) {
            if (ring > 1 && n > 0) {
                const std::uint32_t last = std::uint32_t((n - 1) % ring);
                const std::size_t from = (std::size_t(b) * ring + last) * N + id, to = (std::size_t(b) * ring + slot) * N + id;
                sp.st[to] = sp.st[from];
                sp.prev_st[to] = sp.prev_st[from];
            }
            const std::uint64_t seed = s.seed + b;
            auto psm = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple([&] {
                    using gt = sg_traits<List, incoming[J]>;
                    const auto& g = s.template part<incoming[J]>();
                    S* due = g.sv.max_dendritic ? g.sv.den + (std::size_t(b) * g.sv.max_dendritic + n % g.sv.max_dendritic) * N : nullptr;
                    return psm_port<typename gt::psm_kind_t, std::remove_cvref_t<decltype(g.psm)>, S, element_rng<S>>{
                        g.psm, g.sv.in_syn + std::size_t(b) * N, due, g.fused, {streams::postsynaptic(seed, incoming[J], n)}};
                }()...);
            }(std::make_index_sequence<incoming.size()>{});
            const auto pre_sides = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple(wu_side<outgoing[J], true>(s, b, n)...);
            }(std::make_index_sequence<outgoing.size()>{});
            const auto post_sides = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple(wu_side<incoming[J], false>(s, b, n)...);
            }(std::make_index_sequence<incoming.size()>{});
            auto cs = [&]<std::size_t... J>(std::index_sequence<J...>) {
                return make_hd_tuple(source_port<typename cs_traits<List, inputs[J]>::kind_t, std::remove_cvref_t<decltype(s.template part<inputs[J]>().m)>, element_rng<S>>{
                    s.template part<inputs[J]>().m, {streams::current_source(seed, inputs[J], n)}}...);
            }(std::make_index_sequence<inputs.size()>{});
            auto emit = make_emission([&](std::uint32_t) { spiked = true; },
                                      [&](auto j, std::uint32_t) {
                                          if constexpr (is_post_event<decltype(j)>) post_events |= std::uint64_t(1) << decltype(j)::value;
                                          else events |= std::uint64_t(1) << decltype(j)::value;
                                      });
            neuron_update<unit, S, T>(mv, sp, id, t, dt, b, streams::neurons(seed, P, n).template at<S>(id), psm, post_sides, pre_sides, cs,
                                      emit);
        }
        std::uint32_t* rec_row = p.rec ? p.rec + (std::size_t(b) * p.rec_steps + n % p.rec_steps) * p.rec_words : nullptr;
        cuda_emit(p.spikes, b, slot, id, spiked, rec_row);
        hd_for_each_position<outgoing>([&]<std::size_t J, std::size_t G>() {
            if constexpr (sg_traits<List, G>::template has<field::pre_event_syn_code>) {
                const auto& g = s.template part<G>();
                std::uint32_t* row = g.evt_rec ? g.evt_rec + (std::size_t(b) * g.evt_rec_steps + n % g.evt_rec_steps) * g.events.words : nullptr;
                cuda_emit(g.events, b, slot, id, (events >> J) & 1u, row);
            }
        });
        hd_for_each_position<incoming>([&]<std::size_t J, std::size_t G>() {
            if constexpr (sg_traits<List, G>::template has<field::post_event_syn_code>) {
                const auto& g = s.template part<G>();
                std::uint32_t* row = g.post_evt_rec ? g.post_evt_rec + (std::size_t(b) * g.post_evt_rec_steps + n % g.post_evt_rec_steps) * g.post_events.words
                                                    : nullptr;
                cuda_emit(g.post_events, b, slot, id, (post_events >> J) & 1u, row);
            }
        });
    }

    /// End of a step (the neuron kernel's last block): this step's spike and event counts.
    __device__ static void finish_step(const St& s, std::uint64_t n) {
        hd_for_each_position<pops>([&]<std::size_t J, std::size_t P>() {
            const auto& sp = s.template part<P>().spikes;
            const std::uint32_t slot = std::uint32_t(n % sp.ring);
            for (std::uint32_t b = threadIdx.x; b < s.batch; b += blockDim.x)
                sp.count[std::size_t(b) * sp.ring + slot] = atomicExch(&sp.pending[b], 0u);
        });
        hd_for_each_position<groups>([&]<std::size_t J, std::size_t G>() {
            if constexpr (sg_traits<List, G>::template has<field::pre_event_syn_code>) {
                const auto& ev = s.template part<G>().events;
                const std::uint32_t slot = std::uint32_t(n % ev.ring);
                for (std::uint32_t b = threadIdx.x; b < s.batch; b += blockDim.x)
                    ev.count[std::size_t(b) * ev.ring + slot] = atomicExch(&ev.pending[b], 0u);
            }
            if constexpr (sg_traits<List, G>::template has<field::post_event_syn_code>) {
                const auto& ev = s.template part<G>().post_events;
                const std::uint32_t slot = std::uint32_t(n % ev.ring);
                for (std::uint32_t b = threadIdx.x; b < s.batch; b += blockDim.x)
                    ev.count[std::size_t(b) * ev.ring + slot] = atomicExch(&ev.pending[b], 0u);
            }
        });
    }

    // ---- synapse groups ----------------------------------------------------------------
    /// Runs weight-update field F of group G through `body(run_one)`, where run_one(i, j,
    /// synapse, kernel index, repeat) runs the code for one synapse; repeat (the synapses
    /// to j before it in row i, streams::synapse) is read only by code that draws or
    /// regenerates, so its loads vanish elsewhere.
    template <std::size_t G, field F, class Body>
    __device__ static void with_synapse_code(const St& s, std::uint32_t b, std::uint64_t n, streams::synapse_code code, bool atomic,
                                             Body&& body) {
        using gt = sg_traits<List, G>;
        using unit = typename gt::template wu_unit<F>;
        using prog = dsl::program<unit>;
        using env_t = cuda_synapse_env<unit, gt, S, T>;
        const auto& g = s.template part<G>();
        const auto& pre = s.template part<gt::pre>();
        const auto& post = s.template part<gt::post>();
        auto sv = g.sv;
        sv.den_ptr = sv.max_dendritic ? std::uint32_t(n % sv.max_dendritic) : 0u;
        spikes_view<T> psp = pre.sp, qsp = post.sp;
        psp.st_slot = n >= 1 + std::uint64_t(sv.axonal) ? std::uint32_t((n - 1 - sv.axonal) % psp.ring) : 0u;
        qsp.st_slot = n >= 1 + std::uint64_t(sv.back_prop) ? std::uint32_t((n - 1 - sv.back_prop) % qsp.ring) : 0u;
        const T t = T(double(n) * s.dt), dt = T(s.dt);
        const std::uint64_t seed = s.seed + b;
        env_t env(sv, pre.m, post.m, psp, qsp, t, dt, b, streams::unused<S>());
        env.atomic = atomic;
        const synapse_streams ks{seed, s.connectivity_seed, std::uint32_t(G), n, code};
        auto run_one = [&](std::uint32_t i, std::uint32_t j, std::size_t syn, std::uint32_t k, std::uint32_t rep) {
            synapse_update<prog, gt, S, T>(env, ks, g.proc, i, j, syn, k, rep);
        };
        body(g, run_one);
    }

    /// Propagation of one spike set (events or spikes of the slot that arrives now).
    template <std::size_t G, field F>
    __device__ static void propagate_set(const St& s, set_slot ss, std::uint32_t tid, std::uint32_t nthreads, std::uint32_t b,
                                         std::uint64_t n, streams::synapse_code code) {
        using gt = sg_traits<List, G>;
        const auto& g0 = s.template part<G>();
        const bool post_span = gt::kind != matrix_kind::procedural && gt::kind != matrix_kind::toeplitz && g0.span == cuda_span::postsynaptic;
        with_synapse_code<G, F>(s, b, n, code, !post_span || g0.atomic_input, [&](const auto& g, auto& run_one) {
            const std::uint32_t n_pre = g.sv.n_pre, n_post = g.sv.n_post;
            if constexpr (gt::kind == matrix_kind::toeplitz) {
                using C = typename gt::matrix::connect_type;
                using tunit = model_unit<typename C::snippet, family::toeplitz_init, field::diagonal_build_code>;
                using tprog = dsl::program<tunit>;
                for (std::uint32_t d = tid; d < g.n_diag; d += nthreads) {
                    std::uint32_t cur = 0;
                    auto add = [&](std::uint32_t j, auto... kk) { if (j < n_post) run_one(cur, j, std::size_t(0), kernel_index_of(g.kernel, kk...), 0u); };
                    auto each = [&](auto& tenv, auto&& bodyf) {
                        for (std::uint32_t k = 0; k < ss.count; ++k) {
                            tenv.id_pre = ss.list[k];
                            cur = ss.list[k];
                            if (bodyf() == dsl::flow::break_) break;
                        }
                    };
                    toeplitz_env<tunit, S, T, std::remove_cvref_t<decltype(g.conn)>, decltype(each), decltype(add)> tenv(
                        g.conn, each, add, T(double(n) * s.dt), T(s.dt), b, streams::toeplitz_diagonal<S>(s.seed + b, G, d, n));
                    tenv.id_diag = d; tenv.num_pre = n_pre; tenv.num_post = n_post;
                    dsl::frame<tprog, decltype(tenv)> f;
                    dsl::run<tprog, 0>(tenv, f);
                }
            } else if constexpr (gt::kind == matrix_kind::procedural) {
                using C = typename gt::matrix::connect_type;
                using unit = model_unit<typename C::snippet, family::sparse_init, field::row_build_code>;
                using prog = dsl::program<unit>;
                for (std::uint32_t k = tid; k < ss.count; k += nthreads) {
                    const std::uint32_t i = ss.list[k];
                    std::uint32_t prev = ~0u, rep = 0;  // every added synapse counts, as in the CPU's for_row
                    auto add = [&](std::uint32_t j, auto... kk) {
                        rep = j == prev ? rep + 1 : 0;
                        prev = j;
                        if (j < n_post) run_one(i, j, std::size_t(0), kernel_index_of(g.kernel, kk...), rep);
                    };
                    build_env<unit, S, T, std::remove_cvref_t<decltype(g.conn)>, decltype(add)> benv(
                        g.conn, add, T(s.dt), streams::connect_row<S>(s.connectivity_seed, G, i));
                    benv.id_pre = i; benv.num_pre = n_pre; benv.num_post = n_post;
                    dsl::frame<prog, decltype(benv)> f;
                    dsl::run<prog, 0>(benv, f);
                }
            } else if (post_span) {
                // a thread per target, spikes in increasing id: the CPU's order, no atomics
                const std::uint32_t words = (n_pre + 31) / 32;
                for (std::uint32_t j = tid; j < n_post; j += nthreads)
                    for (std::uint32_t w = 0; w < words; ++w)
                        for (std::uint32_t bits = ss.bits[w]; bits; bits &= bits - 1) {
                            const std::uint32_t i = w * 32 + std::uint32_t(__ffs(bits) - 1);
                            if constexpr (gt::kind == matrix_kind::dense) {
                                run_one(i, j, std::size_t(i) * n_post + j, 0u, 0u);
                            } else if constexpr (gt::kind == matrix_kind::sparse) {
                                std::uint32_t rep = 0;  // each_synapse visits the run of j in order
                                each_synapse<G>(g, i, j, [&](std::size_t syn) { run_one(i, j, syn, 0u, rep++); });
                            } else if constexpr (gt::kind == matrix_kind::bitmask) {
                                if ((g.mask[std::size_t(i) * g.words_per_row + j / 32] >> (j % 32)) & 1u) run_one(i, j, std::size_t(0), 0u, 0u);
                            }
                        }
            } else {
                // a warp per spike, lanes along the row
                const std::uint32_t lane = tid & 31u, warp = tid >> 5, warps = nthreads >> 5;
                for (std::uint32_t k = warp; k < ss.count; k += warps) {
                    const std::uint32_t i = ss.list[k];
                    if constexpr (gt::kind == matrix_kind::dense) {
                        for (std::uint32_t j = lane; j < n_post; j += 32) run_one(i, j, std::size_t(i) * n_post + j, 0u, 0u);
                    } else if constexpr (gt::kind == matrix_kind::sparse) {
                        const std::size_t base = std::size_t(i) * g.stride;
                        const std::uint32_t len = g.row_length[i];
                        for (std::uint32_t q = lane; q < len; q += 32) {
                            const std::uint32_t j = post_index(g.ind, g.index_bytes, base + q);
                            run_one(i, j, base + q, 0u, repeat_of(g.ind, g.index_bytes, base, base + q, j));
                        }
                    } else if constexpr (gt::kind == matrix_kind::bitmask) {
                        for (std::uint32_t w = lane; w < g.words_per_row; w += 32)
                            for (std::uint32_t bits = g.mask[std::size_t(i) * g.words_per_row + w]; bits; bits &= bits - 1)
                                run_one(i, w * 32 + std::uint32_t(__ffs(bits) - 1), std::size_t(0), 0u, 0u);
                    }
                }
            }
        });
    }

    template <std::size_t G>
    __device__ static void propagate(const St& s, std::uint32_t tid, std::uint32_t nthreads, std::uint32_t b, std::uint64_t n) {
        using gt = sg_traits<List, G>;
        const auto& g = s.template part<G>();
        const std::uint32_t D = g.sv.axonal;
        if (n < 1 + std::uint64_t(D)) return;
        const auto& pre = s.template part<gt::pre>();
        const std::uint32_t slot = std::uint32_t((n - 1 - D) % pre.sp.ring);
        if constexpr (gt::template has<field::pre_event_syn_code>)
            propagate_set<G, field::pre_event_syn_code>(s, slot_of(g.events, b, slot), tid, nthreads, b, n, streams::synapse_code::pre_event);
        if constexpr (gt::template has<field::pre_spike_syn_code>)
            propagate_set<G, field::pre_spike_syn_code>(s, slot_of(pre.spikes, b, slot), tid, nthreads, b, n, streams::synapse_code::pre_spike);
    }

    template <std::size_t G>
    __device__ static void dynamics(const St& s, std::uint32_t tid, std::uint32_t nthreads, std::uint32_t b, std::uint64_t n) {
        using gt = sg_traits<List, G>;
        if constexpr (gt::template has<field::synapse_dynamics_code> && gt::stores_synapses) {
            with_synapse_code<G, field::synapse_dynamics_code>(s, b, n, streams::synapse_code::dynamics, true, [&](const auto& g, auto& run_one) {
                const std::uint32_t n_post = g.sv.n_post;
                const std::size_t total = std::size_t(g.sv.n_pre) * (gt::kind == matrix_kind::dense ? n_post : g.stride);
                for (std::size_t e = tid; e < total; e += nthreads) {
                    if constexpr (gt::kind == matrix_kind::dense) {
                        run_one(std::uint32_t(e / n_post), std::uint32_t(e % n_post), e, 0u, 0u);
                    } else {
                        const std::uint32_t i = std::uint32_t(e / g.stride), k = std::uint32_t(e % g.stride);
                        if (k < g.row_length[i]) {
                            const std::uint32_t j = post_index(g.ind, g.index_bytes, e);
                            run_one(i, j, e, 0u, repeat_of(g.ind, g.index_bytes, std::size_t(i) * g.stride, e, j));
                        }
                    }
                }
            });
        }
    }

    template <std::size_t G>
    __device__ static void learn(const St& s, std::uint32_t tid, std::uint32_t nthreads, std::uint32_t b, std::uint64_t n) {
        using gt = sg_traits<List, G>;
        if constexpr (gt::learns_post && gt::stores_synapses) {
            const auto& g0 = s.template part<G>();
            const std::uint32_t B = g0.sv.back_prop;
            if (n < 1 + std::uint64_t(B)) return;
            const auto& post = s.template part<gt::post>();
            const std::uint32_t qslot = std::uint32_t((n - 1 - B) % post.sp.ring);
            // field F on the columns of the postsynaptic ids set in `ss` (a thread per column)
            auto columns = [&]<field F>(const set_slot& ss, streams::synapse_code code) {
                with_synapse_code<G, F>(s, b, n, code, true, [&](const auto& g, auto& run_one) {
                    for (std::uint32_t j = tid; j < g.sv.n_post; j += nthreads) {
                        if (!((ss.bits[j >> 5] >> (j & 31u)) & 1u)) continue;
                        for_column<gt::kind == matrix_kind::dense>(j, g.sv.n_pre, g.sv.n_post, g.stride, g.col_length, g.col_syn, g.col_stride,
                                                                   [&](std::uint32_t i, std::size_t syn) {
                            run_one(i, j, syn, 0u, gt::kind == matrix_kind::dense ? 0u : repeat_of(g.ind, g.index_bytes, std::size_t(i) * g.stride, syn, j));
                        });
                    }
                });
            };
            // spike-like events first, then spikes (the CPU's order; each column is one
            // thread's, so the two passes keep it)
            if constexpr (gt::template has<field::post_event_syn_code>)
                columns.template operator()<field::post_event_syn_code>(slot_of(g0.post_events, b, qslot), streams::synapse_code::post_event);
            if constexpr (gt::template has<field::post_spike_syn_code>)
                columns.template operator()<field::post_spike_syn_code>(slot_of(post.spikes, b, qslot), streams::synapse_code::post_spike);
        }
    }
};

template <class Key, class S, class T>
__global__ void cuda_neuron_kernel(const void* state) {
    using List = typename unkey<Key>::type::list;
    using steps = cuda_steps<List, S, T>;
    const auto& s = *static_cast<const typename steps::St*>(state);
    const std::uint64_t n = *s.clock;
    const std::uint32_t b = blockIdx.y, blk = blockIdx.x;
    dispatch_block<steps::pops>(s.neurons, blk, [&]<std::size_t J, std::size_t P>(std::uint32_t first, std::uint32_t) {
        steps::template neuron<P>(s, (blk - first) * blockDim.x + threadIdx.x, b, n);
    });
    if (cuda_last_block(s.done + std::uint32_t(cuda_phase::neurons))) {
        steps::finish_step(s, n);
        __syncthreads();
        if (threadIdx.x == 0) {
            *s.clock = n + 1;
            s.done[std::uint32_t(cuda_phase::neurons)] = 0;
            __threadfence();
        }
    }
}

template <class Key, class S, class T, cuda_phase Ph>
__global__ void cuda_synapse_kernel(const void* state) {
    using List = typename unkey<Key>::type::list;
    using steps = cuda_steps<List, S, T>;
    const auto& s = *static_cast<const typename steps::St*>(state);
    const std::uint64_t n = *s.clock;
    const std::uint32_t b = blockIdx.y, blk = blockIdx.x;
    const auto& L = Ph == cuda_phase::dynamics ? s.dynamics : Ph == cuda_phase::propagate ? s.propagate : s.learn;
    dispatch_block<steps::groups>(L, blk, [&]<std::size_t J, std::size_t G>(std::uint32_t first, std::uint32_t end) {
        const std::uint32_t tid = (blk - first) * blockDim.x + threadIdx.x, nthreads = (end - first) * blockDim.x;
        if constexpr (Ph == cuda_phase::dynamics) steps::template dynamics<G>(s, tid, nthreads, b, n);
        else if constexpr (Ph == cuda_phase::propagate) steps::template propagate<G>(s, tid, nthreads, b, n);
        else steps::template learn<G>(s, tid, nthreads, b, n);
    });
}

/// The persistent variant: one cooperative launch runs `steps` whole steps, each phase a
/// grid-stride loop over the phase's virtual blocks, phases separated by grid-wide
/// barriers (cudaLaunchCooperativeKernel; the grid must be co-resident).
template <class Key, class S, class T>
__global__ void cuda_persistent_kernel(const void* state, std::uint32_t steps) {
    using List = typename unkey<Key>::type::list;
    using steps_t = cuda_steps<List, S, T>;
    const auto& s = *static_cast<const typename steps_t::St*>(state);
    namespace cg = cooperative_groups;
    cg::grid_group grid = cg::this_grid();
    const std::uint32_t B = s.batch;
    auto groups_phase = [&](const auto& L, auto phase) {
        constexpr cuda_phase Ph = decltype(phase)::value;
        const std::uint64_t n = *static_cast<volatile std::uint64_t*>(s.clock);
        const std::uint32_t nb = L.start[steps_t::groups.size()];
        for (std::uint32_t v = blockIdx.x; v < nb * B; v += gridDim.x) {
            const std::uint32_t b = v / nb, blk = v % nb;
            dispatch_block<steps_t::groups>(L, blk, [&]<std::size_t J, std::size_t G>(std::uint32_t first, std::uint32_t end) {
                const std::uint32_t tid = (blk - first) * blockDim.x + threadIdx.x, nthreads = (end - first) * blockDim.x;
                if constexpr (Ph == cuda_phase::dynamics) steps_t::template dynamics<G>(s, tid, nthreads, b, n);
                else if constexpr (Ph == cuda_phase::propagate) steps_t::template propagate<G>(s, tid, nthreads, b, n);
                else steps_t::template learn<G>(s, tid, nthreads, b, n);
            });
        }
        grid.sync();
    };
    for (std::uint32_t k = 0; k < steps; ++k) {
        if (s.dynamics.start[steps_t::groups.size()]) groups_phase(s.dynamics, std::integral_constant<cuda_phase, cuda_phase::dynamics>{});
        groups_phase(s.propagate, std::integral_constant<cuda_phase, cuda_phase::propagate>{});
        if (s.learn.start[steps_t::groups.size()]) groups_phase(s.learn, std::integral_constant<cuda_phase, cuda_phase::learn>{});
        const std::uint64_t n = *static_cast<volatile std::uint64_t*>(s.clock);
        const std::uint32_t nb = s.neurons.start[steps_t::pops.size()];
        for (std::uint32_t v = blockIdx.x; v < nb * B; v += gridDim.x) {
            const std::uint32_t b = v / nb, blk = v % nb;
            dispatch_block<steps_t::pops>(s.neurons, blk, [&]<std::size_t J, std::size_t P>(std::uint32_t first, std::uint32_t) {
                steps_t::template neuron<P>(s, (blk - first) * blockDim.x + threadIdx.x, b, n);
            });
        }
        grid.sync();
        if (blockIdx.x == 0) {
            steps_t::finish_step(s, n);
            __syncthreads();
            if (threadIdx.x == 0) *s.clock = n + 1;
        }
        grid.sync();
    }
}

/// Launches the kernels of network key `Key`. The kernels' template arguments come from
/// this partial specialisation's deduced pack, so nvcc's stub spells the key's plain
/// types (kernel_key.hpp).
template <class Key>
struct cuda_launcher;
template <class... P>
struct cuda_launcher<key_net<P...>> {
    template <class S, class T>
    static cudaError_t launch(cuda_phase ph, dim3 grid, dim3 block, cudaStream_t stream, const void* state) {
        using K = key_net<P...>;
        switch (ph) {
            case cuda_phase::dynamics: cuda_synapse_kernel<K, S, T, cuda_phase::dynamics><<<grid, block, 0, stream>>>(state); break;
            case cuda_phase::propagate: cuda_synapse_kernel<K, S, T, cuda_phase::propagate><<<grid, block, 0, stream>>>(state); break;
            case cuda_phase::learn: cuda_synapse_kernel<K, S, T, cuda_phase::learn><<<grid, block, 0, stream>>>(state); break;
            default: cuda_neuron_kernel<K, S, T><<<grid, block, 0, stream>>>(state);
        }
        return cudaGetLastError();
    }
    /// Co-resident blocks of the persistent kernel per multiprocessor at `block` threads.
    template <class S, class T>
    static cudaError_t persistent_occupancy(int* blocks_per_sm, int block) {
        return cudaOccupancyMaxActiveBlocksPerMultiprocessor(blocks_per_sm, cuda_persistent_kernel<key_net<P...>, S, T>, block, 0);
    }
    template <class S, class T>
    static cudaError_t launch_persistent(dim3 grid, dim3 block, cudaStream_t stream, const void* state, std::uint32_t steps) {
        void* args[] = {const_cast<void**>(&state), &steps};
        return cudaLaunchCooperativeKernel(reinterpret_cast<const void*>(cuda_persistent_kernel<key_net<P...>, S, T>), grid, block, args,
                                           0, stream);
    }
};
#endif  // __CUDACC__

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
