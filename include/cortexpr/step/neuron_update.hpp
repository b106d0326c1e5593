// The neuron update of one neuron, written once for every backend (docs/api-quickref.md,
// "Semantics", step 2): postsynaptic models (with the dendritic-delay slot due this
// step), reverse input of addToPre, current sources, sim code, per-neuron weight-update
// code and spike-like event conditions, threshold, reset, spike code, spike times.
//
// A backend gathers what the update reads of each neighbouring part into ports (views,
// pointers offset to the batch entry, stream makers) and passes how a spike or event is
// recorded as an emission policy: the CPU pushes ids to per-thread lists, the CUDA
// kernel sets bits that the warp then writes into its spike queue. The templates are
// keyed by the types of the parts (traits, units, views); part indices, seeds, steps and
// sizes arrive as run-time values inside the ports, so the random streams are the same
// (seed, part, element, step, purpose) tuples on every backend.
#pragma once
#include <cstdint>
#include <type_traits>
#include <utility>

#include "environments.hpp"
#include "streams.hpp"
#include "synapse_env.hpp"
#include "views.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Per-element streams of one family as a port's random source (`at(id)`); the CPU passes
/// host lane_streams instead, which make the streams of 16 neurons at a time.
template <class S>
struct element_rng {
    streams::element_streams family;
    CORTEXPR_HOST_DEVICE random::stream<S> at(std::uint32_t id) const { return family.template at<S>(id); }
};

/// An incoming synapse group (traits GT) as its target's neuron update reads it in one
/// step: its postsynaptic model's view, inSyn and the due dendritic-delay row of the
/// batch entry (null without dendritic delays), whether another group's inSyn carries
/// its input (fused), and the postsynaptic model's streams.
template <class GT, class PV, class S, class R>
struct psm_port {
    using traits = GT;
    PV pv;
    S* in_syn;
    S* due;
    bool fused;
    R rng;
};

/// A synapse group (traits GT) as the neuron update of its presynaptic (Pre) or
/// postsynaptic side reads it: the group's view, the side's model view and spike times,
/// the per-neuron weight-update streams, and (Pre, addToPre) the reverse input of the
/// batch entry.
template <class GT, bool Pre, class S, class T>
struct wu_side_port {
    using traits = GT;
    static constexpr bool pre = Pre;
    typename GT::template syn_view<S, T> sv;
    std::conditional_t<Pre, typename GT::template pre_view<S, T>, typename GT::template post_view<S, T>> nv;
    spikes_view<T> sp;
    streams::element_streams rng;
    S* rev = nullptr;
};

/// A current source (traits CT) targeting the population: its view and streams.
template <class CT, class CV, class R>
struct source_port {
    using traits = CT;
    CV cv;
    R rng;
};

/// Tag of the J-th incoming group's postsynaptic spike-like event, as an emission
/// policy's event() receives it (the outgoing groups' presynaptic events come as
/// integral_constant<J>): `value` is J, `post` tells the two apart.
template <std::size_t J>
struct post_event_tag {
    static constexpr std::size_t value = J;
    static constexpr bool post = true;
};
/// Whether event() tag `J` is a postsynaptic event (post_event_tag).
template <class J>
inline constexpr bool is_post_event = requires { J::post; };

/// How a backend records this step's spikes and spike-like events: spike(id), and
/// event(integral_constant<J>, id) for the J-th outgoing group's condition,
/// event(post_event_tag<J>, id) for the J-th incoming group's postsynaptic condition.
template <class Spike, class Event>
struct emission {
    Spike spike;
    Event event;
};
template <class Spike, class Event>
CORTEXPR_HOST_DEVICE emission<Spike, Event> make_emission(Spike s, Event e) { return {s, e}; }

/// Where an input of the neuron's update adds: Isyn (K < 0), or additional input
/// variable K (cx::target_var, cx::pre_target_var), which the neuron environment resets
/// to its initial value every step.
template <int K, class Env>
CORTEXPR_HOST_DEVICE auto* input_slot(Env& env) {
    if constexpr (K < 0) return &env.Isyn;
    else return &env.addin[K];
}

/// Runs (or, for a condition, evaluates) per-neuron weight-update field F of the group of
/// port `h` for neuron `id` of its side.
CORTEXPR_EXEC_CHECK_DISABLE
template <field F, class S, class T, class Port>
CORTEXPR_HOST_DEVICE bool wu_neuron_code(const Port& h, std::uint32_t id, T t, T dt, std::uint32_t b) {
    using gt = typename Port::traits;
    if constexpr (!gt::template has<F>) {
        return false;
    } else {
        using unit = typename gt::template wu_unit<F>;
        using prog = dsl::program<unit>;
        wu_neuron_env<unit, gt, Port::pre, S, T> env(h.sv, h.nv, h.sp, id, t, dt, b, h.rng.template at<S>(id));
        dsl::frame<prog, decltype(env)> f;
        if constexpr (F == field::pre_event_threshold_condition_code) {
            // set_pre: the step is the population's (this step's slot and the one before)
            const bool fired = dsl::test<prog, 0>(env, f);
            note_event_time(h.sv, b, h.sp.st_slot, t < dt / 2, id, fired, t);
            return fired;
        } else if constexpr (F == field::post_event_threshold_condition_code) {
            // set_post: the step is the postsynaptic population's
            const bool fired = dsl::test<prog, 0>(env, f);
            note_event_time<false>(h.sv, b, h.sp.st_slot, t < dt / 2, id, fired, t);
            return fired;
        } else if constexpr (is_condition(F)) return dsl::test<prog, 0>(env, f);
        else { dsl::run<prog, 0>(env, f); return false; }
    }
}

/// The update of neuron `id` (batch entry b) of a population of neuron unit `Unit`:
/// `sp` is the population's spike view with this step's slot, `own` the neuron's stream.
/// `psm` and `post` hold a port per incoming group (same order), `pre` per outgoing
/// group, `src` per current source (hd_tuples). Records the spike and events through `emit`.
CORTEXPR_EXEC_CHECK_DISABLE
template <class Unit, class S, class T, class MV, class Psm, class Post, class Pre, class Src, class Emit>
CORTEXPR_HOST_DEVICE void neuron_update(const MV& mv, const spikes_view<T>& sp, std::uint32_t id, T t, T dt, std::uint32_t b,
                                        random::stream<S> own, Psm& psm, const Post& post, const Pre& pre, Src& src, Emit& emit) {
    using prog = dsl::program<Unit>;
    // the neuron's variables in locals while its code runs (neuron_env's Cache), unless
    // per-neuron weight-update code may read them in between; the CPU loop only (a
    // scalar_view marks it), so that the CUDA kernels stay as they were
    constexpr bool wu_code = []<class... X, class... Y>(std::type_identity<hd_tuple<X...>>, std::type_identity<hd_tuple<Y...>>) {
        return (false || ... || (X::traits::template has<field::pre_dynamics_code> ||
                                 X::traits::template has<field::pre_event_threshold_condition_code> ||
                                 X::traits::template has<field::pre_spike_code>)) ||
               (false || ... || (Y::traits::template has<field::post_dynamics_code> ||
                                 Y::traits::template has<field::post_event_threshold_condition_code> ||
                                 Y::traits::template has<field::post_spike_code>));
    }(std::type_identity<std::remove_cvref_t<Pre>>{}, std::type_identity<std::remove_cvref_t<Post>>{});
    using env_t = neuron_env<Unit, S, T, MV, !wu_code && is_scalar_view_v<S, MV>>;
    env_t env(mv, sp, id, t, dt, b, own);
    const std::uint32_t N = sp.n;
    // delayed copies of this neuron's variables that delayed groups read (keep_pre_history)
    hd_each(pre, [&](auto, const auto& h) {
        keep_pre_history<typename std::remove_cvref_t<decltype(h)>::traits, S, T>(h.sv, h.nv, b, sp.st_slot, t < dt / 2, id);
    });
    // the history of this neuron's state that incoming groups read delayed (x[d])
    hd_each(post, [&](auto, const auto& h) {
        keep_post_history<typename std::remove_cvref_t<decltype(h)>::traits, S, T>(h.sv, h.nv, b, t, dt, id);
    });
    // postsynaptic models add their input to Isyn or their target_var (and decay inSyn)
    hd_each(psm, [&](auto, auto& ps) {
        using gt = typename std::remove_cvref_t<decltype(ps)>::traits;
        using pprog = typename gt::psm_prog;
        if (ps.fused) return;  // fused into an earlier group's inSyn
        input_env<typename gt::psm_unit, typename gt::post_h, typename gt::psm_refs, S, T, std::remove_cvref_t<decltype(ps.pv)>, MV> ie(
            ps.pv, mv, id, N, input_slot<gt::input>(env), t, dt, b, ps.rng.at(id));
        ie.nb = env.nb;  // num_batch
        S& in = ps.in_syn[id];
        ie.in_syn = in;
        if (ps.due) {
            S& due = ps.due[id];
            ie.in_syn += due;
            due = S(0);
        }
        dsl::frame<pprog, decltype(ie)> f;
        dsl::run<pprog, 0>(ie, f);
        in = ie.in_syn;
    });
    // reverse input of addToPre (to Isyn or the group's pre_target_var)
    hd_each(pre, [&](auto, const auto& h) {
        using gt = typename std::remove_cvref_t<decltype(h)>::traits;
        if constexpr (gt::adds_to_pre) {
            S& r = h.rev[id];
            *input_slot<gt::pre_input>(env) += r;
            r = S(0);
        }
    });
    // current sources
    hd_each(src, [&](auto, auto& cs) {
        using ct = typename std::remove_cvref_t<decltype(cs)>::traits;
        using cprog = typename ct::prog;
        input_env<typename ct::unit, typename ct::target_h, typename ct::refs, S, T, std::remove_cvref_t<decltype(cs.cv)>, MV> ie(
            cs.cv, mv, id, N, input_slot<ct::input>(env), t, dt, b, cs.rng.at(id));
        ie.nb = env.nb;  // num_batch
        dsl::frame<cprog, decltype(ie)> f;
        dsl::run<cprog, 0>(ie, f);
    });
    dsl::frame<prog, env_t> f;
    env.load_vars();
    dsl::run<prog, 0>(env, f);
    // per-neuron weight-update code: dynamics, then spike-like event conditions
    hd_each(pre, [&](auto j, const auto& h) {
        using gt = typename std::remove_cvref_t<decltype(h)>::traits;
        wu_neuron_code<field::pre_dynamics_code, S, T>(h, id, t, dt, b);
        if constexpr (gt::template has<field::pre_event_threshold_condition_code>)
            if (wu_neuron_code<field::pre_event_threshold_condition_code, S, T>(h, id, t, dt, b)) emit.event(j, id);
    });
    hd_each(post, [&](auto j, const auto& h) {
        using gt = typename std::remove_cvref_t<decltype(h)>::traits;
        wu_neuron_code<field::post_dynamics_code, S, T>(h, id, t, dt, b);
        // (the member check rejects a condition without post_event_syn_code; such a model
        // would keep its times only, with no event list to emit into)
        if constexpr (gt::template has<field::post_event_threshold_condition_code>)
            if (wu_neuron_code<field::post_event_threshold_condition_code, S, T>(h, id, t, dt, b) &&
                gt::template has<field::post_event_syn_code>)
                emit.event(post_event_tag<decltype(j)::value>{}, id);
    });
    if (dsl::test<prog, 1>(env, f)) {
        emit.spike(id);
        dsl::run<prog, 2>(env, f);
        hd_each(pre, [&](auto, const auto& h) { wu_neuron_code<field::pre_spike_code, S, T>(h, id, t, dt, b); });
        hd_each(post, [&](auto, const auto& h) { wu_neuron_code<field::post_spike_code, S, T>(h, id, t, dt, b); });
        const std::size_t ts = sp.st_at(b, id);
        sp.prev_st[ts] = sp.st[ts];
        sp.st[ts] = t;
    }
    env.store_vars();
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
