// The environment and driver the generated compile-cost translation units run their
// models with. It is deliberately simple -- every symbol of a unit's context is an
// array indexed by the element being updated -- because only what the compiler does
// with it is measured: it covers every symbol group and type, context functions and
// random numbers, on host and device alike, so any generated model compiles against it.
#pragma once
#include <cstdint>
#include <type_traits>
#include <utility>

#include <cortexpr/cortexpr.hpp>
#include <cortexpr/models/model.hpp>

namespace cortexpr::bench {

/// A small LCG: enough for code that calls gennrand_*() to compile and run.
struct lcg_rng {
    std::uint32_t s = 1u;
    CORTEXPR_HD std::uint32_t next_u32() { s = s * 1664525u + 1013904223u; return s; }
    CORTEXPR_HD double uniform() { return (next_u32() >> 8) * (1.0 / 16777216.0); }
    CORTEXPR_HD double normal() { return uniform() + uniform() + uniform() - 1.5; }
    CORTEXPR_HD double exponential() { return 1.0 - uniform(); }
    CORTEXPR_HD double log_normal(double m, double s) { return m + s * normal(); }
    CORTEXPR_HD double gamma(double a) { return a * exponential(); }
    CORTEXPR_HD std::uint32_t binomial(std::uint32_t n, double p) { return std::uint32_t(n * p); }
};

template <class Unit, class Scalar>
struct array_env {
    using scalar_type = Scalar;
    using time_type = Scalar;
    // Through the pointer each time: nvcc 13 rejects a static constexpr reference
    // member of a class template ("has already been initialized").
    static constexpr std::uint32_t n_symbols = Unit::source.fields[0].ctx->n_symbols;

    Scalar* arrays[n_symbols == 0 ? 1 : n_symbols]{};  // symbol I of element i: arrays[I][i]
    std::uint32_t i = 0;
    Scalar out = 0;  // what context functions (addToPost, injectCurrent, ...) received
    lcg_rng rng_;

    template <int I>
    CORTEXPR_HD decltype(auto) sym() {
        constexpr dsl::symbol s = Unit::source.fields[0].ctx->symbols[I];
        using T = dsl::cpp_type<s.type.base, array_env>;
        if constexpr (s.type.pointer) {
            return reinterpret_cast<T*>(arrays[I]);
        } else if constexpr (s.writable) {  // state, inSyn
            static_assert(std::is_same_v<T, Scalar>, "array_env: writable state must be scalar");
            return (arrays[I][i]);
        } else {
            return T(arrays[I][i]);
        }
    }
    template <int I, class... A>
    CORTEXPR_HD void call(A... a) { ((out += Scalar(a)), ...); }
    CORTEXPR_HD lcg_rng& rng() { return rng_; }
};

namespace detail {
/// Field K of a unit: a condition decides whether the statement fields after it run
/// (a neuron's reset after its threshold); a statement field runs if they do.
template <class Unit, class P, std::uint32_t K, class Env, class Frame>
CORTEXPR_HD void run_field(Env& e, Frame& f, bool& go) {
    if constexpr (Unit::source.fields[K].expression) go = dsl::test<P, K>(e, f);
    else if (go) dsl::run<P, K>(e, f);
}
template <class Unit, class P, class Env, class Frame, std::uint32_t... K>
CORTEXPR_HD void run_fields(Env& e, Frame& f, std::integer_sequence<std::uint32_t, K...>) {
    bool go = true;
    (run_field<Unit, P, K>(e, f, go), ...);
}
}  // namespace detail

/// Runs every field of a unit's program for element `i` of `e`.
template <class Unit, class Scalar>
CORTEXPR_HD void run_unit(array_env<Unit, Scalar>& e, std::uint32_t i) {
    using P = dsl::program<Unit>;
    e.i = i;
    dsl::frame<P, array_env<Unit, Scalar>> f{};
    detail::run_fields<Unit, P>(e, f, std::make_integer_sequence<std::uint32_t, Unit::source.n_fields>{});
}

}  // namespace cortexpr::bench
