// One element of a custom update, for any backend: the compile-time facts of custom update
// U of a network (custom_update_traits), the view a backend fills with pointers
// (custom_update_view), the environment that gives names their meaning
// (custom_update_env) and the code of one element over all batch entries
// (custom_update_element), which the CPU runs in an OpenMP loop and a CUDA kernel runs
// per thread. Everything here is __host__ __device__ and reads memory only through the view.
//
// Reductions: code assigns a reduction target with '=' (the checker refuses reading it);
// the assigned value is a local that starts at the reduction's identity (0, or the lowest
// value for a maximum). Batch reductions combine one element's locals over the batch
// entries, in order, and write the target once. Neuron reductions write each element's
// local to a scratch array [batch][n]; custom_update_reduce_neurons then combines it in
// element order, so the result does not depend on how elements were split among threads.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "environments.hpp"
#include "../network/custom_update_shape.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

/// Random streams of custom updates: (seed + batch, 0x40000000 + update, element, call, purpose).
inline constexpr std::uint32_t custom_update_purpose = 13;
inline constexpr std::uint32_t custom_update_stream_part = 0x40000000u;

/// 0: no reduction, 1: over batch entries, 2: over elements (neurons).
enum class reduction_axis : std::uint8_t { none, batch, neuron };

template <class List, class Updates, std::size_t U>
struct custom_update_traits {
    using list = List;
    using updates = Updates;
    static constexpr std::size_t index = U;
    using desc = std::tuple_element_t<U, Updates>;
    using model = typename desc::model;
    static constexpr model_info info = desc::info;
    using unit = model_unit<model, family::custom_update, field::update_code>;
    using prog = program_of<model, family::custom_update, field::update_code>;
    using facts = update_facts<List, Updates>;
    static constexpr update_shape shape = facts::shape(U);
    static constexpr bool synapse = shape.synapse;
    static constexpr bool batched = shape.batched;
    static constexpr std::size_t nv = info.vars.size(), nr = info.var_refs.size(), ne = info.egp_refs.size();
    // array sizes: at least 1, so that an element of an array of a kind the model lacks
    // is still assignable where clang++ checks it before the (empty) pack expands
    static constexpr std::size_t nv1 = nv ? nv : 1, nr1 = nr ? nr : 1, ne1 = ne ? ne : 1;
    /// The synapse group whose synapses a per-synapse update visits (-1: per neuron).
    static constexpr int owner_part = synapse ? List::find(shape.owner) : -1;

    static constexpr auto refs = [] {
        std::array<ref_resolution, nr == 0 ? 1 : nr> r{};
        for (std::size_t k = 0; k < nr; ++k) r[k] = facts::resolve(desc::ref_targets[k], 4);
        return r;
    }();
    static constexpr auto transposes = [] {
        std::array<ref_resolution, nr == 0 ? 1 : nr> r{};
        for (std::size_t k = 0; k < nr; ++k)
            if (!desc::ref_targets[k].transpose_part.empty())
                r[k] = facts::resolve_part(desc::ref_targets[k].transpose_part, desc::ref_targets[k].transpose_var);
        return r;
    }();
    static constexpr bool transposed(std::size_t k) { return !desc::ref_targets[k].transpose_part.empty(); }
    static constexpr var_layout var_layout_of(std::size_t k) { return layout_of_update_var(info.vars[k].mode, batched); }
    static constexpr var_layout ref_layout_of(std::size_t k) { return refs[k].layout; }
    static constexpr reduction_axis var_reduction(std::size_t k) {
        const access a = info.vars[k].mode;
        if (a == access::reduce_batch_sum || a == access::reduce_batch_max) return reduction_axis::batch;
        if (a == access::reduce_neuron_sum || a == access::reduce_neuron_max) return reduction_axis::neuron;
        return reduction_axis::none;
    }
    static constexpr reduction_axis ref_reduction(std::size_t k) {
        if (!is_reduction(info.var_refs[k].mode)) return reduction_axis::none;
        return has_element_axis(refs[k].layout) ? reduction_axis::batch : reduction_axis::neuron;
    }
    static constexpr bool has_neuron_reduction = [] {
        for (std::size_t k = 0; k < nv; ++k) if (var_reduction(k) == reduction_axis::neuron) return true;
        for (std::size_t k = 0; k < nr; ++k) if (ref_reduction(k) == reduction_axis::neuron) return true;
        return false;
    }();
};

/// What one run of custom update CT needs, as plain pointers and sizes.
template <class CT>
struct custom_update_view {
    model_view_for<typename CT::unit> m;            // own parameters, derived parameters, variables, EGPs
    hd_array<void*, CT::nr1> ref;                    // each reference's target, element 0 of batch 0
    hd_array<void*, CT::nr1> transpose;              // each transposing reference's transpose target
    hd_array<void*, CT::ne1> egp;                    // extra global parameter references
    hd_array<std::uint32_t, CT::ne1> egp_size;
    hd_array<double*, CT::nv1> var_scratch;          // neuron reductions: [batches][n] contributions
    hd_array<double*, CT::nr1> ref_scratch;
    std::size_t n = 0;                              // elements per batch entry (per synapse: n_pre * row stride)
    std::uint32_t num_batch = 1;                    // the simulation's batch entries
    std::uint32_t batches = 1;                      // the entries this update loops over (1 unless batched)
    std::uint32_t num_pre = 0, num_post = 0;        // per-synapse updates
    std::uint32_t num_neurons = 0;                  // per-neuron updates
};

template <class V, bool Max>
CORTEXPR_HOST_DEVICE constexpr double reduction_identity() {
    if constexpr (!Max) return 0.0;
    else if constexpr (std::is_floating_point_v<V>) return -__builtin_huge_val();
    else if constexpr (std::is_signed_v<V>) return double(V(V(1) << (sizeof(V) * 8 - 1)));
    else return 0.0;
}
template <bool Max>
CORTEXPR_HOST_DEVICE constexpr double reduce_with(double acc, double x) {
    if constexpr (Max) return x > acc ? x : acc;
    else return acc + x;
}

template <class CT, class S, class T>
struct custom_update_env : env_base<S, T> {
    static constexpr model_info info = CT::info;
    const custom_update_view<CT>& v;
    std::size_t e;
    std::uint32_t id_pre, id_post;
    hd_array<double, CT::nv1> vloc{};   // reduction locals of own variables
    hd_array<double, CT::nr1> rloc{};   // ... of references

    CORTEXPR_HOST_DEVICE custom_update_env(const custom_update_view<CT>& v_, std::size_t e_, std::uint32_t pre, std::uint32_t post,
                                           T t_, T dt_, std::uint32_t b_, random::stream<S> r)
        : env_base<S, T>(t_, dt_, b_, r), v(v_), e(e_), id_pre(pre), id_post(post) {
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((CT::var_reduction(K) != reduction_axis::none
                  ? void(vloc[K] = reduction_identity<value_t<info.vars[K].type.base, S, T>, reduces_max(info.vars[K].mode)>())
                  : void()), ...);
        }(std::make_index_sequence<CT::nv>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((CT::ref_reduction(K) != reduction_axis::none
                  ? void(rloc[K] = reduction_identity<value_t<info.var_refs[K].type.base, S, T>, reduces_max(info.var_refs[K].mode)>())
                  : void()), ...);
        }(std::make_index_sequence<CT::nr>{});
    }

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = CT::unit::symbols::table[Idx];
        constexpr auto g = group(s.group);
        if constexpr (g == group::param || g == group::derived || g == group::egp) {
            return model_sym<g, s.index, s.type.base, S, T>(v.m);
        } else if constexpr (g == group::egp_ref) {
            using V = value_t<s.type.base, S, T>;
            return egp_ref<V>{static_cast<V*>(v.egp[s.index]), v.egp_size[s.index]};
        } else if constexpr (g == group::var) {
            if constexpr (CT::var_reduction(s.index) != reduction_axis::none) return (vloc[s.index]);
            else {
                using V = value_t<info.vars[s.index].type.base, S, T>;
                constexpr var_layout l = CT::var_layout_of(s.index);
                return (static_cast<V*>(v.m.vars[s.index])[layout_offset(l, this->b, v.n, e)]);
            }
        } else if constexpr (g == group::var_ref) {
            if constexpr (CT::ref_reduction(s.index) != reduction_axis::none) return (rloc[s.index]);
            else {
                using V = value_t<info.var_refs[s.index].type.base, S, T>;
                constexpr var_layout l = CT::ref_layout_of(s.index);
                return (static_cast<V*>(v.ref[s.index])[layout_offset(l, this->b, v.n, e)]);
            }
        } else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return this->b;
            else if constexpr (bi == builtin::id) return std::uint32_t(e);
            else if constexpr (bi == builtin::num_neurons) return v.num_neurons;
            else if constexpr (bi == builtin::id_pre) return id_pre;
            else if constexpr (bi == builtin::id_post) return id_post;
            else if constexpr (bi == builtin::id_syn) return std::uint32_t(e);
            else if constexpr (bi == builtin::num_pre) return v.num_pre;
            else if constexpr (bi == builtin::num_post) return v.num_post;
            else if constexpr (bi == builtin::num_batch) return v.num_batch;
            else static_assert(dependent_false<CT>, "cortexpr: built-in not available to custom update code");
        }
    }
};

/// Element e (id_pre, id_post for per-synapse updates) of custom update CT, every batch
/// entry it loops over; `call` counts the update's runs (for its random streams).
CORTEXPR_EXEC_CHECK_DISABLE
template <class CT, class S, class T>
CORTEXPR_HOST_DEVICE void custom_update_element(const custom_update_view<CT>& v, std::size_t e, std::uint32_t id_pre,
                                                std::uint32_t id_post, T t, T dt, std::uint64_t seed, std::uint32_t update,
                                                std::uint64_t call) {
    using prog = typename CT::prog;
    using env_t = custom_update_env<CT, S, T>;
    hd_array<double, CT::nv1> vacc{};
    hd_array<double, CT::nr1> racc{};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((vacc[K] = reduction_identity<value_t<CT::info.vars[K].type.base, S, T>, reduces_max(CT::info.vars[K].mode)>()), ...);
    }(std::make_index_sequence<CT::nv>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((racc[K] = reduction_identity<value_t<CT::info.var_refs[K].type.base, S, T>, reduces_max(CT::info.var_refs[K].mode)>()), ...);
    }(std::make_index_sequence<CT::nr>{});
    for (std::uint32_t b = 0; b < v.batches; ++b) {
        env_t env(v, e, id_pre, id_post, t, dt, b,
                  random::stream<S>(seed + b, custom_update_stream_part + update, std::uint32_t(e), call, custom_update_purpose));
        dsl::frame<prog, env_t> f;
        dsl::run<prog, 0>(env, f);
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                constexpr reduction_axis ax = CT::var_reduction(K);
                if constexpr (ax == reduction_axis::batch) vacc[K] = reduce_with<reduces_max(CT::info.vars[K].mode)>(vacc[K], double(value_t<CT::info.vars[K].type.base, S, T>(env.vloc[K])));
                else if constexpr (ax == reduction_axis::neuron) v.var_scratch[K][std::size_t(b) * v.n + e] = env.vloc[K];
            }(), ...);
        }(std::make_index_sequence<CT::nv>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ([&] {
                constexpr reduction_axis ax = CT::ref_reduction(K);
                if constexpr (ax == reduction_axis::batch) racc[K] = reduce_with<reduces_max(CT::info.var_refs[K].mode)>(racc[K], double(value_t<CT::info.var_refs[K].type.base, S, T>(env.rloc[K])));
                else if constexpr (ax == reduction_axis::neuron) v.ref_scratch[K][std::size_t(b) * v.n + e] = env.rloc[K];
                if constexpr (CT::transposed(K)) {
                    // the value after the code ran, to the transposed position [id_post][id_pre]
                    using V = value_t<CT::info.var_refs[K].type.base, S, T>;
                    constexpr var_layout src = CT::ref_layout_of(K), dst = CT::transposes[K].layout;
                    const std::size_t to = std::size_t(id_post) * v.num_pre + id_pre;
                    static_cast<V*>(v.transpose[K])[layout_offset(dst, b, v.n, to)] =
                        static_cast<const V*>(v.ref[K])[layout_offset(src, b, v.n, e)];
                }
            }(), ...);
        }(std::make_index_sequence<CT::nr>{});
    }
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            if constexpr (CT::var_reduction(K) == reduction_axis::batch) {
                using V = value_t<CT::info.vars[K].type.base, S, T>;
                static_cast<V*>(v.m.vars[K])[layout_offset(CT::var_layout_of(K), 0, v.n, e)] = V(vacc[K]);
            }
        }(), ...);
    }(std::make_index_sequence<CT::nv>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            if constexpr (CT::ref_reduction(K) == reduction_axis::batch) {
                using V = value_t<CT::info.var_refs[K].type.base, S, T>;
                static_cast<V*>(v.ref[K])[layout_offset(CT::ref_layout_of(K), 0, v.n, e)] = V(racc[K]);
            }
        }(), ...);
    }(std::make_index_sequence<CT::nr>{});
}

/// The neuron reductions of batch entry b: each target gets its elements' contributions
/// combined in element order.
CORTEXPR_EXEC_CHECK_DISABLE
template <class CT, class S, class T>
CORTEXPR_HOST_DEVICE void custom_update_reduce_neurons(const custom_update_view<CT>& v, std::uint32_t b) {
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            if constexpr (CT::var_reduction(K) == reduction_axis::neuron) {
                using V = value_t<CT::info.vars[K].type.base, S, T>;
                constexpr bool mx = reduces_max(CT::info.vars[K].mode);
                double acc = reduction_identity<V, mx>();
                const double* c = v.var_scratch[K] + std::size_t(b) * v.n;
                for (std::size_t e = 0; e < v.n; ++e) acc = reduce_with<mx>(acc, double(V(c[e])));
                static_cast<V*>(v.m.vars[K])[layout_offset(CT::var_layout_of(K), b, v.n, 0)] = V(acc);
            }
        }(), ...);
    }(std::make_index_sequence<CT::nv>{});
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ([&] {
            if constexpr (CT::ref_reduction(K) == reduction_axis::neuron) {
                using V = value_t<CT::info.var_refs[K].type.base, S, T>;
                constexpr bool mx = reduces_max(CT::info.var_refs[K].mode);
                double acc = reduction_identity<V, mx>();
                const double* c = v.ref_scratch[K] + std::size_t(b) * v.n;
                for (std::size_t e = 0; e < v.n; ++e) acc = reduce_with<mx>(acc, double(V(c[e])));
                static_cast<V*>(v.ref[K])[layout_offset(CT::ref_layout_of(K), b, v.n, 0)] = V(acc);
            }
        }(), ...);
    }(std::make_index_sequence<CT::nr>{});
}

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
