// What a code string may name: the context supplies the model's parameters, derived
// parameters, variables, extra global parameters and built-ins, and the functions of
// that kind of code. The C maths library and the random-number functions are always
// available.
#pragma once
#include <cstdint>
#include <string_view>

#include "types.hpp"

namespace cortexpr::dsl {

enum class sym_kind : std::uint8_t { param, derived_param, var, extra_global_param, builtin };

struct symbol {
    std::string_view name;
    sym_kind kind = sym_kind::builtin;
    type_t type = t_scalar;
    bool writable = false;  // for extra global parameters: whether elements may be written
    std::uint8_t group = 0;   // opaque to the compiler: where the environment finds it
    std::uint16_t index = 0;  // ... and its index there
    bool reduction = false;   // a reduction target: code assigns it with '=' and never reads it
    bool in_loop = false;     // visible only inside `for_each_synapse { }` (custom connectivity: id_post, id_syn, ...)
    bool delayable = false;   // `x[d]` reads its value of d steps ago (Env::delayed_read<I>(d))
};

/// A function that only some code fields may call, e.g. `addToPost` in synaptic code.
struct context_function {
    std::string_view name;
    std::uint8_t arity = 1;      // fewest arguments
    type_t result = t_void;
    std::uint8_t max_arity = 0;  // most arguments, if more than `arity` (addSynapse(j, k...))
    bool in_loop = false;        // callable only inside `for_each_synapse { }` (remove_synapse)
};

struct context {
    std::string_view description;  // "neuron sim_code", for documentation and tools
    const symbol* symbols = nullptr;
    std::uint32_t n_symbols = 0;
    const context_function* functions = nullptr;
    std::uint32_t n_functions = 0;

    constexpr context() = default;
    template <std::size_t NS, std::size_t NF>
    constexpr context(std::string_view d, const symbol (&s)[NS], const context_function (&f)[NF])
        : description(d), symbols(s), n_symbols(NS), functions(f), n_functions(NF) {}
    template <std::size_t NS>
    constexpr context(std::string_view d, const symbol (&s)[NS])
        : description(d), symbols(s), n_symbols(NS) {}
    constexpr context(std::string_view d, const symbol* s, std::uint32_t ns,
                      const context_function* f, std::uint32_t nf)
        : description(d), symbols(s), n_symbols(ns), functions(f), n_functions(nf) {}
};

/// Every context function any context knows, so that calling one in the wrong place is
/// reported as such rather than as an unknown function.
inline constexpr std::string_view all_context_functions[] = {
    "addToPost", "addToPostDelay", "addToPre", "injectCurrent", "addSynapse", "for_each_synapse",
    "add_synapse", "remove_synapse",
};

// ---- the C maths library -------------------------------------------------------------
// X(name, arity): floating functions with float and double overloads (integers promote
// to double, as C's <tgmath.h> does).
#define CORTEXPR_DSL_FLOAT_FUNCTIONS(X)                                                     \
    X(cos, 1) X(sin, 1) X(tan, 1) X(acos, 1) X(asin, 1) X(atan, 1) X(atan2, 2) X(cosh, 1)   \
    X(sinh, 1) X(tanh, 1) X(acosh, 1) X(asinh, 1) X(atanh, 1) X(exp, 1) X(expm1, 1)         \
    X(exp2, 1) X(pow, 2) X(log, 1) X(log1p, 1) X(log2, 1) X(log10, 1) X(sqrt, 1) X(cbrt, 1) \
    X(hypot, 2) X(ceil, 1) X(floor, 1) X(fmod, 2) X(round, 1) X(rint, 1) X(trunc, 1)        \
    X(nearbyint, 1) X(nextafter, 2) X(remainder, 2) X(fabs, 1) X(fdim, 2) X(fmax, 2)        \
    X(fmin, 2) X(erf, 1) X(erfc, 1) X(tgamma, 1) X(lgamma, 1) X(copysign, 2) X(fma, 3)
// Functions whose result type follows their (integer or floating) arguments.
#define CORTEXPR_DSL_GENERIC_FUNCTIONS(X) X(min, 2) X(max, 2) X(abs, 1)
// Functions with integer parameters or results.
#define CORTEXPR_DSL_MIXED_FUNCTIONS(X) X(ldexp, 2) X(scalbn, 2) X(ilogb, 1)

enum class math_fn : std::uint8_t {
#define CORTEXPR_X(name, arity) name,
    CORTEXPR_DSL_FLOAT_FUNCTIONS(CORTEXPR_X) CORTEXPR_DSL_GENERIC_FUNCTIONS(CORTEXPR_X)
    CORTEXPR_DSL_MIXED_FUNCTIONS(CORTEXPR_X)
#undef CORTEXPR_X
    count_
};

enum class math_family : std::uint8_t { floating, generic, mixed };

struct math_entry { std::string_view name; std::uint8_t arity; math_family family; };
inline constexpr math_entry math_functions[] = {
#define CORTEXPR_X(name, arity) {#name, arity, math_family::floating},
    CORTEXPR_DSL_FLOAT_FUNCTIONS(CORTEXPR_X)
#undef CORTEXPR_X
#define CORTEXPR_X(name, arity) {#name, arity, math_family::generic},
    CORTEXPR_DSL_GENERIC_FUNCTIONS(CORTEXPR_X)
#undef CORTEXPR_X
#define CORTEXPR_X(name, arity) {#name, arity, math_family::mixed},
    CORTEXPR_DSL_MIXED_FUNCTIONS(CORTEXPR_X)
#undef CORTEXPR_X
};

// ---- random numbers --------------------------------------------------------------------
enum class rng_fn : std::uint8_t { raw, uniform, normal, exponential, log_normal, gamma, binomial };
struct rng_entry { std::string_view name; std::uint8_t arity; rng_fn fn; type_t result; };
inline constexpr rng_entry rng_functions[] = {
    {"gennrand", 0, rng_fn::raw, t_uint},
    {"gennrand_uniform", 0, rng_fn::uniform, t_scalar},
    {"gennrand_normal", 0, rng_fn::normal, t_scalar},
    {"gennrand_exponential", 0, rng_fn::exponential, t_scalar},
    {"gennrand_log_normal", 2, rng_fn::log_normal, t_scalar},
    {"gennrand_gamma", 1, rng_fn::gamma, t_scalar},
    {"gennrand_binomial", 2, rng_fn::binomial, t_uint},
};

}  // namespace cortexpr::dsl
