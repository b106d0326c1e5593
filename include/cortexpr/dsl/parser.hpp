// Recursive-descent parser with C precedence: tokens -> flat AST.
//
// Children by node kind:
//   unary/cast: a = operand        binary: a op b       assign: a op= b
//   pre_inc/post_inc: a            ternary: a ? b : c   index: a[b]
//   call: a = first argument (linked through `next`), name in pos/len
//   expr_stmt: a                   decl: name in pos/len, a = initialiser or -1
//   decl_group/block: a = first statement (linked through `next`)
//   if_: a cond, b then, c else    while_: a cond, b body   do_while: a body, b cond
//   for_: a init, b cond, c step, d body (each may be -1)
//   for_each_synapse: a body
#pragma once
#include <cstdint>
#include <string_view>

#include "ast.hpp"
#include "errors.hpp"

namespace cortexpr::dsl {

class parser {
public:
    constexpr parser(const token* toks, node* nodes, std::uint32_t node_cap)
        : t_(toks), n_(nodes), cap_(node_cap) {}

    /// Parses statements up to the end token; returns the block node.
    constexpr std::int32_t parse_statements(std::uint32_t first_token) {
        i_ = first_token;
        std::int32_t blk = make(nk::block, cur());
        std::int32_t head = -1, tail = -1;
        while (!err_ && cur().kind != tk::end) {
            if (cur().kind == tk::rbrace) { fail(error_kind::unexpected_token, cur()); break; }
            std::int32_t s = statement();
            link(head, tail, s);
        }
        if (!err_) n_[blk].a = head;
        return blk;
    }

    /// Parses one expression up to the end token (a threshold condition).
    constexpr std::int32_t parse_expression(std::uint32_t first_token) {
        i_ = first_token;
        if (cur().kind == tk::end) { fail(error_kind::expected_expression, cur()); return -1; }
        std::int32_t e = expression();
        if (!err_ && cur().kind == tk::semicolon) advance();  // tolerate "V >= Vthresh;"
        if (!err_ && cur().kind != tk::end) unexpected(cur());
        return e;
    }

    constexpr const error& err() const { return err_; }
    constexpr std::uint32_t node_count() const { return count_; }
    constexpr void set_node_count(std::uint32_t c) { count_ = c; }
    constexpr std::uint32_t token_index() const { return i_; }

private:
    const token* t_;
    node* n_;
    std::uint32_t cap_;
    std::uint32_t count_ = 0;
    std::uint32_t i_ = 0;
    std::uint32_t depth_ = 0;
    error err_{};

    constexpr const token& cur() const { return t_[i_]; }
    constexpr const token& peek(std::uint32_t k = 1) const {
        std::uint32_t j = i_;
        for (std::uint32_t s = 0; s < k && t_[j].kind != tk::end; ++s) ++j;
        return t_[j];
    }
    constexpr const token& advance() { const token& t = t_[i_]; if (t.kind != tk::end) ++i_; return t; }
    constexpr bool accept(tk k) { if (cur().kind == k) { advance(); return true; } return false; }

    constexpr void fail(error_kind k, const token& at, std::uint8_t expected = 0) {
        if (err_) return;
        err_ = error{k, at.field, at.pos, at.len, {}, expected};
        if (at.kind == tk::end) err_.detail = "end of code";
    }
    constexpr void unexpected(const token& t) {
        if (t.kind == tk::end) fail(error_kind::unexpected_token, t);
        else if (t.kind >= tk::kw_switch && t.kind <= tk::kw_typedef) fail(error_kind::unsupported_keyword, t);
        else fail(error_kind::unexpected_token, t);
    }
    constexpr void expect(tk k) {
        if (err_) return;
        if (cur().kind == k) { advance(); return; }
        fail(error_kind::expected_token, cur(), std::uint8_t(k));
    }
    /// A closing bracket: if the code ends or the statement ends first, the opening one
    /// is unbalanced -- report it at the opener, which is where the user must look.
    constexpr void close(tk k, const token& opener) {
        if (err_) return;
        if (cur().kind == k) { advance(); return; }
        tk c = cur().kind;
        if (c == tk::end || c == tk::semicolon || c == tk::rbrace || c == tk::rparen ||
            c == tk::rbracket || c == tk::lbrace)
            fail(error_kind::unbalanced, opener);
        else
            fail(error_kind::expected_token, cur(), std::uint8_t(k));
    }

    /// Nesting budget. Compilers stop constant evaluation at a call depth of 512 (g++) or
    /// about 256 (nvcc's EDG front end), and one level of nesting takes several parser
    /// frames: a statement 2 (more on EDG), an expression between parentheses about 8. Each
    /// recursive entry point pays for the frames it stands for -- statement 3, assignment
    /// 3, unary 2 -- so deep code is reported as too_complex before either compiler gives
    /// up (about 19 levels of parentheses, 33 of nested statements).
    static constexpr std::uint32_t max_depth = 100;
    constexpr bool enter(std::uint32_t cost) {
        depth_ += cost;
        if (depth_ > max_depth) { fail(error_kind::too_complex, cur()); return false; }
        return true;
    }

    constexpr std::int32_t make(nk kind, const token& at) {
        if (count_ >= cap_) { fail(error_kind::too_complex, at); return 0; }
        std::int32_t id = std::int32_t(count_++);
        n_[id] = node{};
        n_[id].kind = kind;
        n_[id].field = at.field;
        n_[id].pos = at.pos;
        n_[id].len = at.len;
        return id;
    }
    constexpr void link(std::int32_t& head, std::int32_t& tail, std::int32_t s) {
        if (err_ || s < 0) return;
        if (head < 0) head = s; else n_[tail].next = s;
        tail = s;
        while (n_[tail].next >= 0) tail = n_[tail].next;
    }

    // ---- types ---------------------------------------------------------------
    constexpr bool at_type() const {
        return cur().kind == tk::kw_type || (cur().kind == tk::kw_const && peek().kind == tk::kw_type);
    }
    /// Combines type words ("unsigned long long", "const scalar") into one type.
    constexpr type_t type_spec() {
        type_t t{};
        bool is_const = false, is_unsigned = false, any = false, bad = false;
        int longs = 0;
        base_type base = base_type::void_;
        token span = cur();  // all the type words: "unknown type 'unsigned float'"
        while (cur().kind == tk::kw_type || cur().kind == tk::kw_const) {
            const token& w = advance();
            span.len = w.pos + w.len - span.pos;
            if (w.kind == tk::kw_const) { is_const = true; continue; }
            any = true;
            std::uint32_t len = w.len;
            if (w.type.base == base_type::void_) {  // signed / unsigned
                if (len == 8) is_unsigned = true;  // "signed" changes nothing
            } else if (w.type.base == base_type::int64 && len == 4) {
                ++longs;
            } else if (w.type.base == base_type::int32 && len == 3 && (longs || base == base_type::int16)) {
                // "long int", "short int": int is implied
            } else {
                if (base != base_type::void_) bad = true;  // "int float"
                base = w.type.base;
            }
        }
        if (!any) { fail(error_kind::unknown_type, cur()); return t; }
        if (longs) {  // "long", "long long", "long int"; not "long double", "short long"
            if ((base != base_type::void_ && base != base_type::int32) || longs > 2) bad = true;
            base = base_type::int64;
        }
        if (base == base_type::void_) base = base_type::int32;  // plain "unsigned"
        if (is_unsigned) {
            switch (base) {
                case base_type::int8: base = base_type::uint8; break;
                case base_type::int16: base = base_type::uint16; break;
                case base_type::int32: base = base_type::uint32; break;
                case base_type::int64: base = base_type::uint64; break;
                default: bad = true; break;  // "unsigned float"
            }
        }
        if (bad) fail(error_kind::unknown_type, span);
        t.base = base;
        if (accept(tk::star)) t.pointer = true;
        t.constant = is_const;
        return t;
    }

    // ---- statements ----------------------------------------------------------
    constexpr std::int32_t statement() {
        if (err_ || !enter(3)) return -1;
        std::int32_t s = statement_inner();
        depth_ -= 3;
        return s;
    }

    constexpr std::int32_t statement_inner() {
        const token& t = cur();
        switch (t.kind) {
            case tk::lbrace: {
                advance();
                std::int32_t blk = make(nk::block, t);
                std::int32_t head = -1, tail = -1;
                while (!err_ && cur().kind != tk::rbrace) {
                    if (cur().kind == tk::end) { fail(error_kind::unbalanced, t); return -1; }
                    link(head, tail, statement());
                }
                advance();
                if (!err_) n_[blk].a = head;
                return blk;
            }
            case tk::semicolon: advance(); return make(nk::empty, t);
            case tk::kw_if: {
                advance();
                std::int32_t s = make(nk::if_, t);
                const token& open = cur();
                expect(tk::lparen);
                std::int32_t c = expression();
                close(tk::rparen, open);
                std::int32_t th = statement();
                std::int32_t el = -1;
                if (!err_ && accept(tk::kw_else)) el = statement();
                if (err_) return -1;
                n_[s].a = c; n_[s].b = th; n_[s].c = el;
                return s;
            }
            case tk::kw_while: {
                advance();
                std::int32_t s = make(nk::while_, t);
                const token& open = cur();
                expect(tk::lparen);
                std::int32_t c = expression();
                close(tk::rparen, open);
                std::int32_t body = statement();
                if (err_) return -1;
                n_[s].a = c; n_[s].b = body;
                return s;
            }
            case tk::kw_do: {
                advance();
                std::int32_t s = make(nk::do_while, t);
                std::int32_t body = statement();
                expect(tk::kw_while);
                const token& open = cur();
                expect(tk::lparen);
                std::int32_t c = expression();
                close(tk::rparen, open);
                expect(tk::semicolon);
                if (err_) return -1;
                n_[s].a = body; n_[s].b = c;
                return s;
            }
            case tk::kw_for: {
                advance();
                std::int32_t s = make(nk::for_, t);
                const token& open = cur();
                expect(tk::lparen);
                std::int32_t init = -1, cond = -1, step = -1;
                if (err_) return -1;
                if (at_type()) init = declaration();
                else if (!accept(tk::semicolon)) {
                    const token& et = cur();
                    std::int32_t e = expression();
                    init = make(nk::expr_stmt, et);
                    if (!err_) n_[init].a = e;
                    expect(tk::semicolon);
                }
                if (!err_ && cur().kind != tk::semicolon) cond = expression();
                expect(tk::semicolon);
                if (!err_ && cur().kind != tk::rparen) step = expression();
                close(tk::rparen, open);
                std::int32_t body = statement();
                if (err_) return -1;
                n_[s].a = init; n_[s].b = cond; n_[s].c = step; n_[s].d = body;
                return s;
            }
            case tk::kw_for_each_synapse: {
                advance();
                std::int32_t s = make(nk::for_each_synapse, t);
                std::int32_t body = statement();
                if (err_) return -1;
                n_[s].a = body;
                return s;
            }
            case tk::kw_break: advance(); expect(tk::semicolon); return make(nk::break_, t);
            case tk::kw_continue: advance(); expect(tk::semicolon); return make(nk::continue_, t);
            case tk::kw_else: case tk::rparen: case tk::rbracket: case tk::rbrace:
            case tk::colon: case tk::comma: case tk::dot:
                unexpected(t); return -1;
            case tk::kw_switch: case tk::kw_case: case tk::kw_default: case tk::kw_return:
            case tk::kw_goto: case tk::kw_struct: case tk::kw_typedef:
                fail(error_kind::unsupported_keyword, t); return -1;
            default: break;
        }
        if (at_type()) return declaration();
        std::int32_t s = make(nk::expr_stmt, t);
        std::int32_t e = expression();
        if (!err_ && cur().kind != tk::semicolon) {
            // "a b" or "V = 1 V = 2": a missing ';' is the likely mistake
            fail(error_kind::expected_token, cur(), std::uint8_t(tk::semicolon));
            return -1;
        }
        advance();
        if (err_) return -1;
        n_[s].a = e;
        return s;
    }

    /// `[const] type name [= init] {, name [= init]} ;`
    constexpr std::int32_t declaration() {
        const token& start = cur();
        type_t type = type_spec();
        std::int32_t group = make(nk::decl_group, start);
        std::int32_t head = -1, tail = -1;
        do {
            if (err_) return -1;
            const token& name = cur();
            if (name.kind != tk::identifier) { fail(error_kind::expected_identifier, name); return -1; }
            advance();
            std::int32_t d = make(nk::decl, name);
            n_[d].type = type;
            if (accept(tk::assign)) n_[d].a = assignment();
            link(head, tail, d);
        } while (!err_ && accept(tk::comma));
        expect(tk::semicolon);
        if (err_) return -1;
        n_[group].a = head;
        return group;
    }

    // ---- expressions -----------------------------------------------------------
    constexpr std::int32_t expression() { return assignment(); }

    constexpr std::int32_t assignment() {
        if (err_ || !enter(3)) return -1;
        std::int32_t lhs = conditional();
        if (!err_ && is_assign_op(cur().kind)) {
            const token& op = advance();
            std::int32_t rhs = assignment();
            if (err_) return -1;
            nk lk = n_[lhs].kind;
            if (lk != nk::name && lk != nk::index) {
                fail(error_kind::not_assignable, op);
                return -1;
            }
            std::int32_t a = make(nk::assign, op);
            n_[a].op = op.kind; n_[a].a = lhs; n_[a].b = rhs;
            depth_ -= 3;
            return a;
        }
        depth_ -= 3;
        return lhs;
    }

    constexpr std::int32_t conditional() {
        std::int32_t c = binary(1);
        if (!err_ && cur().kind == tk::question) {
            const token& q = advance();
            std::int32_t x = expression();
            expect(tk::colon);
            std::int32_t y = conditional();
            if (err_) return -1;
            std::int32_t t = make(nk::ternary, q);
            n_[t].a = c; n_[t].b = x; n_[t].c = y;
            return t;
        }
        return c;
    }

    static constexpr int precedence(tk k) {
        switch (k) {
            case tk::pipe_pipe: return 1;
            case tk::amp_amp: return 2;
            case tk::pipe: return 3;
            case tk::caret: return 4;
            case tk::amp: return 5;
            case tk::equal: case tk::not_equal: return 6;
            case tk::less: case tk::greater: case tk::less_equal: case tk::greater_equal: return 7;
            case tk::shl: case tk::shr: return 8;
            case tk::plus: case tk::minus: return 9;
            case tk::star: case tk::slash: case tk::percent: return 10;
            default: return 0;
        }
    }

    /// Precedence climbing over the left-associative binary operators.
    constexpr std::int32_t binary(int min_prec) {
        std::int32_t lhs = unary();
        while (!err_) {
            int p = precedence(cur().kind);
            if (p == 0 || p < min_prec) break;
            const token& op = advance();
            std::int32_t rhs = binary(p + 1);
            if (err_) return -1;
            std::int32_t b = make(nk::binary, op);
            n_[b].op = op.kind; n_[b].a = lhs; n_[b].b = rhs;
            lhs = b;
        }
        return lhs;
    }

    constexpr std::int32_t unary() {
        if (err_ || !enter(2)) return -1;
        std::int32_t r = unary_inner();
        depth_ -= 2;
        return r;
    }

    constexpr std::int32_t unary_inner() {
        const token& t = cur();
        switch (t.kind) {
            case tk::plus: case tk::minus: case tk::bang: case tk::tilde: {
                advance();
                std::int32_t e = unary();
                if (err_) return -1;
                std::int32_t u = make(nk::unary, t);
                n_[u].op = t.kind; n_[u].a = e;
                return u;
            }
            case tk::plus_plus: case tk::minus_minus: {
                advance();
                std::int32_t e = unary();
                if (err_) return -1;
                if (n_[e].kind != nk::name && n_[e].kind != nk::index) { fail(error_kind::not_assignable, t); return -1; }
                std::int32_t u = make(nk::pre_inc, t);
                n_[u].op = t.kind; n_[u].a = e;
                return u;
            }
            case tk::lparen:
                if (peek().kind == tk::kw_type || (peek().kind == tk::kw_const)) {
                    advance();
                    type_t type = type_spec();
                    close(tk::rparen, t);
                    std::int32_t e = unary();
                    if (err_) return -1;
                    std::int32_t c = make(nk::cast, t);
                    n_[c].type = type; n_[c].a = e;
                    return c;
                }
                break;
            default: break;
        }
        return postfix();
    }

    constexpr std::int32_t postfix() {
        std::int32_t e = primary();
        while (!err_) {
            const token& t = cur();
            if (t.kind == tk::lbracket) {
                advance();
                std::int32_t idx = expression();
                close(tk::rbracket, t);
                if (err_) return -1;
                std::int32_t x = make(nk::index, t);
                n_[x].a = e; n_[x].b = idx;
                n_[x].pos = n_[e].pos; n_[x].len = n_[e].len;
                e = x;
            } else if (t.kind == tk::plus_plus || t.kind == tk::minus_minus) {
                advance();
                if (n_[e].kind != nk::name && n_[e].kind != nk::index) { fail(error_kind::not_assignable, t); return -1; }
                std::int32_t x = make(nk::post_inc, t);
                n_[x].op = t.kind; n_[x].a = e;
                e = x;
            } else if (t.kind == tk::lparen) {
                if (n_[e].kind != nk::name) { fail(error_kind::not_a_function, t); return -1; }
                advance();
                std::int32_t head = -1, tail = -1;
                if (cur().kind != tk::rparen) {
                    do { link(head, tail, assignment()); } while (!err_ && accept(tk::comma));
                }
                close(tk::rparen, t);
                if (err_) return -1;
                n_[e].kind = nk::call;
                n_[e].a = head;
            } else {
                break;
            }
        }
        return e;
    }

    constexpr std::int32_t primary() {
        const token& t = cur();
        switch (t.kind) {
            case tk::int_literal: {
                advance();
                std::int32_t e = make(nk::int_literal, t);
                n_[e].ival = t.ival; n_[e].type = t.type;
                return e;
            }
            case tk::float_literal: {
                advance();
                std::int32_t e = make(nk::float_literal, t);
                n_[e].fval = t.fval; n_[e].type = t.type;
                return e;
            }
            case tk::kw_true: case tk::kw_false: {
                advance();
                std::int32_t e = make(nk::bool_literal, t);
                n_[e].ival = t.kind == tk::kw_true; n_[e].type = t_bool;
                return e;
            }
            case tk::identifier: advance(); return make(nk::name, t);
            case tk::lparen: {
                advance();
                std::int32_t e = expression();
                close(tk::rparen, t);
                return err_ ? -1 : e;
            }
            case tk::end: case tk::semicolon: case tk::rparen: case tk::rbrace: case tk::rbracket:
            case tk::comma: case tk::colon:
                fail(error_kind::expected_expression, t);
                return -1;
            default:
                unexpected(t);
                return -1;
        }
    }
};

}  // namespace cortexpr::dsl
