// The compile-time front end: a unit type (model + fields + contexts) becomes a
// constexpr checked AST, or one readable compile error.
//
// A Unit is any type with `static constexpr cortexpr::dsl::unit_source source`.
#pragma once
#include <cstdint>

#include "../base/config.hpp"
#include "compile.hpp"
#include "../base/fixed_string.hpp"
#include "../base/error_types.hpp"

namespace cortexpr {

namespace dsl {

template <std::uint32_t NodeCap, std::uint32_t SlotCap>
struct compiled_code {
    node nodes[NodeCap]{};
    type_t slots[SlotCap]{};
    unit_stats stats{};
};

namespace detail {
template <class Unit>
constexpr auto compile_unit() {
    constexpr unit_source u = Unit::source;
    constexpr std::uint32_t tcap = token_capacity(u), ncap = node_capacity(u), scap = slot_capacity(u);
    compiled_code<ncap, scap> out;
    token toks[tcap]{};
    out.stats = compile(u, toks, tcap, out.nodes, ncap, out.slots, scap);
    return out;
}

/// The first N nodes and S slots of a capacity-sized result. The capacities are upper
/// bounds, about five times the nodes a model needs, and emission reads the program
/// once per node: cicc (nvcc's device front end) spends memory and time in proportion
/// to the size of the constant it reads, so the program keeps only the nodes in use
/// (cicc's peak memory halves on benchmarks/compile_cost; see
/// benchmarks/results/compile_cost_*). g++ is indifferent to it.
template <std::uint32_t N, std::uint32_t S, class Big>
constexpr compiled_code<N, S> shrink(const Big& big) {
    compiled_code<N, S> out;
    for (std::uint32_t i = 0; i < N && i < big.stats.n_nodes; ++i) out.nodes[i] = big.nodes[i];
    for (std::uint32_t i = 0; i < S && i < big.stats.n_slots; ++i) out.slots[i] = big.slots[i];
    out.stats = big.stats;
    return out;
}
constexpr std::uint32_t at_least_one(std::uint32_t n) { return n ? n : 1; }

template <bool Ok, fixed_string Message>
struct report { static constexpr bool value = true; };
template <fixed_string Message>
struct report<false, Message> {
    static constexpr bool value = sizeof(CORTEXPR_CODE_ERROR(Message)) == 0;
};
}  // namespace detail

/// The checked program of a unit. `ok` is false -- after exactly one readable compile
/// error -- when the code is invalid; emission is skipped then (it tests `valid`).
template <class Unit>
struct program {
private:
    static constexpr auto full_ = detail::compile_unit<Unit>();  // capacity-sized

public:
    static constexpr auto code = detail::shrink<detail::at_least_one(full_.stats.n_nodes),
                                                detail::at_least_one(full_.stats.n_slots)>(full_);
    static constexpr error err = code.stats.err;
    static constexpr auto message_buffer = format_error(Unit::source, err);
    static constexpr fixed_string<message_buffer.size> message{message_buffer.view()};
    /// Whether the code is valid; naming `ok` reports invalid code as a compile error
    /// (the network layer reports it earlier, where the model meets the network).
    static constexpr bool ok = detail::report<!err, message>::value && !err;
    /// Whether the code is valid, without reporting anything: what emission tests.
    static constexpr bool valid = !err;

    static constexpr std::int32_t root(std::uint32_t field) { return code.stats.roots[field]; }
    /// Whether the code draws random numbers (gennrand_*): the backends key a fresh
    /// stream per element only where it is read.
    static constexpr bool uses_rng = [] {
        for (std::uint32_t i = 0; i < code.stats.n_nodes; ++i)
            if (code.nodes[i].ref == ref_kind::rng) return true;
        return false;
    }();
    /// Whether it draws normals (gennrand_normal, gennrand_log_normal): the CPU then makes
    /// the first Box-Muller pair of 16 elements' streams at once.
    static constexpr bool draws_normal = [] {
        for (std::uint32_t i = 0; i < code.stats.n_nodes; ++i)
            if (code.nodes[i].ref == ref_kind::rng && (rng_fn(code.nodes[i].ref_index) == rng_fn::normal ||
                                                       rng_fn(code.nodes[i].ref_index) == rng_fn::log_normal))
                return true;
        return false;
    }();
    /// Whether both arms of every `if`, `?:`, `&&` and `||` may run, and the outcome be
    /// chosen afterwards, without any other effect (an environment that opts in with
    /// `speculates`, the CPU's batched neuron update, then gets branch-free code that
    /// the compiler vectorises): no loops or jumps, no random numbers, context
    /// functions, extra global parameters or integer division, and assignments only as
    /// whole statements. The arm that is kept computes what it would have computed
    /// alone, so the results are the same bits.
    static constexpr bool speculation_safe = [] {
        for (std::uint32_t i = 0; i < code.stats.n_nodes; ++i) {
            const node& n = code.nodes[i];
            switch (n.kind) {
                case nk::while_: case nk::do_while: case nk::for_: case nk::break_: case nk::continue_:
                case nk::for_each_synapse: case nk::index:
                    return false;
                default: break;
            }
            if (n.ref == ref_kind::rng || n.ref == ref_kind::context_fn || n.type.pointer) return false;
            const tk op = n.kind == nk::assign ? compound_base(n.op) : n.op;
            if ((n.kind == nk::binary || n.kind == nk::assign) && (op == tk::slash || op == tk::percent) && n.type.is_integral())
                return false;
            if (n.kind == nk::assign || n.kind == nk::pre_inc || n.kind == nk::post_inc) {
                bool statement = false;
                for (std::uint32_t j = 0; j < code.stats.n_nodes; ++j)
                    statement = statement || (code.nodes[j].kind == nk::expr_stmt && code.nodes[j].a == std::int32_t(i));
                if (!statement) return false;
            }
        }
        return true;
    }();
    static constexpr node at(std::int32_t i) { return i < 0 ? node{} : code.nodes[i]; }
};

/// Whether a unit's code is valid, without triggering the compile error (for tests).
template <class Unit>
inline constexpr bool is_valid = !detail::compile_unit<Unit>().stats.err;

}  // namespace dsl
}  // namespace cortexpr
