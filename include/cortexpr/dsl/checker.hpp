// Name resolution and checks over the flat AST: binds every name to a local slot, a
// context symbol or a function, computes expression types, and reports the first
// error (unknown names, writes to read-only things, integer operators on floating
// values, misplaced break/continue, ...).
#pragma once
#include <cstdint>
#include <string_view>

#include "ast.hpp"
#include "context.hpp"
#include "errors.hpp"

namespace cortexpr::dsl {

struct local_decl {
    std::string_view name;
    std::int32_t slot = -1;
    std::uint32_t depth = 0;
    type_t type{};
};

/// The spelling of `T*` for each base type T, for "unknown type 'scalar*'".
inline constexpr std::string_view pointer_type_names[] = {
    "void*", "bool*", "int8_t*", "uint8_t*", "int16_t*", "uint16_t*", "int*", "unsigned int*",
    "int64_t*", "uint64_t*", "float*", "double*", "scalar*", "timepoint*",
};

class checker {
public:
    static constexpr std::uint32_t max_scope_entries = 256;

    constexpr checker(node* nodes, type_t* slots, std::uint32_t slot_cap)
        : n_(nodes), slots_(slots), slot_cap_(slot_cap) {}

    /// Checks one field. `src` is that field's text. A field checked with `child_scope`
    /// sees the locals left at the top level by earlier fields (sim -> threshold/reset)
    /// but its own declarations end with it.
    constexpr void check_field(std::int32_t root, std::string_view src, const context& ctx,
                               bool is_expression, bool child_scope) {
        src_ = src;
        ctx_ = &ctx;
        loop_depth_ = 0;
        each_depth_ = 0;
        if (root < 0) return;
        std::uint32_t saved = depth_;
        if (child_scope) ++depth_;
        if (is_expression) expr(root);
        else n_[root].has_jump = stmt_list(n_[root].a);  // shares the field's scope
        if (child_scope) pop_to(saved);
    }

    /// Forget locals declared at the top level (before a field that must not see them).
    constexpr void reset_scope() { pop_to(0); }

    constexpr const error& err() const { return err_; }
    constexpr std::uint32_t slot_count() const { return n_slots_; }

private:
    node* n_;
    type_t* slots_;
    std::uint32_t slot_cap_;
    std::uint32_t n_slots_ = 0;
    std::string_view src_{};
    const context* ctx_ = nullptr;
    local_decl scope_[max_scope_entries]{};
    std::uint32_t n_scope_ = 0;
    std::uint32_t depth_ = 0;
    std::uint32_t loop_depth_ = 0;
    std::uint32_t each_depth_ = 0;  // for_each_synapse bodies around the current node
    bool plain_store_ = false;  // resolving the target of a plain '=' (reduction targets allowed)
    error err_{};

    constexpr std::string_view text(const node& x) const { return src_.substr(x.pos, x.len); }
    constexpr void fail(error_kind k, const node& at, std::uint8_t expected = 0) {
        if (!err_) err_ = error{k, at.field, at.pos, at.len, {}, expected};
    }
    constexpr void pop_to(std::uint32_t depth) {
        while (n_scope_ > 0 && scope_[n_scope_ - 1].depth > depth) --n_scope_;
        depth_ = depth;
    }

    // ---- statements ------------------------------------------------------------------
    /// Returns whether the list contains a break/continue that leaves it.
    constexpr bool stmt_list(std::int32_t first) {
        bool jump = false;
        for (std::int32_t s = first; s >= 0 && !err_; s = n_[s].next) jump |= stmt(s);
        return jump;
    }

    constexpr bool stmt(std::int32_t s) {
        node& x = n_[s];
        bool jump = false;
        switch (x.kind) {
            case nk::empty: break;
            case nk::expr_stmt: expr(x.a); break;
            case nk::decl_group:
                for (std::int32_t d = x.a; d >= 0 && !err_; d = n_[d].next) declare(d);
                break;
            case nk::block: {
                std::uint32_t saved = depth_;
                ++depth_;
                jump = stmt_list(x.a);
                pop_to(saved);
                break;
            }
            case nk::if_: {
                condition(x.a);
                jump = scoped_stmt(x.b);
                if (x.c >= 0) jump |= scoped_stmt(x.c);
                break;
            }
            case nk::while_: case nk::do_while: {
                std::int32_t cond = x.kind == nk::while_ ? x.a : x.b;
                std::int32_t body = x.kind == nk::while_ ? x.b : x.a;
                if (x.kind == nk::while_) condition(cond);
                ++loop_depth_;
                scoped_stmt(body);
                --loop_depth_;
                if (x.kind == nk::do_while) condition(cond);
                break;
            }
            case nk::for_: {
                std::uint32_t saved = depth_;
                ++depth_;
                if (x.a >= 0) stmt(x.a);
                if (x.b >= 0) condition(x.b);
                if (x.c >= 0) expr(x.c);
                ++loop_depth_;
                scoped_stmt(x.d);
                --loop_depth_;
                pop_to(saved);
                break;
            }
            case nk::for_each_synapse: {
                // a loop the environment drives; offered by contexts that list it as a
                // function (toeplitz connectivity)
                std::int32_t k = find_function(text(x));
                if (k < 0) { fail(error_kind::function_not_in_context, x); break; }
                x.ref = ref_kind::context_fn;
                x.ref_index = k;
                ++loop_depth_;
                ++each_depth_;
                scoped_stmt(x.a);
                --each_depth_;
                --loop_depth_;
                break;
            }
            case nk::break_:
                if (loop_depth_ == 0) fail(error_kind::break_outside_loop, x);
                jump = true;
                break;
            case nk::continue_:
                if (loop_depth_ == 0) fail(error_kind::continue_outside_loop, x);
                jump = true;
                break;
            default: expr(s); break;
        }
        x.has_jump = jump;
        return jump;
    }

    /// A sub-statement gets its own scope, as in C (`if (c) scalar x = 1;`).
    constexpr bool scoped_stmt(std::int32_t s) {
        std::uint32_t saved = depth_;
        ++depth_;
        bool j = stmt(s);
        pop_to(saved);
        return j;
    }

    constexpr void declare(std::int32_t d) {
        node& x = n_[d];
        if (x.type.is_void()) { fail(error_kind::unknown_type, x); return; }
        // No pointer locals (docs/code-string-language.md): nothing may initialise one (see
        // assignable()), so `scalar* p; p[0] = 1;` would pass and then write through an
        // uninitialised pointer at run time (a defect found while fuzzing; see
        // tests/unit/test_dsl_fuzz_regressions.cpp).
        if (x.type.pointer) {
            fail(error_kind::unknown_type, x);
            err_.detail = pointer_type_names[std::size_t(x.type.base)];
            return;
        }
        if (x.a >= 0) {  // the initialiser is checked before the name comes into scope
            type_t it = expr(x.a);
            if (!err_ && !assignable(x.type, it)) fail(error_kind::invalid_operand, n_[x.a]);
        }
        std::string_view name = text(x);
        for (std::uint32_t k = n_scope_; k > 0; --k) {
            const local_decl& l = scope_[k - 1];
            if (l.depth < depth_) break;
            if (l.name == name) { fail(error_kind::redeclaration, x); return; }
        }
        if (n_scope_ >= max_scope_entries || n_slots_ >= slot_cap_) { fail(error_kind::too_complex, x); return; }
        std::int32_t slot = std::int32_t(n_slots_++);
        slots_[slot] = x.type;
        scope_[n_scope_++] = local_decl{name, slot, depth_, x.type};
        x.ref = ref_kind::local;
        x.ref_index = slot;
    }

    constexpr void condition(std::int32_t e) {
        type_t t = expr(e);
        if (!err_ && !t.is_arithmetic() && !t.pointer) fail(error_kind::invalid_operand, n_[e]);
    }

    static constexpr bool assignable(type_t to, type_t from) {
        if (to.pointer || from.pointer) return false;  // no pointer locals or copies
        return from.is_arithmetic();
    }

    // ---- names -------------------------------------------------------------------------
    constexpr const local_decl* find_local(std::string_view name) const {
        for (std::uint32_t k = n_scope_; k > 0; --k)
            if (scope_[k - 1].name == name) return &scope_[k - 1];
        return nullptr;
    }
    constexpr std::int32_t find_symbol(std::string_view name) const {
        for (std::uint32_t k = 0; k < ctx_->n_symbols; ++k)
            if (ctx_->symbols[k].name == name) return std::int32_t(k);
        return -1;
    }
    constexpr std::int32_t find_function(std::string_view name) const {
        for (std::uint32_t k = 0; k < ctx_->n_functions; ++k)
            if (ctx_->functions[k].name == name) return std::int32_t(k);
        return -1;
    }
    /// Where `name` is first declared in this field, or npos: an unresolved use of a
    /// declared name comes before its declaration, or after the block that declares it.
    constexpr std::size_t declaration_pos(std::string_view name) const {
        for (std::uint32_t pos = 0; pos < src_.size();) {
            std::size_t at = find_word(src_, name, pos);
            if (at == std::string_view::npos) return at;
            bool left_ok = at == 0 || !(is_word(src_[at - 1]));
            std::size_t end = at + name.size();
            bool right_ok = end >= src_.size() || !is_word(src_[end]);
            if (left_ok && right_ok && preceded_by_type(at)) return at;
            pos = std::uint32_t(at + 1);
        }
        return std::string_view::npos;
    }
    /// src.find(name, pos), written out: libstdc++'s find tests a pointer into the
    /// (constant) source against null, which g++ 12 cannot evaluate in a constant
    /// expression under -fsanitize=undefined (found by scripts/sanitize.sh).
    static constexpr std::size_t find_word(std::string_view src, std::string_view name, std::size_t pos) {
        for (std::size_t i = pos; i + name.size() <= src.size(); ++i) {
            std::size_t k = 0;
            while (k < name.size() && src[i + k] == name[k]) ++k;
            if (k == name.size()) return i;
        }
        return std::string_view::npos;
    }
    static constexpr bool is_word(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    constexpr bool preceded_by_type(std::size_t at) const {
        std::size_t i = at;
        while (i > 0 && (src_[i - 1] == ' ' || src_[i - 1] == '\t' || src_[i - 1] == '\n' || src_[i - 1] == '\r')) --i;
        std::size_t e = i;
        while (i > 0 && is_word(src_[i - 1])) --i;
        std::string_view w = src_.substr(i, e - i);
        return !parse_type_name(w).is_void();
    }

    constexpr type_t name(node& x) {
        std::string_view nm = text(x);
        if (const local_decl* l = find_local(nm)) {
            x.ref = ref_kind::local;
            x.ref_index = l->slot;
            return x.type = l->type;
        }
        std::int32_t s = find_symbol(nm);
        if (s >= 0) {
            x.ref = ref_kind::symbol;
            x.ref_index = s;
            if (ctx_->symbols[s].in_loop && each_depth_ == 0) { fail(error_kind::outside_for_each_synapse, x); return t_void; }
            if (ctx_->symbols[s].reduction && !plain_store_) fail(error_kind::read_of_reduction_target, x);
            return x.type = ctx_->symbols[s].type;
        }
        std::size_t decl = declaration_pos(nm);
        fail(decl == std::string_view::npos ? error_kind::unknown_name
             : decl < x.pos                 ? error_kind::used_outside_scope
                                            : error_kind::used_before_declaration, x);
        return t_void;
    }

    /// Assignment target: a name or an element of an extra global parameter array.
    constexpr type_t lvalue(std::int32_t e) {
        node& x = n_[e];
        bool element = x.kind == nk::index;
        type_t t = expr(e);
        if (err_) return t;
        node& base = element ? n_[x.a] : x;
        if (base.ref == ref_kind::local) {
            if (base.type.constant) fail(error_kind::assign_to_constant, base);
            return t;
        }
        const symbol& s = ctx_->symbols[base.ref_index];
        if (element && s.kind != sym_kind::extra_global_param) {
            fail(error_kind::assign_to_delayed_read, base);  // x[d] of a delayable symbol
            return t;
        }
        if (s.kind == sym_kind::extra_global_param) {
            if (!element) fail(error_kind::assign_to_extra_global_parameter, base);
            else if (!s.writable) fail(error_kind::assign_to_extra_global_parameter, base);
            return t;
        }
        if (!s.writable) {
            switch (s.kind) {
                case sym_kind::param: fail(error_kind::assign_to_parameter, base); break;
                case sym_kind::derived_param: fail(error_kind::assign_to_derived_parameter, base); break;
                case sym_kind::var: fail(error_kind::assign_to_read_only_variable, base); break;
                default: fail(error_kind::assign_to_builtin, base); break;
            }
        }
        return t;
    }

    // ---- expressions -----------------------------------------------------------------
    constexpr type_t expr(std::int32_t e) {
        if (err_ || e < 0) return t_void;
        node& x = n_[e];
        switch (x.kind) {
            case nk::int_literal: case nk::float_literal: case nk::bool_literal: return x.type;
            case nk::name: return name(x);
            case nk::unary: {
                type_t t = expr(x.a);
                if (err_) return t;
                if (!t.is_arithmetic()) { fail(error_kind::invalid_operand, x); return t; }
                if (x.op == tk::bang) return x.type = t_bool;
                if (x.op == tk::tilde && !t.is_integral()) { fail(error_kind::integer_operator_on_floating, x); return t; }
                return x.type = common_type(t, t);
            }
            case nk::pre_inc: case nk::post_inc: {
                type_t t = lvalue(x.a);
                if (!err_ && !t.is_arithmetic()) fail(error_kind::invalid_operand, x);
                return x.type = t;
            }
            case nk::binary: {
                type_t a = expr(x.a);
                type_t b = expr(x.b);
                if (err_) return t_void;
                if (!a.is_arithmetic() || !b.is_arithmetic()) { fail(error_kind::invalid_operand, x); return t_void; }
                if (integer_only(x.op) && (!a.is_integral() || !b.is_integral())) {
                    fail(error_kind::integer_operator_on_floating, x);
                    return t_void;
                }
                switch (x.op) {
                    case tk::less: case tk::greater: case tk::less_equal: case tk::greater_equal:
                    case tk::equal: case tk::not_equal: case tk::amp_amp: case tk::pipe_pipe:
                        return x.type = t_bool;
                    case tk::shl: case tk::shr: return x.type = common_type(a, a);
                    default: return x.type = common_type(a, b);
                }
            }
            case nk::assign: {
                plain_store_ = x.op == tk::assign && n_[x.a].kind == nk::name;
                type_t a = lvalue(x.a);
                plain_store_ = false;
                type_t b = expr(x.b);
                if (err_) return t_void;
                if (!a.is_arithmetic() || !b.is_arithmetic()) { fail(error_kind::invalid_operand, x); return t_void; }
                tk base = compound_base(x.op);
                if (integer_only(base) && (!a.is_integral() || !b.is_integral()))
                    fail(error_kind::integer_operator_on_floating, x);
                return x.type = a;
            }
            case nk::ternary: {
                condition(x.a);
                type_t a = expr(x.b);
                type_t b = expr(x.c);
                if (err_) return t_void;
                if (!a.is_arithmetic() || !b.is_arithmetic()) { fail(error_kind::invalid_operand, x); return t_void; }
                type_t r = (a.base == b.base) ? a : common_type(a, b);
                r.constant = false;
                return x.type = r;
            }
            case nk::cast: {
                type_t t = expr(x.a);
                if (!err_ && (!t.is_arithmetic() || x.type.pointer)) fail(error_kind::invalid_operand, x);
                x.type.constant = false;
                return x.type;
            }
            case nk::index: {
                node& base = n_[x.a];
                type_t bt = expr(x.a);
                if (err_) return t_void;
                // `x[d]` of a delayable symbol (a postsynaptic variable in synaptic code):
                // its value d steps ago, read-only
                const bool delayed = base.kind == nk::name && !bt.pointer && base.ref == ref_kind::symbol &&
                                     ctx_->symbols[base.ref_index].delayable;
                if (!delayed && (base.kind != nk::name || !bt.pointer)) { fail(error_kind::not_an_array, base); return t_void; }
                type_t it = expr(x.b);
                if (!err_ && !it.is_integral()) fail(error_kind::non_integer_index, n_[x.b]);
                type_t r = bt;
                r.pointer = false;
                return x.type = r;
            }
            case nk::call: return call(x);
            default: fail(error_kind::unexpected_token, x); return t_void;
        }
    }

    constexpr type_t call(node& x) {
        std::string_view nm = text(x);
        std::uint32_t argc = 0;
        type_t args[4]{};
        for (std::int32_t a = x.a; a >= 0 && !err_; a = n_[a].next) {
            type_t t = expr(a);
            if (argc < 4) args[argc] = t;
            ++argc;
            if (!err_ && !t.is_arithmetic()) fail(error_kind::invalid_operand, n_[a]);
        }
        if (err_) return t_void;
        auto arity = [&](std::uint8_t expected) {
            if (argc != expected) { fail(error_kind::wrong_argument_count, x, expected); return false; }
            return true;
        };
        // a local or symbol of the same name hides a function
        if (find_local(nm) || find_symbol(nm) >= 0) { fail(error_kind::not_a_function, x); return t_void; }
        for (std::uint32_t k = 0; k < ctx_->n_functions; ++k) {
            const context_function& f = ctx_->functions[k];
            if (f.name == nm) {
                std::uint8_t most = f.max_arity > f.arity ? f.max_arity : f.arity;
                if (argc < f.arity || argc > most) {
                    fail(error_kind::wrong_argument_count, x, argc < f.arity ? f.arity : most);
                    return t_void;
                }
                if (f.in_loop && each_depth_ == 0) { fail(error_kind::outside_for_each_synapse, x); return t_void; }
                x.ref = ref_kind::context_fn;
                x.ref_index = std::int32_t(k);
                return x.type = f.result;
            }
        }
        for (std::uint32_t k = 0; k < sizeof(rng_functions) / sizeof(rng_functions[0]); ++k) {
            if (rng_functions[k].name == nm) {
                if (!arity(rng_functions[k].arity)) return t_void;
                x.ref = ref_kind::rng;
                x.ref_index = std::int32_t(rng_functions[k].fn);
                return x.type = rng_functions[k].result;
            }
        }
        for (std::uint32_t k = 0; k < sizeof(math_functions) / sizeof(math_functions[0]); ++k) {
            const math_entry& m = math_functions[k];
            if (m.name != nm) continue;
            if (!arity(m.arity)) return t_void;
            x.ref = ref_kind::math;
            x.ref_index = std::int32_t(k);
            type_t r = args[0];
            for (std::uint32_t i = 1; i < argc; ++i) r = common_type(r, args[i]);
            switch (m.family) {
                case math_family::floating:
                    if (!r.is_floating()) r = t_double;
                    break;
                case math_family::generic: r = common_type(r, r); break;
                case math_family::mixed:
                    if (nm == "ilogb") r = t_int;
                    else r = args[0].is_floating() ? args[0] : t_double;
                    break;
            }
            r.constant = false;
            return x.type = r;
        }
        for (std::string_view f : all_context_functions)
            if (f == nm) { fail(error_kind::function_not_in_context, x); return t_void; }
        fail(error_kind::unknown_function, x);
        return t_void;
    }
};

}  // namespace cortexpr::dsl
