// Environments: what a name in model code means for one element (a neuron, a synapse, a
// variable being initialised) of one group. The emitter (dsl/emit.hpp) asks for symbol
// I of the unit's context; each environment answers from views (views.hpp), so the same
// environment serves the CPU loops and CUDA kernels. Everything here is inlined: a name
// becomes a load or a register.
#pragma once
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>
#include <type_traits>

#include "../random/stream.hpp"
#include "egp_bounds.hpp"
#include "streams.hpp"
#include "views.hpp"

CORTEXPR_DIAG_BEGIN

namespace cortexpr::detail {

template <double D>
inline constexpr double value_c = D;

/// Value of a parameter, derived parameter or extra global parameter symbol.
CORTEXPR_EXEC_CHECK_DISABLE
template <group G, std::size_t K, dsl::base_type B, class S, class T, class MV>
CORTEXPR_HOST_DEVICE auto model_sym(const MV& m) {
    using V = value_t<B, S, T>;
    // a scalar_view (views.hpp) holds scalar parameters converted once per loop
    constexpr bool pre_converted = is_scalar_view_v<S, MV> && std::is_same_v<V, S>;
    if constexpr (G == group::param) {
        if constexpr (pre_converted) return V(m.params_s[K]);
        else return V(m.params[K]);
    } else if constexpr (G == group::derived) {
        if constexpr (pre_converted) return V(m.derived_s[K]);
        else return V(m.derived[K]);
    }
    else return egp_ref<V>{static_cast<V*>(m.egps[K]), m.egp_size[K]};  // egp_bounds.hpp
}

/// Reference to element `off` of variable k of a model view.
template <class H, std::size_t K, class S, class T, class MV>
CORTEXPR_HOST_DEVICE auto& var_ref_at(const MV& m, std::size_t off) {
    using V = value_t<H::info.vars[K].type.base, S, T>;
    return static_cast<V*>(m.vars[K])[off];
}

/// Common state of every environment: time, batch, precision, a lazily used random stream.
template <class S, class T>
struct env_base {
    using scalar_type = S;
    using time_type = T;
    T t{}, dt{};
    std::uint32_t b = 0;
    std::uint32_t nb = 1;  // num_batch: the simulation's batch size
    random::stream<S> rng_;
    CORTEXPR_HOST_DEVICE random::stream<S>& rng() { return rng_; }
    CORTEXPR_HOST_DEVICE env_base(T t_, T dt_, std::uint32_t b_, random::stream<S> r) : t(t_), dt(dt_), b(b_), rng_(r) {}
};

// ---- neurons -------------------------------------------------------------------------
/// The C++ types of a model's variables, as a tuple (neuron_env's cache).
template <class U, class S, class T, std::size_t... K>
auto var_tuple(std::index_sequence<K...>) -> std::tuple<value_t<U::info.vars[K].type.base, S, T>...>;
struct no_var_cache {};

/// A neuron's sim, threshold and reset code (unit `U` of model info `I`).
///
/// With `Cache` (the CPU neuron loop, where nothing else reads or writes the neuron's
/// variables between load_vars() and store_vars()) the read_write variables live in
/// locals while the code runs, as in a generated neuron kernel: stores to V then no
/// longer make the compiler reload RefracTime from memory (two float arrays that may
/// alias, as far as it knows). The same loads and stores of the same values: results are
/// bit-identical.
template <class U, class S, class T, class MV, bool Cache = false>
struct neuron_env : env_base<S, T> {
    static constexpr model_info info = U::info;
    template <std::size_t K>
    static constexpr bool cached = Cache && info.vars[K].mode == access::read_write;
    const MV& m;
    const spikes_view<T>& sp;
    std::uint32_t id, n;
    S Isyn{};
    hd_array<S, info.additional_inputs.size()> addin{};
    std::conditional_t<Cache, decltype(var_tuple<U, S, T>(std::make_index_sequence<info.vars.size()>{})), no_var_cache> vals{};

    /// Cache: reads the variables (after the inputs, which may write one through a reference).
    CORTEXPR_HOST_DEVICE void load_vars() {
        if constexpr (Cache)
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                ([&] {
                    if constexpr (cached<K>) std::get<K>(vals) = var_ref_at<U, K, S, T>(m, var_offset(access::read_write, this->b, n, id));
                }(), ...);
            }(std::make_index_sequence<info.vars.size()>{});
    }
    /// Cache: writes the variables back (before anything else reads them).
    CORTEXPR_HOST_DEVICE void store_vars() {
        if constexpr (Cache)
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                ([&] {
                    if constexpr (cached<K>) var_ref_at<U, K, S, T>(m, var_offset(access::read_write, this->b, n, id)) = std::get<K>(vals);
                }(), ...);
            }(std::make_index_sequence<info.vars.size()>{});
    }

    CORTEXPR_HOST_DEVICE neuron_env(const MV& m_, const spikes_view<T>& sp_, std::uint32_t id_, T t_, T dt_,
                                    std::uint32_t b_, random::stream<S> r)
        : env_base<S, T>(t_, dt_, b_, r), m(m_), sp(sp_), id(id_), n(sp_.n) {
        this->nb = sp_.batches;
        if constexpr (info.additional_inputs.size() > 0)
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                ((addin[K] = S(value_c<info.additional_inputs[K].init>)), ...);
            }(std::make_index_sequence<info.additional_inputs.size()>{});
    }

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(m);
        else if constexpr (g == group::var) {
            if constexpr (cached<s.index>) return (std::get<s.index>(vals));
            else return (var_ref_at<U, s.index, S, T>(m, var_offset(access_c<info.vars[s.index].mode>, this->b, n, id)));
        }
        else if constexpr (g == group::additional_input) return (addin[s.index]);
        else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return this->b;
            else if constexpr (bi == builtin::num_batch) return this->nb;
            else if constexpr (bi == builtin::id) return id;
            else if constexpr (bi == builtin::num_neurons) return n;
            else if constexpr (bi == builtin::Isyn) return Isyn;
            else if constexpr (bi == builtin::st) return sp.st[sp.st_at(this->b, id)];
            else if constexpr (bi == builtin::prev_st) return sp.prev_st[sp.st_at(this->b, id)];
            else static_assert(dependent_false<U>, "cortexpr: built-in not available to neuron code");
        }
    }
};

/// Reference into a neuron population's variable, for var refs (V of ExpCond, V_pre).
template <class Target, int K, class S, class T, class MV>
CORTEXPR_HOST_DEVICE auto& neuron_var(const MV& m, std::uint32_t b, std::uint32_t n, std::uint32_t id) {
    return var_ref_at<Target, std::size_t(K), S, T>(m, var_offset(access_c<Target::info.vars[K].mode>, b, n, id));
}

// ---- postsynaptic models and current sources -----------------------------------------
/// A postsynaptic model's sim code or a current source's injection code for neuron `id`
/// of the target population (model info `Tgt`, view `TV`); `Refs` maps the model's
/// neuron_var_refs to target variable indices. injectCurrent adds to `*target`.
template <class U, class Tgt, class Refs, class S, class T, class MV, class TV>
struct input_env : env_base<S, T> {
    static constexpr model_info info = U::info;
    const MV& m;
    const TV& tv;
    std::uint32_t id, n;
    S* inject;   // Isyn of the neuron (or an additional input)
    S in_syn{};  // inSyn of a postsynaptic model

    CORTEXPR_HOST_DEVICE input_env(const MV& m_, const TV& tv_, std::uint32_t id_, std::uint32_t n_, S* inject_,
                                   T t_, T dt_, std::uint32_t b_, random::stream<S> r)
        : env_base<S, T>(t_, dt_, b_, r), m(m_), tv(tv_), id(id_), n(n_), inject(inject_) {}

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(m);
        else if constexpr (g == group::var)
            return (var_ref_at<U, s.index, S, T>(m, var_offset(access_c<info.vars[s.index].mode>, this->b, n, id)));
        else if constexpr (g == group::neuron_ref)
            return (neuron_var<Tgt, Refs::value[s.index], S, T>(tv, this->b, n, id));
        else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return this->b;
            else if constexpr (bi == builtin::num_batch) return this->nb;
            else if constexpr (bi == builtin::id) return id;
            else if constexpr (bi == builtin::num_neurons) return n;
            else if constexpr (bi == builtin::inSyn) return (in_syn);
            else static_assert(dependent_false<U>, "cortexpr: built-in not available to input code");
        }
    }
    template <int I, class X>
    CORTEXPR_HOST_DEVICE void call(X x) { *inject += S(x); }  // injectCurrent
};

// ---- variable initialisation ---------------------------------------------------------
/// One variable element: `value` and the indices of the element.
template <class U, class V, class S, class T, class MV>
struct var_init_env : env_base<S, T> {
    const MV& m;
    V& value;
    std::uint32_t id = 0, n = 0, id_pre = 0, id_post = 0, num_pre = 0, num_post = 0, id_kernel = 0;

    CORTEXPR_HOST_DEVICE var_init_env(const MV& m_, V& v, T dt_, std::uint32_t b_, random::stream<S> r)
        : env_base<S, T>(T(0), dt_, b_, r), m(m_), value(v) {}

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(m);
        else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::value) return (value);
            else if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return this->b;
            else if constexpr (bi == builtin::id) return id;
            else if constexpr (bi == builtin::num_neurons) return n;
            else if constexpr (bi == builtin::id_pre) return id_pre;
            else if constexpr (bi == builtin::id_post) return id_post;
            else if constexpr (bi == builtin::num_pre) return num_pre;
            else if constexpr (bi == builtin::num_post) return num_post;
            else if constexpr (bi == builtin::id_kernel) return id_kernel;
            else static_assert(dependent_false<U>, "cortexpr: built-in not available to initialisation code");
        }
    }
};

/// The type an initialiser computes a variable of type V in: `value` is a scalar in
/// initialisation code, so an integer variable's value is computed in double and
/// converted once, after a range check where the caller makes one (init_value_wide).
template <class V>
using init_compute_t = std::conditional_t<std::is_integral_v<V> && !std::is_same_v<V, bool>, double, V>;

/// Runs the initialiser (snippet `Sn`, parameters in view `mv`) for one element, in
/// init_compute_t<V>.
template <class Sn, class V, class S, class T, class MV, class Setup>
CORTEXPR_HOST_DEVICE init_compute_t<V> init_value_wide(const MV& mv, T dt, std::uint32_t b, random::stream<S> r, Setup&& setup) {
    using unit = model_unit<Sn, family::var_init, field::var_init_code>;
    using prog = dsl::program<unit>;
    using W = init_compute_t<V>;
    W v{};
    var_init_env<unit, W, S, T, MV> env(mv, v, dt, b, r);
    setup(env);
    dsl::frame<prog, decltype(env)> f;
    dsl::run<prog, 0>(env, f);
    return v;
}

/// Whether w converts to V (integer V: truncation lands inside V's range, not NaN).
template <class V, class W>
CORTEXPR_HOST_DEVICE constexpr bool init_in_range(W w) {
    if constexpr (std::is_same_v<V, W>) return true;
    else return w > double(std::numeric_limits<V>::min()) - 1.0 && w < double(std::numeric_limits<V>::max()) + 1.0;
}

/// init_value_wide converted to V; out-of-range integers become 0 (device paths, which
/// cannot report; the host checks with init_in_range before converting).
template <class Sn, class V, class S, class T, class MV, class Setup>
CORTEXPR_HOST_DEVICE V init_value(const MV& mv, T dt, std::uint32_t b, random::stream<S> r, Setup&& setup) {
    const auto w = init_value_wide<Sn, V, S, T>(mv, dt, b, r, static_cast<Setup&&>(setup));
    return init_in_range<V>(w) ? V(w) : V{};
}

// ---- connectivity building -----------------------------------------------------------
/// Row (id_pre) or column (id_post) build code; addSynapse(j, k...) calls `add`.
template <class U, class S, class T, class MV, class Add>
struct build_env : env_base<S, T> {
    const MV& m;
    Add& add;
    std::uint32_t id_pre = 0, id_post = 0, num_pre = 0, num_post = 0, id_thread = 0, num_threads = 1;

    CORTEXPR_HOST_DEVICE build_env(const MV& m_, Add& a, T dt_, random::stream<S> r)
        : env_base<S, T>(T(0), dt_, 0, r), m(m_), add(a) {}

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(m);
        else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return this->b;
            else if constexpr (bi == builtin::id_pre) return id_pre;
            else if constexpr (bi == builtin::id_post) return id_post;
            else if constexpr (bi == builtin::num_pre) return num_pre;
            else if constexpr (bi == builtin::num_post) return num_post;
            else if constexpr (bi == builtin::id_post_begin || bi == builtin::id_pre_begin) return std::uint32_t(0);
            else if constexpr (bi == builtin::id_thread) return id_thread;
            else if constexpr (bi == builtin::num_threads) return num_threads;
            else static_assert(dependent_false<U>, "cortexpr: built-in not available to connectivity code");
        }
    }
    CORTEXPR_EXEC_CHECK_DISABLE
    template <int I, class... X>
    CORTEXPR_HOST_DEVICE void call(X... x) { add(std::uint32_t(x)...); }  // addSynapse
};

/// A toeplitz diagonal's build code: for_each_synapse runs the body once per spiking
/// presynaptic neuron (`each(body)` sets id_pre); addSynapse calls `add`.
template <class U, class S, class T, class MV, class Each, class Add>
struct toeplitz_env : env_base<S, T> {
    const MV& m;
    Each& each;
    Add& add;
    std::uint32_t id_pre = 0, id_diag = 0, num_pre = 0, num_post = 0;

    CORTEXPR_HOST_DEVICE toeplitz_env(const MV& m_, Each& e, Add& a, T t_, T dt_, std::uint32_t b_, random::stream<S> r)
        : env_base<S, T>(t_, dt_, b_, r), m(m_), each(e), add(a) {}

    CORTEXPR_EXEC_CHECK_DISABLE
    template <int Idx>
    CORTEXPR_HOST_DEVICE decltype(auto) sym() {
        constexpr dsl::symbol s = U::symbols::table[Idx];
        constexpr auto g = group(s.group);
        if constexpr (g == group::param || g == group::derived || g == group::egp) return model_sym<g, s.index, s.type.base, S, T>(m);
        else {
            constexpr auto bi = builtin(s.index);
            if constexpr (bi == builtin::t) return this->t;
            else if constexpr (bi == builtin::dt) return this->dt;
            else if constexpr (bi == builtin::batch) return this->b;
            else if constexpr (bi == builtin::id_pre) return id_pre;
            else if constexpr (bi == builtin::id_diag) return id_diag;
            else if constexpr (bi == builtin::num_pre) return num_pre;
            else if constexpr (bi == builtin::num_post) return num_post;
            else static_assert(dependent_false<U>, "cortexpr: built-in not available to toeplitz code");
        }
    }
    CORTEXPR_EXEC_CHECK_DISABLE
    template <int I, class... X>
    CORTEXPR_HOST_DEVICE void call(X... x) {
        if constexpr (I == 0) add(std::uint32_t(x)...);       // addSynapse
        else each(*this, x...);                               // for_each_synapse(body)
    }
};

}  // namespace cortexpr::detail

CORTEXPR_DIAG_END
