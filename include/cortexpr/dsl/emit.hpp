// Emission: the checked AST becomes ordinary inlined C++ by template recursion over
// node indices. Every node is a compile-time constant, so each `if constexpr` below
// picks one path and the optimiser sees straight-line code over the environment's
// values; nothing of the string survives.
//
// An environment `Env` supplies, for the context the code was checked against:
//   using scalar_type = float | double;   using time_type = float | double;
//   decltype(auto) sym<I>()        context symbol I (reference if writable)
//   auto call<I>(args...)          context function I (addToPost, injectCurrent, ...);
//                                  for `for_each_synapse` the one argument is the body, a
//                                  callable returning dsl::flow (break_ stops the loop)
//   auto& rng()                    a random stream: next_u32, uniform, normal,
//                                  exponential, log_normal, gamma, binomial
#pragma once
#include <bit>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "../base/config.hpp"
#include "math.hpp"
#include "program.hpp"

namespace cortexpr::dsl {

namespace detail {
template <base_type B, class Env>
struct cpp_type_of;
#define CORTEXPR_MAP(b, T) template <class Env> struct cpp_type_of<base_type::b, Env> { using type = T; };
CORTEXPR_MAP(void_, void) CORTEXPR_MAP(bool_, bool) CORTEXPR_MAP(int8, std::int8_t)
CORTEXPR_MAP(uint8, std::uint8_t) CORTEXPR_MAP(int16, std::int16_t)
CORTEXPR_MAP(uint16, std::uint16_t) CORTEXPR_MAP(int32, std::int32_t)
CORTEXPR_MAP(uint32, std::uint32_t) CORTEXPR_MAP(int64, std::int64_t)
CORTEXPR_MAP(uint64, std::uint64_t) CORTEXPR_MAP(float_, float) CORTEXPR_MAP(double_, double)
#undef CORTEXPR_MAP
template <class Env> struct cpp_type_of<base_type::scalar, Env> { using type = typename Env::scalar_type; };
template <class Env> struct cpp_type_of<base_type::timepoint, Env> { using type = typename Env::time_type; };
}  // namespace detail

/// The C++ type of a language type in environment Env.
template <base_type B, class Env>
using cpp_type = typename detail::cpp_type_of<B, Env>::type;

// ---- the frame of locals ---------------------------------------------------------------
template <int I, class T>
struct slot { T value{}; };

CORTEXPR_EXEC_CHECK_DISABLE
template <int I, class T>
CORTEXPR_HOST_DEVICE T& get(slot<I, T>& s) { return s.value; }

namespace detail {
template <class P, class Env, class Seq>
struct frame_impl;
template <class P, class Env, std::size_t... K>
struct frame_impl<P, Env, std::index_sequence<K...>>
    : slot<int(K), cpp_type<P::code.slots[K].base, Env>>... {};
}  // namespace detail

/// Storage for every local of a unit; shared by its fields so that a neuron's threshold
/// and reset code read the locals of its sim code.
template <class P, class Env>
using frame = detail::frame_impl<P, Env, std::make_index_sequence<P::code.stats.n_slots>>;

enum class flow : std::uint8_t { normal, break_, continue_ };

/// Whether the code runs both arms of its branches and keeps one (program::speculation_safe):
/// where the environment asks for it (`static constexpr bool speculates`) and exposes the
/// state the code may write besides the frame (`spec_state()`).
template <class P, class Env>
inline constexpr bool speculative = [] {
    if constexpr (requires { Env::speculates; }) return Env::speculates && P::speculation_safe;
    else return false;
}();

/// `c ? a : b` by masks, without a branch: with a branch g++ sinks the computation of the
/// arm not chosen back into a conditional block, which it then cannot if-convert (a
/// floating-point operation may trap).
template <class V>
CORTEXPR_HOST_DEVICE V blend(bool c, V a, V b) {
    if constexpr (std::is_same_v<V, bool>) {
        return bool((c & a) | (!c & b));
    } else if constexpr (std::is_floating_point_v<V>) {
        using U = std::conditional_t<sizeof(V) == 4, std::uint32_t, std::uint64_t>;
        const U m = U(0) - U(c);
        return std::bit_cast<V>(U((std::bit_cast<U>(a) & m) | (std::bit_cast<U>(b) & ~m)));
    } else {
        using U = std::make_unsigned_t<V>;
        const U m = U(0) - U(c);
        return V(U((U(a) & m) | (U(b) & ~m)));
    }
}

// ---- expressions -------------------------------------------------------------------------
CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, class Env, class Frame>
CORTEXPR_HOST_DEVICE auto eval(Env& env, Frame& f);

/// Assignment targets: locals, writable symbols and extra-global-parameter elements.
CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, class Env, class Frame>
CORTEXPR_HOST_DEVICE decltype(auto) lvalue(Env& env, Frame& f) {
    constexpr node n = P::at(I);
    if constexpr (n.kind == nk::index) {
        return env.template sym<P::at(n.a).ref_index>()[eval<P, n.b>(env, f)];
    } else if constexpr (n.ref == ref_kind::local) {
        return get<n.ref_index>(f);
    } else {
        return env.template sym<n.ref_index>();
    }
}

template <class P, std::int32_t I>
constexpr std::int32_t arg_index(int k) {
    std::int32_t a = P::at(I).a;
    for (int i = 0; i < k && a >= 0; ++i) a = P::at(a).next;
    return a;
}
template <class P, std::int32_t I>
constexpr int arg_count() {
    int k = 0;
    for (std::int32_t a = P::at(I).a; a >= 0; a = P::at(a).next) ++k;
    return k;
}

/// Calls maths or context function node I with its arguments evaluated left to right
/// (argument A onwards; `v` holds those before A). C leaves the order unspecified and g++
/// evaluates function arguments right to left, nvcc left to right: without a fixed order
/// `f(gennrand_uniform(), gennrand_normal())` would draw differently per backend.
CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, std::int32_t A, class Env, class Frame, class... V>
CORTEXPR_HOST_DEVICE auto call_in_order(Env& env, Frame& f, V... v) {
    if constexpr (A >= 0) {
        auto x = eval<P, A>(env, f);
        return call_in_order<P, I, P::at(A).next>(env, f, v..., x);
    } else {
        constexpr node n = P::at(I);
        if constexpr (n.ref == ref_kind::math) return math::call<math_fn(n.ref_index)>::apply(v...);
        else return env.template call<n.ref_index>(v...);
    }
}

CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, class Env, class Frame>
CORTEXPR_HOST_DEVICE auto call_rng(Env& env, Frame& f) {
    constexpr node n = P::at(I);
    using scalar = typename Env::scalar_type;
    auto& r = env.rng();
    constexpr rng_fn fn = rng_fn(n.ref_index);
    if constexpr (fn == rng_fn::raw) return std::uint32_t(r.next_u32());
    else if constexpr (fn == rng_fn::uniform) return scalar(r.uniform());
    else if constexpr (fn == rng_fn::normal) return scalar(r.normal());
    else if constexpr (fn == rng_fn::exponential) return scalar(r.exponential());
    else if constexpr (fn == rng_fn::gamma) return scalar(r.gamma(scalar(eval<P, arg_index<P, I>(0)>(env, f))));
    else {
        // two arguments, evaluated left to right (see call_in_order)
        auto x = eval<P, arg_index<P, I>(0)>(env, f);
        auto y = eval<P, arg_index<P, I>(1)>(env, f);
        if constexpr (fn == rng_fn::log_normal) return scalar(r.log_normal(scalar(x), scalar(y)));
        else return std::uint32_t(r.binomial(std::uint32_t(x), scalar(y)));
    }
}

// Model code compares unsigned built-ins with int literals (`id_pre > 5`), exactly as C
// does; the warnings that would point into this header are not the user's to fix here.
#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wsign-compare"
#  pragma GCC diagnostic ignored "-Wtype-limits"
#endif
#if defined(__NVCC__)
#  pragma nv_diag_suppress 186
#endif
/// `a op b` for a binary or compound-assignment operator.
CORTEXPR_EXEC_CHECK_DISABLE
template <tk Op, class A, class B>
CORTEXPR_HOST_DEVICE auto apply_binary(A a, B b) {
    if constexpr (Op == tk::plus) return a + b;
    else if constexpr (Op == tk::minus) return a - b;
    else if constexpr (Op == tk::star) return a * b;
    else if constexpr (Op == tk::slash) return a / b;
    else if constexpr (Op == tk::percent) return a % b;
    else if constexpr (Op == tk::amp) return a & b;
    else if constexpr (Op == tk::pipe) return a | b;
    else if constexpr (Op == tk::caret) return a ^ b;
    else if constexpr (Op == tk::shl) return a << b;
    else if constexpr (Op == tk::shr) return a >> b;
    else if constexpr (Op == tk::less) return bool(a < b);
    else if constexpr (Op == tk::greater) return bool(a > b);
    else if constexpr (Op == tk::less_equal) return bool(a <= b);
    else if constexpr (Op == tk::greater_equal) return bool(a >= b);
    else if constexpr (Op == tk::equal) return bool(a == b);
    else if constexpr (Op == tk::not_equal) return bool(a != b);
    else static_assert(cortexpr::detail::dependent_false<A>, "cortexpr: unknown binary operator");
}
#if defined(__NVCC__)
#  pragma nv_diag_default 186
#endif
#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif

CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, class Env, class Frame>
CORTEXPR_HOST_DEVICE auto eval(Env& env, Frame& f) {
    constexpr node n = P::at(I);
    if constexpr (n.kind == nk::int_literal || n.kind == nk::bool_literal) {
        return cpp_type<n.type.base, Env>(n.ival);
    } else if constexpr (n.kind == nk::float_literal) {
        return cpp_type<n.type.base, Env>(n.fval);
    } else if constexpr (n.kind == nk::name) {
        if constexpr (n.ref == ref_kind::local) {
            return get<n.ref_index>(f);
        } else if constexpr (n.type.pointer) {
            return env.template sym<n.ref_index>();
        } else {
            // copy: a read never aliases a later write of the same statement's target
            return std::remove_cvref_t<decltype(env.template sym<n.ref_index>())>(env.template sym<n.ref_index>());
        }
    } else if constexpr (n.kind == nk::index) {
        if constexpr (!P::at(n.a).type.pointer) {
            // a delayed read `x[d]` (the checker allows it on delayable symbols only)
            return env.template delayed_read<P::at(n.a).ref_index>(eval<P, n.b>(env, f));
        } else {
            auto v = lvalue<P, I>(env, f);
            return v;
        }
    } else if constexpr (n.kind == nk::unary) {
        if constexpr (n.op == tk::minus) return -eval<P, n.a>(env, f);
        else if constexpr (n.op == tk::plus) return +eval<P, n.a>(env, f);
        else if constexpr (n.op == tk::bang) return !eval<P, n.a>(env, f);
        else return ~eval<P, n.a>(env, f);
    } else if constexpr (n.kind == nk::pre_inc) {
        auto& target = lvalue<P, n.a>(env, f);
        if constexpr (n.op == tk::plus_plus) ++target; else --target;
        return target;
    } else if constexpr (n.kind == nk::post_inc) {
        auto& target = lvalue<P, n.a>(env, f);
        auto old = target;
        if constexpr (n.op == tk::plus_plus) ++target; else --target;
        return old;
    } else if constexpr (n.kind == nk::binary) {
        if constexpr ((n.op == tk::amp_amp || n.op == tk::pipe_pipe) && speculative<P, Env>) {
            const bool x = bool(eval<P, n.a>(env, f));
            const bool y = bool(eval<P, n.b>(env, f));
            return n.op == tk::amp_amp ? bool(x & y) : bool(x | y);
        }
        else if constexpr (n.op == tk::amp_amp) return bool(eval<P, n.a>(env, f) && eval<P, n.b>(env, f));
        else if constexpr (n.op == tk::pipe_pipe) return bool(eval<P, n.a>(env, f) || eval<P, n.b>(env, f));
        else {
            auto x = eval<P, n.a>(env, f);  // left operand first (see call_in_order)
            auto y = eval<P, n.b>(env, f);
            return apply_binary<n.op>(x, y);
        }
    } else if constexpr (n.kind == nk::assign) {
        auto&& target = lvalue<P, n.a>(env, f);
        using T = std::remove_cvref_t<decltype(target)>;
        if constexpr (n.op == tk::assign) target = T(eval<P, n.b>(env, f));
        else target = T(apply_binary<compound_base(n.op)>(target, eval<P, n.b>(env, f)));
        return T(target);
    } else if constexpr (n.kind == nk::ternary) {
        using R = cpp_type<n.type.base, Env>;
        if constexpr (speculative<P, Env>) {
            const bool c = bool(eval<P, n.a>(env, f));
            const R x = R(eval<P, n.b>(env, f));
            const R y = R(eval<P, n.c>(env, f));
            return blend(c, x, y);
        }
        else return eval<P, n.a>(env, f) ? R(eval<P, n.b>(env, f)) : R(eval<P, n.c>(env, f));
    } else if constexpr (n.kind == nk::cast) {
        return cpp_type<n.type.base, Env>(eval<P, n.a>(env, f));
    } else if constexpr (n.kind == nk::call) {
        if constexpr (n.ref == ref_kind::rng) return call_rng<P, I>(env, f);
        else return call_in_order<P, I, n.a>(env, f);
    } else {
        static_assert(cortexpr::detail::dependent_false<Env>, "cortexpr: not an expression");
    }
}

// ---- statements --------------------------------------------------------------------------
CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, class Env, class Frame>
CORTEXPR_HOST_DEVICE flow exec(Env& env, Frame& f);

CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, class Env, class Frame>
CORTEXPR_HOST_DEVICE flow exec_list(Env& env, Frame& f) {
    if constexpr (I < 0) {
        return flow::normal;
    } else {
        constexpr node n = P::at(I);
        if constexpr (n.has_jump) {
            flow r = exec<P, I>(env, f);
            if (r != flow::normal) return r;
        } else {
            exec<P, I>(env, f);
        }
        return exec_list<P, n.next>(env, f);
    }
}

CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::int32_t I, class Env, class Frame>
CORTEXPR_HOST_DEVICE flow exec(Env& env, Frame& f) {
    constexpr node n = P::at(I);
    if constexpr (n.kind == nk::empty) {
        return flow::normal;
    } else if constexpr (n.kind == nk::expr_stmt) {
        (void)eval<P, n.a>(env, f);
        return flow::normal;
    } else if constexpr (n.kind == nk::decl) {
        if constexpr (n.a >= 0) {
            auto& v = get<n.ref_index>(f);
            v = std::remove_reference_t<decltype(v)>(eval<P, n.a>(env, f));
        }
        return flow::normal;
    } else if constexpr (n.kind == nk::decl_group || n.kind == nk::block) {
        return exec_list<P, n.a>(env, f);
    } else if constexpr (n.kind == nk::if_ && speculative<P, Env>) {
        // both arms on copies of the state, then the one the condition picks
        const bool c = bool(eval<P, n.a>(env, f));
        const auto s0 = env.spec_state();
        const Frame f0 = f;
        exec<P, n.b>(env, f);
        const auto s1 = env.spec_state();
        Frame f1 = f;
        env.spec_state() = s0;
        f = f0;
        if constexpr (n.c >= 0) exec<P, n.c>(env, f);
        auto& s = env.spec_state();
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((std::get<K>(s) = blend(c, std::get<K>(s1), std::get<K>(s))), ...);
        }(std::make_index_sequence<std::tuple_size_v<std::remove_cvref_t<decltype(s)>>>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            ((get<int(K)>(f) = blend(c, get<int(K)>(f1), get<int(K)>(f))), ...);
        }(std::make_index_sequence<P::code.stats.n_slots>{});
        return flow::normal;
    } else if constexpr (n.kind == nk::if_) {
        if (eval<P, n.a>(env, f)) return exec<P, n.b>(env, f);
        if constexpr (n.c >= 0) return exec<P, n.c>(env, f);
        return flow::normal;
    } else if constexpr (n.kind == nk::while_) {
        while (eval<P, n.a>(env, f)) {
            if constexpr (P::at(n.b).has_jump) {
                if (exec<P, n.b>(env, f) == flow::break_) break;
            } else {
                exec<P, n.b>(env, f);
            }
        }
        return flow::normal;
    } else if constexpr (n.kind == nk::do_while) {
        do {
            if constexpr (P::at(n.a).has_jump) {
                if (exec<P, n.a>(env, f) == flow::break_) break;
            } else {
                exec<P, n.a>(env, f);
            }
        } while (eval<P, n.b>(env, f));
        return flow::normal;
    } else if constexpr (n.kind == nk::for_) {
        if constexpr (n.a >= 0) exec<P, n.a>(env, f);
        while (true) {
            if constexpr (n.b >= 0) {
                if (!eval<P, n.b>(env, f)) break;
            }
            if constexpr (P::at(n.d).has_jump) {
                if (exec<P, n.d>(env, f) == flow::break_) break;
            } else {
                exec<P, n.d>(env, f);
            }
            if constexpr (n.c >= 0) (void)eval<P, n.c>(env, f);
        }
        return flow::normal;
    } else if constexpr (n.kind == nk::for_each_synapse) {
        // the environment runs the body once per synapse; the body returns
        // flow::break_ to stop early
        env.template call<n.ref_index>([&]() { return exec<P, n.a>(env, f); });
        return flow::normal;
    } else if constexpr (n.kind == nk::break_) {
        return flow::break_;
    } else if constexpr (n.kind == nk::continue_) {
        return flow::continue_;
    } else {
        static_assert(cortexpr::detail::dependent_false<Env>, "cortexpr: not a statement");
    }
}

// ---- entry points ------------------------------------------------------------------------
/// Runs statement field `Field` of the unit's program.
CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::uint32_t Field, class Env, class Frame>
CORTEXPR_HOST_DEVICE void run(Env& env, Frame& f) {
    if constexpr (P::valid) {
        constexpr std::int32_t r = P::root(Field);
        if constexpr (r >= 0) exec<P, r>(env, f);
    }
}

/// Evaluates expression field `Field` (a condition) of the unit's program.
CORTEXPR_EXEC_CHECK_DISABLE
template <class P, std::uint32_t Field, class Env, class Frame>
CORTEXPR_HOST_DEVICE bool test(Env& env, Frame& f) {
    if constexpr (P::valid) {
        constexpr std::int32_t r = P::root(Field);
        if constexpr (r >= 0) return bool(eval<P, r>(env, f));
        else return false;
    } else {
        return false;
    }
}

}  // namespace cortexpr::dsl
