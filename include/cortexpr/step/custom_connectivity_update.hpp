// One row of a custom connectivity update: the environment its row_update_code runs in
// and the row edits behind `remove_synapse()` and `add_synapse(post, values...)`.
//
// Rows stay sorted by postsynaptic index (the sparse format's invariant, host/stores.hpp),
// so every edit moves whole synapses: the postsynaptic index and every per-synapse array
// of the group (its weight-update variables, every batch copy, and the per-synapse
// variables of custom (connectivity) updates on the group) move together.
//  - `for_each_synapse { }` visits the synapses the row had when the loop began, in
//    postsynaptic order; `id_post`, `id_syn` and the per-synapse names refer to the one
//    being visited.
//  - `remove_synapse()` marks it; it leaves the row when its loop body ends (the rest of
//    the row moves up by one, in order).
//  - `add_synapse(j, v...)` puts the new synapse in the row's free tail at once (its
//    variables and references get v..., the group's other per-synapse variables zero);
//    `row_length` counts it from then on, the running loop does not visit it, and when
//    the row's code ends each added synapse moves to its sorted place (after synapses of
//    the same postsynaptic index: insertion is stable). A row that is full (row_length
//    = row_stride, the group's max_row_length) makes add_synapse throw, naming the update,
//    the synapse group, the row and the capacity.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "environments.hpp"
#include "../network/custom_connectivity.hpp"
#include "../network/custom_update_shape.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Random streams of row code: (seed, 0x50000000 + update, row, call, purpose).
inline constexpr std::uint32_t custom_connectivity_purpose = 14;
inline constexpr std::uint32_t custom_connectivity_stream_part = 0x50000000u;

/// The arrays that move with a synapse: [0] the postsynaptic indices (`elem` bytes each),
/// then every per-synapse array, each with `copies` batch copies `copy_stride` elements apart.
struct synapse_mover {
    struct array { std::byte* base; std::uint32_t elem; std::size_t copy_stride; std::uint32_t copies; };
    std::vector<array> arrays;

    std::uint32_t post(std::size_t syn) const {
        const array& a = arrays[0];
        switch (a.elem) {
            case 1: return std::uint32_t(reinterpret_cast<const std::uint8_t*>(a.base)[syn]);
            case 2: return std::uint32_t(reinterpret_cast<const std::uint16_t*>(a.base)[syn]);
            default: return reinterpret_cast<const std::uint32_t*>(a.base)[syn];
        }
    }
    void set_post(std::size_t syn, std::uint32_t j) const {
        const array& a = arrays[0];
        switch (a.elem) {
            case 1: reinterpret_cast<std::uint8_t*>(a.base)[syn] = std::uint8_t(j); break;
            case 2: reinterpret_cast<std::uint16_t*>(a.base)[syn] = std::uint16_t(j); break;
            default: reinterpret_cast<std::uint32_t*>(a.base)[syn] = j; break;
        }
    }
    /// Synapse `from` to slot `to` (every array, every copy).
    void copy(std::size_t from, std::size_t to) const {
        for (const array& a : arrays)
            for (std::uint32_t c = 0; c < a.copies; ++c)
                std::memcpy(a.base + (c * a.copy_stride + to) * a.elem, a.base + (c * a.copy_stride + from) * a.elem, a.elem);
    }
    void swap(std::size_t x, std::size_t y) const {
        std::byte tmp[16];
        for (const array& a : arrays)
            for (std::uint32_t c = 0; c < a.copies; ++c) {
                std::byte* p = a.base + (c * a.copy_stride + x) * a.elem;
                std::byte* q = a.base + (c * a.copy_stride + y) * a.elem;
                std::memcpy(tmp, p, a.elem); std::memcpy(p, q, a.elem); std::memcpy(q, tmp, a.elem);
            }
    }
    void zero(std::size_t at) const {
        for (const array& a : arrays)
            for (std::uint32_t c = 0; c < a.copies; ++c) std::memset(a.base + (c * a.copy_stride + at) * a.elem, 0, a.elem);
    }
};

template <class List, class Conns, std::size_t U>
struct custom_connectivity_traits {
    using desc = std::tuple_element_t<U, Conns>;
    using model = typename desc::model;
    static constexpr model_info info = desc::info;
    using holder = info_holder<model, family::custom_connectivity_update>;
    using unit = model_unit<model, family::custom_connectivity_update, field::row_update_code>;
    using prog = program_of<model, family::custom_connectivity_update, field::row_update_code>;
    static constexpr std::size_t nv = info.vars.size(), npv = info.pre_vars.size(), nqv = info.post_vars.size();
    static constexpr std::size_t nr = info.var_refs.size(), npr = info.pre_neuron_var_refs.size(), nqr = info.post_neuron_var_refs.size();
    static constexpr std::size_t nv1 = nv ? nv : 1, npv1 = npv ? npv : 1, nqv1 = nqv ? nqv : 1;
    static constexpr std::size_t nr1 = nr ? nr : 1, npr1 = npr ? npr : 1, nqr1 = nqr ? nqr : 1;
    // the synapse group and its populations (index 0 where the network check reported an error)
    static constexpr std::size_t syn_part = List::find(desc::syn) < 0 ? 0 : std::size_t(List::find(desc::syn));
    static constexpr std::size_t pre_part = List::find(List::pre_names[syn_part]) < 0 ? 0 : std::size_t(List::find(List::pre_names[syn_part]));
    static constexpr std::size_t post_part = List::find(List::post_names[syn_part]) < 0 ? 0 : std::size_t(List::find(List::post_names[syn_part]));
    /// Index of each reference's target among its owner's variables.
    template <std::size_t N>
    static constexpr auto indices(const std::array<ref_target_desc, N>& t) {
        std::array<int, N == 0 ? 1 : N> r{};
        for (std::size_t k = 0; k < N; ++k) r[k] = update_facts<List, std::tuple<>>::resolve_part(t[k].part, t[k].var).index;
        return r;
    }
    static constexpr auto ref_index = indices(desc::ref_targets);
    static constexpr auto pre_ref_index = indices(desc::pre_ref_targets);
    static constexpr auto post_ref_index = indices(desc::post_ref_targets);
};

/// What one run of custom connectivity update CT needs, as plain pointers and sizes.
template <class CT>
struct custom_connectivity_view {
    model_view_for<typename CT::holder> m;  // parameters, derived parameters, per-synapse variables, EGPs
    hd_array<void*, CT::npv1> pre_vars;
    hd_array<void*, CT::nqv1> post_vars;
    hd_array<void*, CT::nr1> refs;          // weight-update variables (batch 0; add_synapse writes every copy)
    hd_array<std::size_t, CT::nr1> ref_copy_stride;
    hd_array<std::uint32_t, CT::nr1> ref_copies;
    hd_array<void*, CT::npr1> pre_refs;     // presynaptic neuron variables (batch 0)
    hd_array<void*, CT::nqr1> post_refs;
    std::uint32_t num_pre = 0, num_post = 0, stride = 0;
    std::uint32_t* row_length = nullptr;
    const synapse_mover* mover = nullptr;
    std::string_view name, group;           // for errors
};

template <class CT, class S, class T>
struct custom_connectivity_env : env_base<S, T> {
    const custom_connectivity_view<CT>& v;
    std::uint32_t id_pre;
    std::size_t base;        // first slot of the row
    std::uint32_t len;       // synapses of the row in sorted order (those for_each_synapse visits)
    std::uint32_t pend = 0;  // added synapses waiting in the tail [len, len + pend)
    std::uint32_t k = 0;     // the synapse being visited
    bool removed = false;

    custom_connectivity_env(const custom_connectivity_view<CT>& v_, std::uint32_t i, T t_, T dt_, random::stream<S> r)
        : env_base<S, T>(t_, dt_, 0, r), v(v_), id_pre(i), base(std::size_t(i) * v_.stride), len(v_.row_length[i]) {}

    std::size_t syn() const { return base + k; }
    std::uint32_t id_post() const { return v.mover->post(syn()); }

    template <int Idx>
    decltype(auto) sym() {
        constexpr dsl::symbol s = CT::unit::symbols::table[Idx];
        constexpr auto g = group(s.group);
        using V = value_t<s.type.base, S, T>;
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(v.m);
        else if constexpr (g == group::var) return (static_cast<V*>(v.m.vars[s.index])[syn()]);
        else if constexpr (g == group::pre_var) return (static_cast<V*>(v.pre_vars[s.index])[id_pre]);
        else if constexpr (g == group::post_var) return (static_cast<V*>(v.post_vars[s.index])[id_post()]);
        else if constexpr (g == group::var_ref) return (static_cast<V*>(v.refs[s.index])[syn()]);
        else if constexpr (g == group::pre_ref) return (static_cast<V*>(v.pre_refs[s.index])[id_pre]);
        else if constexpr (g == group::post_ref) return (static_cast<V*>(v.post_refs[s.index])[id_post()]);
        else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return this->b;
            else if constexpr (bi == builtin::id_pre) return id_pre;
            else if constexpr (bi == builtin::id_post) return id_post();
            else if constexpr (bi == builtin::id_syn) return std::uint32_t(syn());
            else if constexpr (bi == builtin::num_pre) return v.num_pre;
            else if constexpr (bi == builtin::num_post) return v.num_post;
            else if constexpr (bi == builtin::row_length) return len + pend;
            else if constexpr (bi == builtin::row_stride) return v.stride;
            else static_assert(dependent_false<CT>, "cortexpr: built-in not available to row_update_code");
        }
    }

    // context functions, in families.hpp's row_update_fns order
    template <int I, class... X>
    void call(X... x) {
        if constexpr (I == 0) add(x...);
        else if constexpr (I == 1) removed = true;
        else each(x...);
    }

    template <class Body>
    void each(Body&& body) {
        const std::uint32_t saved_k = k;
        const bool saved_removed = removed;
        k = 0;
        while (k < len) {
            removed = false;
            const dsl::flow fl = body();
            if (removed) {
                // the rest of the row (added synapses too) moves up one slot, in order
                for (std::uint32_t p = k + 1; p < len + pend; ++p) v.mover->copy(base + p, base + p - 1);
                --len;
            } else {
                ++k;
            }
            if (fl == dsl::flow::break_) break;
        }
        k = saved_k;
        removed = saved_removed;
    }

    template <class P, class... X>
    void add(P post, X... values) {
        if (len + pend >= v.stride)
            fail(v.name, "add_synapse", "custom connectivity update '", v.name, "': add_synapse in row ", id_pre, " of synapse group '",
                 v.group, "', which is full: its capacity is ", v.stride, " synapses per row (max_row_length)");
        if (!(post >= P(0)) || std::uint64_t(post) >= v.num_post)
            fail(v.name, "add_synapse", "custom connectivity update '", v.name, "': add_synapse(", double(post), ", ...) in row ", id_pre,
                 ": postsynaptic index out of range [0, ", v.num_post, ")");
        const std::size_t slot = base + len + pend;
        v.mover->zero(slot);
        v.mover->set_post(slot, std::uint32_t(post));
        const double vals[] = {double(values)..., 0.0};
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((static_cast<value_t<CT::info.vars[K].type.base, S, T>*>(v.m.vars[K])[slot] = value_t<CT::info.vars[K].type.base, S, T>(vals[K])), ...);
        }(std::make_index_sequence<CT::nv>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                using V = value_t<CT::info.var_refs[K].type.base, S, T>;
                for (std::uint32_t c = 0; c < v.ref_copies[K]; ++c)
                    static_cast<V*>(v.refs[K])[c * v.ref_copy_stride[K] + slot] = V(vals[CT::nv + K]);
            }(), ...);
        }(std::make_index_sequence<CT::nr>{});
        ++pend;
    }

    /// After the row's code: added synapses to their sorted places, the row's new length.
    void finish() {
        for (std::uint32_t p = len; p < len + pend; ++p)
            for (std::uint32_t q = p; q > 0 && v.mover->post(base + q - 1) > v.mover->post(base + q); --q) v.mover->swap(base + q - 1, base + q);
        v.row_length[id_pre] = len + pend;
    }
};

/// Row i of custom connectivity update CT; `call` counts the update's runs (random streams).
template <class CT, class S, class T>
void custom_connectivity_row(const custom_connectivity_view<CT>& v, std::uint32_t i, T t, T dt, std::uint64_t seed,
                             std::uint32_t update, std::uint64_t call) {
    using env_t = custom_connectivity_env<CT, S, T>;
    env_t env(v, i, t, dt, random::stream<S>(seed, custom_connectivity_stream_part + update, i, call, custom_connectivity_purpose));
    dsl::frame<typename CT::prog, env_t> f;
    dsl::run<typename CT::prog, 0>(env, f);
    env.finish();
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
