// The driver: a unit of code fields -> tokens -> AST -> checked AST, plus the error
// message. The same constexpr function serves the compile-time path (models, with
// capacities sized from the code) and the run-time path (cortexpr-check, fuzzing).
#pragma once
#include <cstdint>
#include <string_view>

#include "checker.hpp"
#include "errors.hpp"
#include "lexer.hpp"
#include "parser.hpp"

namespace cortexpr::dsl {

inline constexpr std::uint32_t max_fields = 8;

struct field_source {
    std::string_view name;   // "sim_code"
    std::string_view code;
    bool expression = false; // a condition (threshold) rather than statements
    const context* ctx = nullptr;
    bool sees_previous = false;  // sees the top-level locals of the fields before it
};

struct unit_source {
    std::string_view model;  // "LIF"
    const field_source* fields = nullptr;
    std::uint32_t n_fields = 0;
};

struct unit_stats {
    error err{};
    std::uint32_t n_nodes = 0;
    std::uint32_t n_slots = 0;
    std::int32_t roots[max_fields]{-1, -1, -1, -1, -1, -1, -1, -1};
};

constexpr std::uint32_t code_length(const unit_source& u) {
    std::uint32_t n = 0;
    for (std::uint32_t f = 0; f < u.n_fields; ++f) n += std::uint32_t(u.fields[f].code.size());
    return n;
}
/// Upper bounds on the arrays compile() needs: a token per character plus an end token
/// per field; at most one node per token plus a root per field.
constexpr std::uint32_t token_capacity(const unit_source& u) { return code_length(u) + u.n_fields + 2; }
constexpr std::uint32_t node_capacity(const unit_source& u) { return code_length(u) + 2 * u.n_fields + 2; }
constexpr std::uint32_t slot_capacity(const unit_source& u) { return code_length(u) / 2 + 2; }

/// Lexes, parses and checks every field of `u` into the caller's arrays.
constexpr unit_stats compile(const unit_source& u, token* toks, std::uint32_t tok_cap,
                             node* nodes, std::uint32_t node_cap, type_t* slots,
                             std::uint32_t slot_cap) {
    unit_stats r;
    if (u.n_fields > max_fields) { r.err = error{error_kind::too_complex}; return r; }
    std::uint32_t first[max_fields]{};
    std::uint32_t nt = 0;
    for (std::uint32_t f = 0; f < u.n_fields && !r.err; ++f) {
        first[f] = nt;
        nt += lex(u.fields[f].code, std::uint8_t(f), toks + nt, tok_cap - nt, r.err);
    }
    if (r.err) return r;
    parser p(toks, nodes, node_cap);
    for (std::uint32_t f = 0; f < u.n_fields && !p.err(); ++f) {
        r.roots[f] = u.fields[f].expression ? p.parse_expression(first[f]) : p.parse_statements(first[f]);
    }
    r.n_nodes = p.node_count();
    if (p.err()) { r.err = p.err(); return r; }
    checker c(nodes, slots, slot_cap);
    for (std::uint32_t f = 0; f < u.n_fields && !c.err(); ++f) {
        const field_source& fs = u.fields[f];
        if (!fs.sees_previous) c.reset_scope();
        c.check_field(r.roots[f], fs.code, *fs.ctx, fs.expression, fs.sees_previous);
    }
    r.err = c.err();
    r.n_slots = c.slot_count();
    return r;
}

/// `Model.field:line:col: <what> '<name>'`
template <std::size_t Cap = 512>
constexpr text_buffer<Cap> format_error(const unit_source& u, const error& e) {
    text_buffer<Cap> b;
    // No pointer to the field compared with null: under -fsanitize=undefined (null
    // checks) g++ 12 rejects `&u.fields[k] != nullptr` in a constant expression, so no
    // program<> compiled in the asan preset (found by scripts/sanitize.sh).
    const bool has_field = e.field < u.n_fields;
    std::string_view src = has_field ? u.fields[e.field].code : std::string_view{};
    line_col lc = locate(src, e.pos);
    b.put(u.model);
    b.put('.');
    b.put(has_field ? u.fields[e.field].name : std::string_view{"code"});
    b.put(':');
    b.put_uint(lc.line);
    b.put(':');
    b.put_uint(lc.col);
    b.put(": ");
    b.put(describe(e.kind));
    if (e.kind == error_kind::expected_token) {
        b.put(" '");
        b.put(spelling(tk(e.expected)));
        b.put("' before");
    } else if (e.kind == error_kind::wrong_argument_count) {
        b.put(" (");
        b.put_uint(e.expected);
        b.put(" expected) to");
    }
    b.put(" '");
    std::string_view name = !e.detail.empty() ? e.detail
                            : e.pos < src.size() ? src.substr(e.pos, e.len) : std::string_view{"end of code"};
    if (name.empty()) name = "end of code";
    for (char c : name) b.put(c == '\n' ? ' ' : c);
    b.put('\'');
    return b;
}

}  // namespace cortexpr::dsl
