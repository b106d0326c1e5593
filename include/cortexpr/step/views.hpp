// Views: trivially copyable bundles of pointers, sizes and parameter values, one per
// group, built by a backend from its storage each time it starts a phase. The element
// code (environments.hpp) reads and writes only through views, so the same code runs in
// a CPU loop and, with device pointers, in a CUDA kernel.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "../base/config.hpp"
#include "../dsl/emit.hpp"
#include "../models/model.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

template <class S, class T>
struct precision { using scalar_type = S; using time_type = T; };

/// The C++ type of a model variable of base type B in a simulation of precision (S, T).
template <dsl::base_type B, class S, class T>
using value_t = dsl::cpp_type<B, precision<S, T>>;

/// A fixed-size array usable on host and device; size 0 holds nothing.
template <class X, std::size_t N>
struct hd_array {
    X v[N];
    CORTEXPR_HOST_DEVICE constexpr X& operator[](std::size_t i) { return v[i]; }
    CORTEXPR_HOST_DEVICE constexpr const X& operator[](std::size_t i) const { return v[i]; }
};
template <class X>
struct hd_array<X, 0> {
    CORTEXPR_HOST_DEVICE constexpr X operator[](std::size_t) const { return X{}; }
};

/// A tuple usable on host and device.
template <class... X>
struct hd_tuple {};
template <class X, class... R>
struct hd_tuple<X, R...> {
    X head;
    hd_tuple<R...> tail;
};
template <std::size_t K, class Tu>
CORTEXPR_HOST_DEVICE constexpr const auto& hd_get(const Tu& t) {
    if constexpr (K == 0) return t.head;
    else return hd_get<K - 1>(t.tail);
}
template <std::size_t K, class Tu>
CORTEXPR_HOST_DEVICE constexpr auto& hd_get(Tu& t) {
    if constexpr (K == 0) return t.head;
    else return hd_get<K - 1>(t.tail);
}

CORTEXPR_HOST_DEVICE constexpr hd_tuple<> make_hd_tuple() { return {}; }
template <class X, class... R>
CORTEXPR_HOST_DEVICE constexpr hd_tuple<X, R...> make_hd_tuple(const X& x, const R&... r) {
    return {x, make_hd_tuple(r...)};
}
template <class Tu>
inline constexpr std::size_t hd_size = 0;
template <class... X>
inline constexpr std::size_t hd_size<hd_tuple<X...>> = sizeof...(X);
/// Calls f(std::integral_constant<std::size_t, J>{}, element J) for each element of t.
template <class Tu, class F>
CORTEXPR_HOST_DEVICE void hd_each(Tu& t, F&& f) {
    [&]<std::size_t... J>(std::index_sequence<J...>) {
        (f(std::integral_constant<std::size_t, J>{}, hd_get<J>(t)), ...);
    }(std::make_index_sequence<hd_size<std::remove_const_t<Tu>>>{});
}

/// One model instance's parameters, derived parameters, variables and extra global
/// parameters. `vars[k]` points at element 0 of batch 0; `var_offset` finds the rest.
template <std::size_t NP, std::size_t ND, std::size_t NV, std::size_t NE>
struct model_view {
    hd_array<double, NP> params;
    hd_array<double, ND> derived;
    hd_array<void*, NV> vars;
    hd_array<void*, NE> egps;
    hd_array<std::uint32_t, NE> egp_size;
};
/// A model view with its parameters and derived parameters also converted to the scalar
/// type S, once per loop instead of once per element. Model code reads a scalar parameter
/// as S(params[k]); inside a loop over elements g++ does not hoist that conversion out of
/// a branch (a double-to-float conversion may raise a floating-point exception, and
/// -ftrapping-math is the default), so LIF and ExpCurr paid one cvtsd2ss (and a pxor)
/// per parameter read per neuron and step. The converted values are the same conversion
/// done earlier: results are bit-identical. model_sym (environments.hpp) reads them.
template <class S, class MV>
struct scalar_view;
template <class S, std::size_t NP, std::size_t ND, std::size_t NV, std::size_t NE>
struct scalar_view<S, model_view<NP, ND, NV, NE>> : model_view<NP, ND, NV, NE> {
    hd_array<S, NP> params_s;
    hd_array<S, ND> derived_s;
};
/// Whether MV is a scalar_view for scalar type S (a type test: nvcc 13 evaluates some
/// requires-expressions to false).
template <class S, class MV>
inline constexpr bool is_scalar_view_v = false;
template <class S, class MV>
inline constexpr bool is_scalar_view_v<S, scalar_view<S, MV>> = true;
/// `mv` with its parameters converted to S (scalar_view).
template <class S, std::size_t NP, std::size_t ND, std::size_t NV, std::size_t NE>
CORTEXPR_HOST_DEVICE scalar_view<S, model_view<NP, ND, NV, NE>> with_scalars(const model_view<NP, ND, NV, NE>& mv) {
    scalar_view<S, model_view<NP, ND, NV, NE>> v{};
    static_cast<model_view<NP, ND, NV, NE>&>(v) = mv;
    if constexpr (NP > 0) for (std::size_t k = 0; k < NP; ++k) v.params_s[k] = S(mv.params[k]);
    if constexpr (ND > 0) for (std::size_t k = 0; k < ND; ++k) v.derived_s[k] = S(mv.derived[k]);
    return v;
}

/// `H` is any type with `static constexpr model_info info` (a model unit, a part, a
/// var_init; info_holder below). nvcc's host pass mistranslates references to constexpr
/// objects as template arguments, so model descriptions travel as types.
template <class H>
using model_view_for = model_view<H::info.params.size(), H::info.derived.size(), H::info.vars.size(), H::info.egps.size()>;

template <class M, family F>
struct info_holder {
    using model = M;
    static constexpr model_info info = info_of<M, F>();
};

/// An access mode as a constant (device code must not read host constexpr objects).
template <access A>
inline constexpr access access_c = A;

/// Index of element `id` of batch `b` in a variable of `n` elements per batch.
CORTEXPR_HOST_DEVICE constexpr std::size_t var_offset(access mode, std::uint32_t b, std::size_t n, std::size_t id) {
    switch (mode) {
        case access::read_only: case access::reduce_batch_sum: case access::reduce_batch_max:
            return id;                                           // shared by batches
        case access::read_only_shared_neuron: case access::reduce_neuron_sum: case access::reduce_neuron_max:
            return b;                                            // one per batch
        default: return std::size_t(b) * n + id;
    }
}
/// Number of elements to allocate for a variable.
constexpr std::size_t var_count(access mode, std::uint32_t batch, std::size_t n) {
    switch (mode) {
        case access::read_only: case access::reduce_batch_sum: case access::reduce_batch_max: return n;
        case access::read_only_shared_neuron: case access::reduce_neuron_sum: case access::reduce_neuron_max: return batch;
        default: return std::size_t(batch) * n;
    }
}

/// Per population: spike queue (ring of `ring` slots of up to n ids per batch) and spike
/// times.
template <class T>
struct spikes_view {
    std::uint32_t n = 0, ring = 1;
    T* st = nullptr;        // [batch][ring][n] time of the last spike emitted up to each slot's step
    T* prev_st = nullptr;   // [batch][ring][n] time of the one before
    std::uint32_t* spk = nullptr;      // [batch][ring][n]
    std::uint32_t* spk_cnt = nullptr;  // [batch][ring]
    std::uint32_t st_slot = 0;         // the slot whose spike times this view reads
    std::uint32_t batches = 1;         // batch entries of the simulation (`num_batch` in model code)
    /// Spike times are kept per delay slot, so that a group with axonal delay D reads the
    /// spikes that have arrived (emitted up to step n-1-D), as GeNN's delayed sT does.
    CORTEXPR_HOST_DEVICE std::size_t st_at(std::uint32_t b, std::uint32_t id) const {
        return (std::size_t(b) * ring + st_slot) * n + id;
    }
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
