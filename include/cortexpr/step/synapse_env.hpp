// The environment of a weight-update model's code: synaptic code (pre spike, pre event,
// post spike, synapse dynamics) for one synapse, and per-neuron code (pre/post spike
// code, dynamics, event conditions) for one pre- or postsynaptic neuron. `G` is the
// synapse group's compile-time traits (step/traits.hpp).
#pragma once
#include "../network/groups.hpp"
#include "environments.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

// ---- delayed reads of postsynaptic state, `x[d]` --------------------------------------
/// The postsynaptic state synaptic code may read delayed, in history order: the weight
/// update's post_vars, then its post_neuron_var_refs, then its psm_var_refs.
constexpr std::size_t post_state_count(const model_info& w) {
    return w.post_vars.size() + w.post_neuron_var_refs.size() + w.psm_var_refs.size();
}
constexpr std::string_view post_state_name(const model_info& w, std::size_t k) {
    if (k < w.post_vars.size()) return w.post_vars[k].name;
    k -= w.post_vars.size();
    if (k < w.post_neuron_var_refs.size()) return w.post_neuron_var_refs[k].name;
    return w.psm_var_refs[k - w.post_neuron_var_refs.size()].name;
}
/// Whether synaptic code of weight update `w` mentions `name` (as a word; with `bracket`,
/// followed by `[`: a delayed read). A mention in a comment only costs a history's memory.
constexpr bool syn_mentions(const model_info& w, std::string_view name, bool bracket) {
    constexpr field syn[] = {field::pre_spike_syn_code, field::pre_event_syn_code, field::post_event_syn_code,
                             field::post_spike_syn_code, field::synapse_dynamics_code};
    auto word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; };
    for (field f : syn) {
        const std::string_view c = w.code[std::size_t(f)];
        for (std::size_t i = c.find(name); i != std::string_view::npos; i = c.find(name, i + 1)) {
            std::size_t j = i + name.size();
            if ((i > 0 && word(c[i - 1])) || (j < c.size() && word(c[j]))) continue;
            if (!bracket) return true;
            while (j < c.size() && (c[j] == ' ' || c[j] == '\t' || c[j] == '\n' || c[j] == '\r')) ++j;
            if (j < c.size() && c[j] == '[') return true;
        }
    }
    return false;
}
constexpr bool post_delayed(const model_info& w, std::size_t k) { return syn_mentions(w, post_state_name(w, k), true); }
/// The entries of a group's postsynaptic history (post_state_count, or 0 when its
/// synaptic code reads nothing delayed).
constexpr std::size_t post_history_size(const model_info& w) {
    for (std::size_t k = 0; k < post_state_count(w); ++k)
        if (post_delayed(w, k)) return post_state_count(w);
    return 0;
}
/// The entries of a group's presynaptic-variable history (its pre_vars.size(), or 0 when
/// its synaptic code reads none of them): with an axonal delay, synaptic code reads them
/// from delayed copies (keep_pre_history).
constexpr std::size_t pre_var_history_size(const model_info& w) {
    for (const auto& p : w.pre_vars)
        if (syn_mentions(w, p.name, false)) return w.pre_vars.size();
    return 0;
}
/// Step n from t = n dt (as delayed_from does).
template <class T>
CORTEXPR_HOST_DEVICE std::uint64_t step_of(T t, T dt) { return std::uint64_t(double(t) / double(dt) + 0.5); }

/// Run-time data of a synapse group that weight-update code touches.
template <class S, class T, class WUV, std::size_t NPre, std::size_t NPost, class PSMV, std::size_t NPreRefs,
          std::size_t NPostHist = 0, std::size_t NPreVarHist = 0>
struct synapse_view {
    WUV wu;
    PSMV psm;                         // the group's postsynaptic model (psm_var_refs)
    hd_array<void*, NPre> pre_vars;
    hd_array<void*, NPost> post_vars;
    std::uint32_t n_pre = 0, n_post = 0;
    std::size_t syn_count = 0;        // elements of an individual/kernel variable per batch
    std::uint32_t axonal = 0, back_prop = 0, max_dendritic = 0, den_ptr = 0;
    S* in_syn = nullptr;              // [batch][n_post]
    S* den = nullptr;                 // [batch][max_dendritic][n_post]
    S* rev = nullptr;                 // [batch][n_pre] addToPre accumulator
    std::uint32_t* bad_delay = nullptr;  // set to d+1 when addToPostDelay gets d >= max
    // spike-like-event times (set_pre, prev_set_pre), where the code reads them:
    // [batch][evt_ring][n_pre], kept per delay slot like spike times
    T* set = nullptr;
    T* prev_set = nullptr;
    std::uint32_t evt_ring = 1;  // the presynaptic population's delay slots
    // postsynaptic spike-like-event times (set_post, prev_set_post), where the code reads
    // them: [batch][post_evt_ring][n_post]
    T* post_set = nullptr;
    T* post_prev_set = nullptr;
    std::uint32_t post_evt_ring = 1;  // the postsynaptic population's delay slots
    // with an axonal delay: the presynaptic neuron variables that pre_neuron_var_refs
    // name, per delay slot ([batch][evt_ring][n_pre]), so that synaptic code reads them
    // as they were when the arriving spikes were emitted (keep_pre_history)
    hd_array<void*, NPreRefs> pre_hist{};
    // where synaptic code reads postsynaptic state delayed (`x[d]`): its values at the end
    // of the last max_dendritic + 1 steps, [batch][max_dendritic + 1][n_post] per entry of
    // post_state_name (null where not read delayed; keep_post_history)
    hd_array<void*, NPostHist> post_hist{};
    // with an axonal delay, the weight update's pre_vars that synaptic code reads, per
    // delay slot ([batch][evt_ring][n_pre]; null where not read), as pre_hist
    hd_array<void*, NPreVarHist> pre_var_hist{};
};

/// Entry K of a group's postsynaptic state (post_state_name): its type and current value.
template <class G, std::size_t K, class S, class T>
struct post_state {
    static constexpr std::size_t P = G::wu_info.post_vars.size(), R = G::wu_info.post_neuron_var_refs.size();
    static constexpr dsl::base_type base() {
        if constexpr (K < P) return G::wu_info.post_vars[K].type.base;
        else if constexpr (K < P + R) return G::post_h::info.vars[G::post_refs[K - P]].type.base;
        else return G::psm_h::info.vars[G::psm_wu_refs[K - P - R]].type.base;
    }
    using type = value_t<base(), S, T>;
    CORTEXPR_EXEC_CHECK_DISABLE
    template <class SV, class NV>
    static CORTEXPR_HOST_DEVICE type current(const SV& v, const NV& post, std::uint32_t b, std::uint32_t id) {
        if constexpr (K < P) return static_cast<type*>(v.post_vars[K])[var_offset(access_c<G::wu_info.post_vars[K].mode>, b, v.n_post, id)];
        else if constexpr (K < P + R) return neuron_var<typename G::post_h, G::post_refs[K - P], S, T>(post, b, v.n_post, id);
        else return neuron_var<typename G::psm_h, G::psm_wu_refs[K - P - R], S, T>(v.psm, b, v.n_post, id);
    }
};

/// The history of the postsynaptic state that the synaptic code of group `G` reads
/// delayed, for postsynaptic neuron `id` (batch entry b), called before its update of
/// step n: at step 0 every slot starts from the current (initial) value, later slot
/// (n-1) % (max_dendritic + 1) takes the value step n-1 left.
CORTEXPR_EXEC_CHECK_DISABLE
template <class G, class S, class T, class SV, class NV>
CORTEXPR_HOST_DEVICE void keep_post_history(const SV& v, const NV& post, std::uint32_t b, T t, T dt, std::uint32_t id) {
    constexpr std::size_t K = G::post_history;
    if constexpr (K > 0) {
        const std::uint32_t R = v.max_dendritic + 1;
        const std::uint64_t n = step_of(t, dt);
        const std::size_t row = std::size_t(b) * R;
        [&]<std::size_t... k>(std::index_sequence<k...>) {
            ([&] {
                if constexpr (G::post_delayed_at[k]) {
                    using V = typename post_state<G, k, S, T>::type;
                    V* h = static_cast<V*>(v.post_hist[k]);
                    if (!h) return;
                    const V x = post_state<G, k, S, T>::current(v, post, b, id);
                    if (n == 0)
                        for (std::uint32_t s = 0; s < R; ++s) h[(row + s) * v.n_post + id] = x;
                    else
                        h[(row + (n - 1) % R) * v.n_post + id] = x;
                }
            }(), ...);
        }(std::make_index_sequence<K>{});
    }
}

/// The delayed copies of the presynaptic neuron variables that the weight update of
/// group `G` references, for neuron `id` (batch entry b), called before its update of
/// step n: at step 0 every slot starts from the initial value, later slot (n-1) %
/// evt_ring takes the value step n-1 left (with any host write since, as GeNN's current
/// delay slot). Nothing without an axonal delay.
/// (`slot` = n % evt_ring, the population's slot of step n; `first`: n is 0.)
template <class G, class S, class T, class SV, class NV>
CORTEXPR_HOST_DEVICE void keep_pre_history(const SV& v, const NV& nv, std::uint32_t b, std::uint32_t slot, bool first, std::uint32_t id) {
    constexpr std::size_t K = G::wu_info.pre_neuron_var_refs.size();
    // the weight update's own pre_vars that synaptic code reads, likewise
    if constexpr (G::pre_var_history > 0) {
        if (v.axonal > 0) {
            const std::uint32_t R = v.evt_ring;
            const std::size_t row = std::size_t(b) * R;
            [&]<std::size_t... k>(std::index_sequence<k...>) {
                ([&] {
                    using V = value_t<G::wu_info.pre_vars[k].type.base, S, T>;
                    V* h = static_cast<V*>(v.pre_var_hist[k]);
                    if (!h) return;
                    const V x = static_cast<const V*>(v.pre_vars[k])[var_offset(access_c<G::wu_info.pre_vars[k].mode>, b, v.n_pre, id)];
                    if (first)
                        for (std::uint32_t s = 0; s < R; ++s) h[(row + s) * v.n_pre + id] = x;
                    else
                        h[(row + (slot + R - 1) % R) * v.n_pre + id] = x;
                }(), ...);
            }(std::make_index_sequence<G::pre_var_history>{});
        }
    }
    if constexpr (K > 0) {
        if (v.axonal == 0) return;
        const std::uint32_t R = v.evt_ring;
        const std::size_t row = std::size_t(b) * R;
        [&]<std::size_t... k>(std::index_sequence<k...>) {
            ([&] {
                using V = value_t<G::pre_h::info.vars[G::pre_refs[k]].type.base, S, T>;
                V* h = static_cast<V*>(v.pre_hist[k]);
                const V x = neuron_var<typename G::pre_h, G::pre_refs[k], S, T>(nv, b, v.n_pre, id);
                if (first)
                    for (std::uint32_t s = 0; s < R; ++s) h[(row + s) * v.n_pre + id] = x;
                else
                    h[(row + (slot + R - 1) % R) * v.n_pre + id] = x;
            }(), ...);
        }(std::make_index_sequence<K>{});
    }
}

/// Keeps the spike-like-event times of presynaptic neuron `id` (batch entry b, step n):
/// this step's delay slot starts from the previous step's, and an event now (`fired`,
/// its condition held) moves set to prev_set and stores t. Called once per neuron and
/// step where the event condition is evaluated; nothing where no code reads the times.
/// `slot` is step n's delay slot of the presynaptic population (n % evt_ring), `first`
/// whether n is 0.
/// `Pre` false: the postsynaptic side's times (post_set, post_prev_set; id a
/// postsynaptic neuron, slot the postsynaptic population's).
template <bool Pre = true, class SV, class T>
CORTEXPR_HOST_DEVICE void note_event_time(const SV& v, std::uint32_t b, std::uint32_t slot, bool first, std::uint32_t id, bool fired, T t) {
    T* set = Pre ? v.set : v.post_set;
    T* prev_set = Pre ? v.prev_set : v.post_prev_set;
    if (!set) return;
    const std::uint32_t ring = Pre ? v.evt_ring : v.post_evt_ring, n = Pre ? v.n_pre : v.n_post;
    const std::size_t to = (std::size_t(b) * ring + slot) * n + id;
    if (ring > 1 && !first) {
        const std::size_t from = (std::size_t(b) * ring + (slot + ring - 1) % ring) * n + id;
        set[to] = set[from];
        prev_set[to] = prev_set[from];
    }
    if (fired) {
        prev_set[to] = set[to];
        set[to] = t;
    }
}

template <class U, class G, class S, class T>
struct synapse_env : env_base<S, T> {
    static constexpr model_info info = U::info;
    using SV = typename G::template syn_view<S, T>;
    using PreV = typename G::template pre_view<S, T>;
    using PostV = typename G::template post_view<S, T>;
    const SV& v;
    const PreV& pre;
    const PostV& post;
    const spikes_view<T>& pre_sp;
    const spikes_view<T>& post_sp;
    std::uint32_t id_pre = 0, id_post = 0, id_kernel = 0;
    std::size_t id_syn = 0;
    hd_array<double, (G::weights == weight_storage::procedural ? info.vars.size() : 0)> proc{};

    CORTEXPR_HOST_DEVICE synapse_env(const SV& v_, const PreV& pre_, const PostV& post_, const spikes_view<T>& a,
                                     const spikes_view<T>& c, T t_, T dt_, std::uint32_t b_, random::stream<S> r)
        : env_base<S, T>(t_, dt_, b_, r), v(v_), pre(pre_), post(post_), pre_sp(a), post_sp(c) {
        this->nb = a.batches;
    }

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        const std::uint32_t b = this->b;
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(v.wu);
        else if constexpr (g == group::var) {
            using V = value_t<info.vars[s.index].type.base, S, T>;
            if constexpr (G::weights == weight_storage::procedural) return V(proc[s.index]);
            else {
                const std::size_t e = G::weights == weight_storage::kernel ? std::size_t(id_kernel) : id_syn;
                return (var_ref_at<U, s.index, S, T>(v.wu, var_offset(access_c<info.vars[s.index].mode>, b, v.syn_count, e)));
            }
        } else if constexpr (g == group::pre_var) {
            // read-only here (as in GeNN 5); with an axonal delay, as the emitting step left it
            using V = value_t<info.pre_vars[s.index].type.base, S, T>;
            if constexpr (G::pre_var_history > 0)
                if (v.axonal > 0 && v.pre_var_hist[s.index]) return V(delayed_from<V>(v.pre_var_hist[s.index]));
            return V(static_cast<V*>(v.pre_vars[s.index])[var_offset(access_c<info.pre_vars[s.index].mode>, b, v.n_pre, id_pre)]);
        } else if constexpr (g == group::post_var) {
            using V = value_t<info.post_vars[s.index].type.base, S, T>;
            return (static_cast<V*>(v.post_vars[s.index])[var_offset(access_c<info.post_vars[s.index].mode>, b, v.n_post, id_post)]);
        } else if constexpr (g == group::pre_ref) {
            using V = value_t<G::pre_h::info.vars[G::pre_refs[s.index]].type.base, S, T>;
            if (v.axonal > 0) return V(delayed_from<V>(v.pre_hist[s.index]));
            return V(neuron_var<typename G::pre_h, G::pre_refs[s.index], S, T>(pre, b, v.n_pre, id_pre));
        } else if constexpr (g == group::post_ref) {
            return (neuron_var<typename G::post_h, G::post_refs[s.index], S, T>(post, b, v.n_post, id_post));
        } else if constexpr (g == group::psm_ref) {
            return (neuron_var<typename G::psm_h, G::psm_wu_refs[s.index], S, T>(v.psm, b, v.n_post, id_post));
        } else {
            constexpr auto bi = builtin(s.index);
            const T arrive_pre = T(v.axonal + 1) * this->dt, arrive_post = T(v.back_prop + 1) * this->dt;
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return b;
            else if constexpr (bi == builtin::num_batch) return this->nb;
            else if constexpr (bi == builtin::id_pre) return id_pre;
            else if constexpr (bi == builtin::id_post) return id_post;
            else if constexpr (bi == builtin::id_syn) return std::uint32_t(id_syn);
            else if constexpr (bi == builtin::id_kernel) return id_kernel;
            else if constexpr (bi == builtin::num_pre) return v.n_pre;
            else if constexpr (bi == builtin::num_post) return v.n_post;
            // spike times are arrival times, as in GeNN: emission + (delay + 1) dt
            else if constexpr (bi == builtin::st_pre) return T(pre_sp.st[pre_sp.st_at(b, id_pre)] + arrive_pre);
            else if constexpr (bi == builtin::prev_st_pre) return T(pre_sp.prev_st[pre_sp.st_at(b, id_pre)] + arrive_pre);
            else if constexpr (bi == builtin::st_post) return T(post_sp.st[post_sp.st_at(b, id_post)] + arrive_post);
            else if constexpr (bi == builtin::prev_st_post) return T(post_sp.prev_st[post_sp.st_at(b, id_post)] + arrive_post);
            // spike-like events likewise (read from the slot whose spike times this view
            // reads: the event and spike rings of a side have the same slots)
            else if constexpr (bi == builtin::set_pre) return T(v.set[pre_sp.st_at(b, id_pre)] + arrive_pre);
            else if constexpr (bi == builtin::prev_set_pre) return T(v.prev_set[pre_sp.st_at(b, id_pre)] + arrive_pre);
            else if constexpr (bi == builtin::set_post) return T(v.post_set[post_sp.st_at(b, id_post)] + arrive_post);
            else if constexpr (bi == builtin::prev_set_post) return T(v.post_prev_set[post_sp.st_at(b, id_post)] + arrive_post);
            else static_assert(dependent_false<U>, "cortexpr: built-in not available to synaptic code");
        }
    }

    /// A presynaptic variable's delayed copies `hist` (a neuron variable of pre_hist or a
    /// pre_var of pre_var_hist): its value at the end of step n-1-D, the step that
    /// emitted the spikes now arriving (keep_pre_history; D >= 1, so that slot is
    /// written). Before any spike can have arrived (t < (D + 1/2) dt: step m <= D) that
    /// step precedes the simulation: the slots that steps 1..m-1 have not yet
    /// overwritten still hold the initial value.
    template <class V>
    CORTEXPR_HOST_DEVICE V delayed_from(const void* hist) const {
        const std::uint32_t R = v.evt_ring, D = v.axonal;
        std::uint32_t slot = pre_sp.st_slot;
        if (double(this->t) < (double(D) + 0.5) * double(this->dt)) {
            const std::uint32_t m = std::uint32_t(double(this->t) / double(this->dt) + 0.5);
            slot = R - (D + 1 - m);
        }
        return static_cast<const V*>(hist)[(std::size_t(this->b) * R + slot) * v.n_pre + id_pre];
    }

    /// `x[d]`: postsynaptic state symbol Idx as it was at the end of step n-1-d (d = 0:
    /// its current value); d is taken modulo max_dendritic + 1, the steps the history
    /// holds. Before the simulation, the initial value.
    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx, class D>
    CORTEXPR_HOST_DEVICE auto delayed_read(D d) const {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        constexpr std::size_t P = info.post_vars.size(), R = info.post_neuron_var_refs.size();
        constexpr std::size_t K = g == group::post_var ? s.index : g == group::post_ref ? P + s.index : P + R + s.index;
        using PS = post_state<G, K, S, T>;
        using V = typename PS::type;
        const std::uint32_t slots = v.max_dendritic + 1;
        const std::uint64_t n = step_of(this->t, this->dt);
        const std::uint32_t back = std::uint32_t(std::uint64_t(d) % slots);
        if (back == 0 || n == 0) return V(PS::current(v, post, this->b, id_post));
        const std::uint32_t slot = std::uint32_t((n - 1 + slots - back) % slots);
        return static_cast<const V*>(v.post_hist[K])[(std::size_t(this->b) * slots + slot) * v.n_post + id_post];
    }

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int I, class... X>
    CORTEXPR_HOST_DEVICE void call(X... x) {
        constexpr std::string_view fn = U::symbols::fns[I].name;
        if constexpr (fn == "addToPost") {
            ((v.in_syn[std::size_t(this->b) * v.n_post + id_post] += S(x)), ...);
        } else if constexpr (fn == "addToPostDelay") {
            deliver_delayed(S(x)...);
        } else {
            ((v.rev[std::size_t(this->b) * v.n_pre + id_pre] += S(x)), ...);
        }
    }
    template <class D>
    CORTEXPR_HOST_DEVICE void deliver_delayed(S x, D d) {
        const std::uint32_t dd = std::uint32_t(d);
        if (dd >= v.max_dendritic) { *v.bad_delay = dd + 1; return; }
        std::uint32_t slot = v.den_ptr + dd;
        if (slot >= v.max_dendritic) slot -= v.max_dendritic;
        v.den[(std::size_t(this->b) * v.max_dendritic + slot) * v.n_post + id_post] += x;
    }
};

/// Per-neuron weight-update code on side `Pre` (pre_spike_code, pre_dynamics_code, the
/// pre event condition) or the postsynaptic side.
template <class U, class G, bool Pre, class S, class T>
struct wu_neuron_env : env_base<S, T> {
    static constexpr model_info info = U::info;
    using SV = typename G::template syn_view<S, T>;
    using NV = std::conditional_t<Pre, typename G::template pre_view<S, T>, typename G::template post_view<S, T>>;
    const SV& v;
    const NV& nv;
    const spikes_view<T>& sp;
    std::uint32_t id = 0, n = 0;

    CORTEXPR_HOST_DEVICE wu_neuron_env(const SV& v_, const NV& nv_, const spikes_view<T>& sp_, std::uint32_t id_,
                                       T t_, T dt_, std::uint32_t b_, random::stream<S> r)
        : env_base<S, T>(t_, dt_, b_, r), v(v_), nv(nv_), sp(sp_), id(id_), n(Pre ? v_.n_pre : v_.n_post) {
        this->nb = sp_.batches;
    }

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        const std::uint32_t b = this->b;
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(v.wu);
        else if constexpr (g == group::pre_var) {
            using V = value_t<info.pre_vars[s.index].type.base, S, T>;
            return (static_cast<V*>(v.pre_vars[s.index])[var_offset(access_c<info.pre_vars[s.index].mode>, b, n, id)]);
        } else if constexpr (g == group::post_var) {
            using V = value_t<info.post_vars[s.index].type.base, S, T>;
            return (static_cast<V*>(v.post_vars[s.index])[var_offset(access_c<info.post_vars[s.index].mode>, b, n, id)]);
        } else if constexpr (g == group::pre_ref) {
            return (neuron_var<typename G::pre_h, G::pre_refs[s.index], S, T>(nv, b, n, id));
        } else if constexpr (g == group::post_ref) {
            return (neuron_var<typename G::post_h, G::post_refs[s.index], S, T>(nv, b, n, id));
        } else if constexpr (g == group::psm_ref) {
            return (neuron_var<typename G::psm_h, G::psm_wu_refs[s.index], S, T>(v.psm, b, n, id));
        } else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return b;
            else if constexpr (bi == builtin::num_batch) return this->nb;
            else if constexpr (bi == builtin::id) return id;
            else if constexpr (bi == builtin::num_neurons) return n;
            else if constexpr (bi == builtin::st_pre || bi == builtin::st_post) return sp.st[sp.st_at(b, id)];
            else if constexpr (bi == builtin::prev_st_pre || bi == builtin::prev_st_post) return sp.prev_st[sp.st_at(b, id)];
            else static_assert(dependent_false<U>, "cortexpr: built-in not available to per-neuron weight-update code");
        }
    }
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
