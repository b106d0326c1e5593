// The CPU neuron update of a population in blocks of neurons, in loops the compiler
// vectorises (issue 16: at dt 0.1 ms a 4,000-neuron network is its neuron update, and
// one neuron at a time, with the spike push and the per-group tests inside the loop,
// left every SSE lane but one idle).
//
// Per block of up to `neuron_block` neurons:
//   1. Isyn of each neuron in a block array; each postsynaptic model that is not fused
//      (and has or has not a dendritic-delay row) in its own loop, then each current
//      source in its own loop: their tests are made once per block, not per neuron;
//   2. the sim code and threshold condition of every neuron (variables in locals,
//      if-converted), the condition's outcome in a byte per neuron;
//   3. for the neurons whose condition held, in neuron order: the spike, the reset code
//      (with the Isyn and the locals of the sim code that neuron had) and spike times.
// Each neuron sees the same operations on the same values in the same order as the
// one-at-a-time update (step/neuron_update.hpp): neurons of a population never read one
// another's state in their neuron update, so results are bit-identical. Populations
// whose neighbours run per-neuron code (weight-update dynamics, spike or event code,
// addToPre, delayed presynaptic variables or x[d] reads) or whose code draws random numbers keep the
// one-at-a-time update (neuron_batch_fits).
// (Included by engine.hpp, after CORTEXPR_CPU_RANGE.)
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "../../step/neuron_update.hpp"
#include "attributes.hpp"

CORTEXPR_DIAG_BEGIN

// The per-block loops carry no dependence between neurons: the vectoriser may assume it
// (g++ -O2's cost model does not version loops for aliasing between the variable
// arrays). Not `omp simd`: g++ gives every addressable object in such a loop (the
// environments) an array of lanes before inlining, and then vectorises none of it.
#if defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__)
#  define CORTEXPR_SIMD_LOOP _Pragma("GCC ivdep")
#else
#  define CORTEXPR_SIMD_LOOP
#endif

namespace cortexpr::detail {

/// Neurons per block of the batched update (the block's Isyn and outcomes stay in L1).
inline constexpr std::uint32_t neuron_block = 256;

/// Whether a weight-update side port (neuron_update.hpp's wu_side_port) leaves the
/// batched update the population's own: no per-neuron code, reverse input, or reads of
/// the neurons' variables (delayed reads keep per-neuron copies in the neuron update;
/// a group that reads them at all stays on the one-at-a-time path, so that a copy
/// added there later cannot be missed here).
template <class Port>
constexpr bool wu_side_quiet() {
    using gt = typename Port::traits;
    return !gt::template has<field::pre_dynamics_code> && !gt::template has<field::post_dynamics_code> &&
           !gt::template has<field::pre_spike_code> && !gt::template has<field::post_spike_code> &&
           !gt::template has<field::pre_event_threshold_condition_code> &&
           !gt::template has<field::post_event_threshold_condition_code> && !gt::adds_to_pre &&
           gt::wu_info.pre_neuron_var_refs.empty() && gt::wu_info.post_neuron_var_refs.empty() &&
           gt::post_history == 0 && gt::pre_var_history == 0;  // copies for x[d] and delayed pre_vars
}

template <class Tu>
struct batch_ports;
template <class... X>
struct batch_ports<hd_tuple<X...>> {
    static constexpr bool quiet_sides = (true && ... && wu_side_quiet<X>());
    // postsynaptic models and current sources: their code draws no random numbers
    static constexpr bool no_psm_rng = (true && ... && !X::traits::psm_prog::uses_rng);
    static constexpr bool no_src_rng = (true && ... && !X::traits::prog::uses_rng);
};

/// Whether population unit `Unit` with these ports takes the batched update: a scalar
/// view (the CPU loop), no additional input variables, no random numbers, and
/// neighbours without per-neuron code.
template <class Unit, class S, class MV, class Psm, class Post, class Pre, class Src>
inline constexpr bool neuron_batch_fits =
    is_scalar_view_v<S, MV> && Unit::info.additional_inputs.size() == 0 && !dsl::program<Unit>::uses_rng &&
    batch_ports<std::remove_cvref_t<Pre>>::quiet_sides && batch_ports<std::remove_cvref_t<Post>>::quiet_sides &&
    batch_ports<std::remove_cvref_t<Psm>>::no_psm_rng && batch_ports<std::remove_cvref_t<Src>>::no_src_rng;

/// The neuron environment of the batched update: the variables in locals (neuron_env's
/// Cache) and, where every variable is such a local, the code's branches speculated
/// (dsl::speculative: both arms run, the condition picks, so the loop has no branch).
template <class Unit, class S, class T, class MV>
struct batch_neuron_env : neuron_env<Unit, S, T, MV, true> {
    using neuron_env<Unit, S, T, MV, true>::neuron_env;
    static constexpr bool speculates = [] {
        for (const auto& v : Unit::info.vars)
            if (v.mode != access::read_write) return false;
        return true;
    }();
    CORTEXPR_HOST_DEVICE auto& spec_state() { return this->vals; }
};

/// One postsynaptic model's input to neuron `id`: *target += its injection, inSyn (plus
/// the due dendritic-delay row, emptied, where `Due`) decays.
template <bool Due, class S, class T, class MV, class Port, class PV>
inline void psm_one(const Port&, const PV& pv, S* in_syn, S* due, const MV& mv, S* target, std::uint32_t id, std::uint32_t N, T t,
                    T dt, std::uint32_t b, std::uint32_t nb) {
    using gt = typename Port::traits;
    using pprog = typename gt::psm_prog;
    using ie_t = input_env<typename gt::psm_unit, typename gt::post_h, typename gt::psm_refs, S, T, PV, MV>;
    ie_t ie(pv, mv, id, N, target, t, dt, b, streams::unused<S>());
    ie.nb = nb;
    ie.in_syn = in_syn[id];
    if constexpr (Due) {
        ie.in_syn += due[id];
        due[id] = S(0);
    }
    dsl::frame<pprog, ie_t> f;
    dsl::run<pprog, 0>(ie, f);
    in_syn[id] = ie.in_syn;
}

/// One current source's injection into neuron `id` (*target).
template <class S, class T, class MV, class Port, class CV>
inline void source_one(const Port&, const CV& cv, const MV& mv, S* target, std::uint32_t id, std::uint32_t N, T t, T dt,
                       std::uint32_t b, std::uint32_t nb) {
    using ct = typename Port::traits;
    using cprog = typename ct::prog;
    using ie_t = input_env<typename ct::unit, typename ct::target_h, typename ct::refs, S, T, CV, MV>;
    ie_t ie(cv, mv, id, N, target, t, dt, b, streams::unused<S>());
    ie.nb = nb;
    dsl::frame<cprog, ie_t> f;
    dsl::run<cprog, 0>(ie, f);
}

/// One postsynaptic model's input to the block [lo, lo + m) (psm_one per neuron, Isyn
/// in `isyn`). `Due`: the group has a dendritic-delay row (a loop of its own, so that
/// neither loop tests it per neuron).
template <bool Due, class S, class T, class MV, class Port, class M>
inline void psm_block(const Port& ps, const MV& mv, S* isyn, std::uint32_t lo, M m, std::uint32_t N, T t, T dt,
                      std::uint32_t b, std::uint32_t nb) {
    const auto pv = ps.pv;
    S* const in_syn = ps.in_syn;
    S* const due = ps.due;
    const std::uint32_t mm = m;  // (a loop annotation is lost on a call in the condition)
    CORTEXPR_SIMD_LOOP
    for (std::uint32_t i = 0; i < mm; ++i) psm_one<Due, S, T>(ps, pv, in_syn, due, mv, &isyn[i], lo + i, N, t, dt, b, nb);
}

/// The update of neurons [lo, hi) of a population that neuron_batch_fits (arguments as
/// neuron_range's, engine.hpp).
template <class Unit, class S, class T, class MV, class Psm, class Src, class Emit>
CORTEXPR_CPU_RANGE void neuron_range_batch(const MV& mv_in, const spikes_view<T>& sp_in, std::uint32_t lo, std::uint32_t hi, T t,
                                           T dt, std::uint32_t b, const Psm& psm_in, const Src& src_in, const Emit& emit_in) {
    using prog = dsl::program<Unit>;
    using env_t = batch_neuron_env<Unit, S, T, MV>;
    using frame_t = dsl::frame<prog, env_t>;
    // whether the reset code (field 2) names a local: it may read the sim code's, kept per neuron
    constexpr bool locals = [] {
        for (std::uint32_t k = 0; k < prog::code.stats.n_nodes; ++k)
            if (prog::code.nodes[k].field == 2 && prog::code.nodes[k].ref == dsl::ref_kind::local) return true;
        return false;
    }();
    const MV mv = mv_in;
    const spikes_view<T> sp = sp_in;
    const Psm psm = psm_in;
    const Src src = src_in;
    Emit emit = emit_in;
    const std::uint32_t N = sp.n, nb = sp.batches;
    if (hi < lo) __builtin_unreachable();
    S isyn[neuron_block];
    // the threshold's outcome per neuron: 16 bits, so that a vector iteration is 8 neurons
    // (bytes: 16 neurons, more than SSE's 16 registers hold, and a two-step pack; 32 bits:
    // more instructions, callgrind)
    std::uint16_t fire[neuron_block];
    std::conditional_t<locals, frame_t[neuron_block], char> frames;
    // one block of `count` neurons from lo_b; a constant count gives the loops a trip
    // count that g++ -O2 (its "very cheap" cost model) vectorises without a scalar tail
    // `direct`: no input is fused or has a dendritic-delay row (the usual case): the
    // inputs then run inside the neuron loop, Isyn in a register
    auto block = [&]<bool Direct>(std::uint32_t lo_b, auto count, std::bool_constant<Direct>) {
        const std::uint32_t m = count;  // constant where count is
        // lo_b + i does not wrap (lo_b + m <= hi): the neurons' indices are then affine in
        // i, which the vectoriser needs (true here; told, since ids are 32-bit)
        if (lo_b > ~std::uint32_t(0) - m) __builtin_unreachable();
        // 1. inputs
        if constexpr (!Direct) {
        CORTEXPR_SIMD_LOOP
        for (std::uint32_t i = 0; i < m; ++i) isyn[i] = S{};
        hd_each(psm, [&](auto, const auto& ps) {
            if (ps.fused) return;  // fused into an earlier group's inSyn
            if (ps.due) psm_block<true, S, T>(ps, mv, isyn, lo_b, m, N, t, dt, b, nb);
            else psm_block<false, S, T>(ps, mv, isyn, lo_b, m, N, t, dt, b, nb);
        });
        hd_each(src, [&](auto, const auto& cs) {
            const auto cv = cs.cv;
            CORTEXPR_SIMD_LOOP
            for (std::uint32_t i = 0; i < m; ++i) source_one<S, T>(cs, cv, mv, &isyn[i], lo_b + i, N, t, dt, b, nb);
        });
        }
        // 2. sim code and threshold condition
        CORTEXPR_SIMD_LOOP
        for (std::uint32_t i = 0; i < m; ++i) {
            const std::uint32_t id = lo_b + i;
            env_t env(mv, sp, id, t, dt, b, streams::unused<S>());
            if constexpr (Direct) {
                S in{};
                hd_each(psm, [&](auto, const auto& ps) {
                    psm_one<false, S, T>(ps, ps.pv, ps.in_syn, ps.due, mv, &in, id, N, t, dt, b, nb);
                });
                hd_each(src, [&](auto, const auto& cs) { source_one<S, T>(cs, cs.cv, mv, &in, id, N, t, dt, b, nb); });
                env.Isyn = in;
                isyn[i] = in;
            } else {
                env.Isyn = isyn[i];
            }
            frame_t f{};
            env.load_vars();
            dsl::run<prog, 0>(env, f);
            fire[i] = dsl::test<prog, 1>(env, f) ? 1 : 0;
            env.store_vars();
            if constexpr (locals) frames[i] = f;
        }
        // 3. spikes, reset, spike times (eight outcomes at a time: at ~5 Hz and dt 0.1 ms
        //    one neuron update in 2,000 spikes)
        for (std::uint32_t w = 0; w < m; w += 8) {
            const std::uint32_t e = std::min<std::uint32_t>(w + 8, m);
            if (e - w == 8) {
                std::uint64_t word[sizeof(fire[0])] = {};
                std::memcpy(word, fire + w, sizeof(word));
                std::uint64_t any = 0;
                for (std::uint64_t x : word) any |= x;
                if (!any) continue;
            }
            for (std::uint32_t i = w; i < e; ++i) {
                if (!fire[i]) continue;
                const std::uint32_t id = lo_b + i;
                env_t env(mv, sp, id, t, dt, b, streams::unused<S>());
                env.Isyn = isyn[i];
                frame_t f{};
                if constexpr (locals) f = frames[i];
                env.load_vars();
                emit.spike(id);
                dsl::run<prog, 2>(env, f);
                const std::size_t ts = sp.st_at(b, id);
                sp.prev_st[ts] = sp.st[ts];
                sp.st[ts] = t;
                env.store_vars();
            }
        }
    };
    constexpr std::uint32_t tail = 16;  // the last < neuron_block neurons: blocks of 16, then one by one
    const auto all = [&](auto direct) {
        std::uint32_t lo_b = lo;
        for (; hi - lo_b >= neuron_block; lo_b += neuron_block) block(lo_b, std::integral_constant<std::uint32_t, neuron_block>{}, direct);
        for (; hi - lo_b >= tail; lo_b += tail) block(lo_b, std::integral_constant<std::uint32_t, tail>{}, direct);
        if (lo_b < hi) block(lo_b, hi - lo_b, direct);
    };
    bool direct = true;
    hd_each(psm, [&](auto, const auto& ps) { direct = direct && !ps.fused && !ps.due; });
    if (direct) all(std::true_type{});
    else all(std::false_type{});
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
