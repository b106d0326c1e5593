// The flat AST: one array of nodes linked by index, so a whole parsed model fits in
// a structural constexpr object that the emitter walks by template recursion.
#pragma once
#include <cstdint>

#include "token.hpp"
#include "types.hpp"

namespace cortexpr::dsl {

enum class nk : std::uint8_t {
    // expressions
    int_literal, float_literal, bool_literal, name, unary, pre_inc, post_inc, binary,
    assign, ternary, call, index, cast,
    // statements
    expr_stmt, decl, decl_group, block, if_, while_, do_while, for_, break_, continue_, empty,
    for_each_synapse,
};

/// What a name (or called name) resolved to.
enum class ref_kind : std::uint8_t { none, local, symbol, math, rng, context_fn };

struct node {
    nk kind = nk::empty;
    tk op = tk::end;             // operator; for pre/post inc: plus_plus or minus_minus
    std::uint8_t field = 0;
    type_t type{};               // result type (expressions), declared type (decl, cast)
    std::int32_t a = -1, b = -1, c = -1, d = -1;  // children (see parser.hpp per kind)
    std::int32_t next = -1;      // next statement in a list / next call argument
    std::uint32_t pos = 0, len = 0;  // source span of the name or operator
    std::uint64_t ival = 0;      // integer / bool literal value
    double fval = 0;             // floating literal value
    ref_kind ref = ref_kind::none;
    std::int32_t ref_index = -1; // local slot, context symbol, or function id
    bool has_jump = false;       // statement contains a break/continue for an outer loop
};

}  // namespace cortexpr::dsl
