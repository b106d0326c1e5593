// The fixed context the parser fuzz target (fuzz/fuzz_parser.cpp) compiles arbitrary
// code against, and the invariants it checks, shared with
// tests/unit/test_dsl_fuzz_regressions.cpp so that every input the fuzzer found is
// replayed in CI against exactly the same names and checks.
//
// It is deliberately rich: every symbol kind, every access mode the checker tells apart
// (writable / read-only vars, a writable and a read-only EGP array), integer and
// floating types, built-ins, and context functions with fixed and variable arity.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <cortexpr/dsl/compile.hpp>

namespace cortexpr::testing::fuzz {

inline constexpr dsl::symbol symbols[] = {
    {"tau", dsl::sym_kind::param, dsl::t_scalar},
    {"n", dsl::sym_kind::param, dsl::t_uint},
    {"ExpTC", dsl::sym_kind::derived_param, dsl::t_scalar},
    {"spikeTimes", dsl::sym_kind::extra_global_param, dsl::pointer_to(dsl::t_scalar), true},
    {"kernel", dsl::sym_kind::extra_global_param, dsl::pointer_to(dsl::t_float), false},
    {"counts", dsl::sym_kind::extra_global_param, dsl::pointer_to(dsl::t_uint), true},
    {"V", dsl::sym_kind::var, dsl::t_scalar, true},
    {"U", dsl::sym_kind::var, dsl::t_scalar, false},          // read_only
    {"count", dsl::sym_kind::var, dsl::t_uint, true},
    {"d", dsl::sym_kind::var, dsl::type_t{dsl::base_type::uint8}, false},
    {"big", dsl::sym_kind::var, dsl::t_int64, true},
    {"flag", dsl::sym_kind::var, dsl::t_bool, true},
    // names of the built-in models, so that their code (the seed corpus) is valid here
    {"C", dsl::sym_kind::param, dsl::t_scalar}, {"TauM", dsl::sym_kind::param, dsl::t_scalar},
    {"Vrest", dsl::sym_kind::param, dsl::t_scalar}, {"Vreset", dsl::sym_kind::param, dsl::t_scalar},
    {"Vthresh", dsl::sym_kind::param, dsl::t_scalar}, {"Ioffset", dsl::sym_kind::param, dsl::t_scalar},
    {"TauRefrac", dsl::sym_kind::param, dsl::t_scalar}, {"a", dsl::sym_kind::param, dsl::t_scalar},
    {"b", dsl::sym_kind::param, dsl::t_scalar}, {"c", dsl::sym_kind::param, dsl::t_scalar},
    {"rate", dsl::sym_kind::param, dsl::t_scalar}, {"num", dsl::sym_kind::param, dsl::t_uint},
    {"Rmembrane", dsl::sym_kind::derived_param, dsl::t_scalar},
    {"isi", dsl::sym_kind::derived_param, dsl::t_scalar},
    {"probLogRecip", dsl::sym_kind::derived_param, dsl::t_scalar},
    {"RefracTime", dsl::sym_kind::var, dsl::t_scalar, true},
    {"timeStepToSpike", dsl::sym_kind::var, dsl::t_scalar, true},
    {"startSpike", dsl::sym_kind::var, dsl::t_uint, true},
    {"endSpike", dsl::sym_kind::var, dsl::t_uint, false},      // read_only_duplicate
    {"g", dsl::sym_kind::var, dsl::t_scalar, false},            // read_only
    {"m", dsl::sym_kind::var, dsl::t_scalar, true}, {"h", dsl::sym_kind::var, dsl::t_scalar, true},
    {"t", dsl::sym_kind::builtin, dsl::t_time},
    {"dt", dsl::sym_kind::builtin, dsl::t_time},
    {"id", dsl::sym_kind::builtin, dsl::t_uint},
    {"Isyn", dsl::sym_kind::builtin, dsl::t_scalar},
    {"inSyn", dsl::sym_kind::builtin, dsl::t_scalar, true},
    {"st", dsl::sym_kind::builtin, dsl::t_time}, {"st_pre", dsl::sym_kind::builtin, dsl::t_time},
    {"st_post", dsl::sym_kind::builtin, dsl::t_time}, {"id_pre", dsl::sym_kind::builtin, dsl::t_uint},
    {"id_post", dsl::sym_kind::builtin, dsl::t_uint}, {"num_post", dsl::sym_kind::builtin, dsl::t_uint},
    {"id_post_begin", dsl::sym_kind::builtin, dsl::t_uint}, {"id_diag", dsl::sym_kind::builtin, dsl::t_uint},
    {"value", dsl::sym_kind::builtin, dsl::t_scalar, true},
};
inline constexpr dsl::context_function functions[] = {
    {"addToPost", 1}, {"addToPostDelay", 2}, {"injectCurrent", 1},
    {"addSynapse", 1, dsl::t_void, 7}, {"for_each_synapse", 0},
};
inline constexpr dsl::context ctx{"fuzz", symbols, functions};

/// Field names the fuzz unit uses (sim: statements; threshold: an expression that sees
/// sim's locals; reset: statements that see them too) -- the neuron unit's shape.
inline constexpr std::string_view field_names[] = {"sim_code", "threshold_condition_code", "reset_code"};

/// The unit of up to three code fields, as the fuzz target builds it.
struct fuzz_unit {
    dsl::field_source fields[3];
    dsl::unit_source source;
    constexpr fuzz_unit(const std::string_view* code, std::uint32_t n) : fields{}, source{} {
        for (std::uint32_t f = 0; f < n && f < 3; ++f)
            fields[f] = dsl::field_source{field_names[f], code[f], f == 1, &ctx, f != 0};
        source = dsl::unit_source{"Fuzz", fields, n < 3 ? n : 3};
    }
    fuzz_unit(const fuzz_unit&) = delete;  // `source` points into `fields`
};


/// Splits a fuzzer input on NUL bytes into up to three fields; returns how many.
inline std::uint32_t split_fields(std::string_view in, std::string_view (&code)[3]) {
    std::uint32_t n = 0;
    while (n < 3) {
        std::size_t z = in.find('\0');
        code[n++] = in.substr(0, z);
        if (z == std::string_view::npos) break;
        in.remove_prefix(z + 1);
    }
    return n;
}

/// compile() with std::vector storage of exactly the advertised capacities (so that
/// AddressSanitizer flags any write past them), and the message.
struct run_result {
    dsl::unit_stats stats;
    std::vector<dsl::node> nodes;
    std::vector<dsl::type_t> slots;
    std::string message;  // format_error(), also for a valid unit ("... no error ...")
};
inline run_result run_compile(const dsl::unit_source& u, std::uint32_t scale = 1) {
    std::vector<dsl::token> toks(scale * dsl::token_capacity(u));
    run_result r{{}, std::vector<dsl::node>(scale * dsl::node_capacity(u)),
                 std::vector<dsl::type_t>(scale * dsl::slot_capacity(u)), {}};
    r.stats = dsl::compile(u, toks.data(), std::uint32_t(toks.size()), r.nodes.data(),
                           std::uint32_t(r.nodes.size()), r.slots.data(), std::uint32_t(r.slots.size()));
    r.message = std::string(dsl::format_error(u, r.stats.err).view());
    return r;
}

namespace detail {
/// Whether `s` is well-formed UTF-8 (no overlong forms or surrogates checks: lead and
/// continuation bytes only, which is what cutting a character in half breaks).
inline bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}
inline bool same_error(const dsl::error& a, const dsl::error& b) {
    return a.kind == b.kind && a.field == b.field && a.pos == b.pos && a.len == b.len &&
           a.detail == b.detail && a.expected == b.expected;
}
inline bool same_node(const dsl::node& a, const dsl::node& b) {
    return a.kind == b.kind && a.op == b.op && a.field == b.field && a.type == b.type && a.a == b.a &&
           a.b == b.b && a.c == b.c && a.d == b.d && a.next == b.next && a.pos == b.pos &&
           a.len == b.len && a.ival == b.ival &&
           std::memcmp(&a.fval, &b.fval, sizeof a.fval) == 0 &&  // bitwise: NaN-safe
           a.ref == b.ref && a.ref_index == b.ref_index && a.has_jump == b.has_jump;
}
/// A valid AST from `root`: indices in range, every node reached once (a tree), every
/// name and call resolved, every local a real slot that is not a pointer, and every
/// expression typed -- a void value (a call of addToPost & co.) only where C discards
/// it: as an expression statement or a for loop's step. Returns a violation or "".
inline std::string check_tree(const run_result& r, std::int32_t root, std::vector<char>& seen) {
    struct item { std::int32_t i; bool void_ok; };
    std::vector<item> todo{{root, false}};
    while (!todo.empty()) {
        const item it = todo.back();
        todo.pop_back();
        const std::int32_t i = it.i;
        if (i < 0) continue;
        if (std::uint32_t(i) >= r.stats.n_nodes) return "node index out of range";
        if (seen[std::size_t(i)]) return "node reached twice (not a tree)";
        seen[std::size_t(i)] = 1;
        const dsl::node& x = r.nodes[std::size_t(i)];
        if ((x.kind == dsl::nk::name || x.kind == dsl::nk::call) && x.ref == dsl::ref_kind::none)
            return "unresolved name or call in a valid unit";
        if (x.ref == dsl::ref_kind::local && (x.ref_index < 0 || std::uint32_t(x.ref_index) >= r.stats.n_slots))
            return "local without a slot";
        if (x.ref == dsl::ref_kind::local && r.slots[std::size_t(x.ref_index)].pointer)
            return "pointer local in a valid unit (nothing can initialise it)";
        const bool expression = x.kind <= dsl::nk::cast;
        if (expression && x.type.is_void() && !(x.kind == dsl::nk::call && it.void_ok))
            return "void value used in an expression of a valid unit";
        using dsl::nk;
        switch (x.kind) {
            case nk::expr_stmt: todo.push_back({x.a, true}); break;
            case nk::for_: todo.push_back({x.a, false}); todo.push_back({x.b, false});
                           todo.push_back({x.c, true}); todo.push_back({x.d, false}); break;
            default:
                for (std::int32_t c : {x.a, x.b, x.c, x.d}) todo.push_back({c, false});
        }
        todo.push_back({x.next, false});  // the next statement, or the next call argument
    }
    return {};
}
}  // namespace detail

/// Compiles `input` (split as the fuzz target does) twice and checks the invariants the
/// compile-time front end relies on. Returns the first violation, or "" when all hold:
///   - an error names a field of the unit and a span inside that field's text;
///   - its message is one line, "Fuzz.<field>:<line>:<col>: " and then a description,
///     and is valid UTF-8 when the field is;
///   - a valid unit fits its capacities and its AST is a resolved tree with no pointer
///     locals;
///   - compile() is deterministic: a second run on fresh arrays gives the same result;
///   - the capacities are enough: with four times the storage the result is the same
///     (the compile-time path allocates exactly token/node/slot_capacity, so a shortfall
///     would reject valid code as "too complex").
inline std::string invariant_violation(std::string_view input) {
    std::string_view code[3];
    const std::uint32_t n = split_fields(input, code);
    const fuzz_unit unit(code, n);
    const dsl::unit_source& u = unit.source;
    const run_result r1 = run_compile(u);
    const dsl::error& e = r1.stats.err;
    const std::string& text = r1.message;
    if (e) {
        if (e.field >= n) return "error in a field the unit does not have: " + text;
        const std::string_view src = code[e.field];
        if (e.pos > src.size()) return "error position past the end of its field: " + text;
        if (e.detail.empty() && e.pos + std::uint64_t(e.len) > src.size())
            return "error span past the end of its field: " + text;
        if (text.find('\n') != std::string::npos) return "message has a line break: " + text;
        const dsl::line_col lc = dsl::locate(src, e.pos);
        const std::string where = "Fuzz." + std::string(field_names[e.field]) + ":" +
                                  std::to_string(lc.line) + ":" + std::to_string(lc.col) + ": ";
        if (text.rfind(where, 0) != 0) return "message does not start with '" + where + "': " + text;
        if (text.size() <= where.size()) return "message says nothing after its place: " + text;
        if (detail::valid_utf8(src) && !detail::valid_utf8(text))
            return "message cuts a UTF-8 character of valid UTF-8 code: " + text;
    } else {
        if (r1.stats.n_nodes > r1.nodes.size()) return "more nodes than capacity";
        if (r1.stats.n_slots > r1.slots.size()) return "more slots than capacity";
        std::vector<char> seen(r1.stats.n_nodes, 0);
        for (std::uint32_t f = 0; f < n; ++f) {
            if (r1.stats.roots[f] < 0) return "valid field without a root";
            if (std::string v = detail::check_tree(r1, r1.stats.roots[f], seen); !v.empty()) return v;
        }
    }
    const run_result r2 = run_compile(u);
    if (!detail::same_error(r1.stats.err, r2.stats.err) || r1.message != r2.message)
        return "not deterministic: " + r1.message + " / " + r2.message;
    if (r1.stats.n_nodes != r2.stats.n_nodes || r1.stats.n_slots != r2.stats.n_slots)
        return "not deterministic: node or slot count";
    for (std::uint32_t f = 0; f < dsl::max_fields; ++f)
        if (r1.stats.roots[f] != r2.stats.roots[f]) return "not deterministic: roots";
    const run_result r4 = run_compile(u, 4);
    if (!detail::same_error(r1.stats.err, r4.stats.err) || r1.stats.n_nodes != r4.stats.n_nodes ||
        r1.stats.n_slots != r4.stats.n_slots)
        return "capacities too small: " + r1.message + " / with more storage: " + r4.message;
    if (!e) {
        for (std::uint32_t i = 0; i < r1.stats.n_nodes; ++i)
            if (!detail::same_node(r1.nodes[i], r2.nodes[i])) return "not deterministic: node " + std::to_string(i);
        for (std::uint32_t i = 0; i < r1.stats.n_slots; ++i)
            if (!(r1.slots[i] == r2.slots[i])) return "not deterministic: slot " + std::to_string(i);
    }
    return {};
}

}  // namespace cortexpr::testing::fuzz
