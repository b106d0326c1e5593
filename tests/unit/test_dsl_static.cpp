// The constexpr pipeline itself, checked inside the compiler (CTRE style): the lexer's
// tokens and literal values, the parser's tree shapes and precedence, dsl::is_valid, the
// error record (kind, line, column, name) of every error kind, and the formatted message
// -- the last one also at run time with std::vector storage, to show that the very same
// constexpr functions give the very same text there.
//
// Define CATCH_CONFIG_RUNTIME_STATIC_REQUIRE to turn the STATIC_REQUIREs into run-time
// checks while debugging.
#include <catch2/catch.hpp>

// Under nvcc with --expt-relaxed-constexpr the constexpr helpers below are host-device,
// so the lexer's long double fallback (decimal_to_double) is also compiled for the device
// pass, with a warning; nothing here runs on a device.
#if defined(__NVCC__)
#  pragma nv_diag_suppress 20208
#endif

#include <code_env.hpp>

#include <cortexpr/dsl/compile.hpp>
#include <cortexpr/dsl/program.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsl = cortexpr::dsl;
using cortexpr::fixed_string;
using cortexpr::testing::code_unit;
using dsl::error_kind;
using dsl::tk;

namespace {

// A LIF-like context: parameters, derived parameters, arrays, state, built-ins.
constexpr dsl::symbol syms[] = {
    {"C", dsl::sym_kind::param, dsl::t_scalar},
    {"TauM", dsl::sym_kind::param, dsl::t_scalar},
    {"Vrest", dsl::sym_kind::param, dsl::t_scalar},
    {"Vthresh", dsl::sym_kind::param, dsl::t_scalar},
    {"ExpTC", dsl::sym_kind::derived_param, dsl::t_scalar},
    {"spikeTimes", dsl::sym_kind::extra_global_param, dsl::pointer_to(dsl::t_scalar), true},
    {"table", dsl::sym_kind::extra_global_param, dsl::pointer_to(dsl::t_int), false},
    {"V", dsl::sym_kind::var, dsl::t_scalar, true},
    {"RefracTime", dsl::sym_kind::var, dsl::t_scalar, true},
    {"n", dsl::sym_kind::var, dsl::t_int, true},
    {"g", dsl::sym_kind::var, dsl::t_scalar, false},
    {"t", dsl::sym_kind::builtin, dsl::t_time},
    {"dt", dsl::sym_kind::builtin, dsl::t_time},
    {"id", dsl::sym_kind::builtin, dsl::t_uint},
    {"Isyn", dsl::sym_kind::builtin, dsl::t_scalar},
};
constexpr dsl::context_function fns[] = {{"addToPost", 1}, {"addToPostDelay", 2}};
constexpr dsl::context ctx{"static", syms, fns};

template <fixed_string Code>
inline constexpr bool valid = dsl::is_valid<code_unit<Code, ctx>>;
template <fixed_string Code>
inline constexpr bool valid_expression = dsl::is_valid<code_unit<Code, ctx, true>>;

// ---- the lexer -----------------------------------------------------------------------------
template <std::size_t N>
struct lexed {
    dsl::token toks[N + 2]{};
    std::uint32_t n = 0;
    dsl::error err{};
};
template <fixed_string S>
constexpr lexed<S.size()> lex() {
    lexed<S.size()> r;
    r.n = dsl::lex(S.view(), 0, r.toks, S.size() + 2, r.err);
    return r;
}
/// The first token of S.
template <fixed_string S>
constexpr dsl::token tok() { return lex<S>().toks[0]; }

// ---- the parser: a tree printed as an S-expression ---------------------------------------------
template <std::size_t Cap>
struct printer {
    const dsl::node* ns;
    std::string_view src;
    dsl::text_buffer<Cap> out{};

    constexpr void list(std::int32_t i) {  // statements linked through `next`
        for (bool first = true; i >= 0; i = ns[i].next, first = false) {
            if (!first) out.put(' ');
            show(i);
        }
    }
    constexpr void opt(std::int32_t i) {
        out.put(' ');
        if (i < 0) out.put('_'); else show(i);
    }
    constexpr void type(dsl::type_t t) {
        if (t.constant) out.put("const ");
        out.put(dsl::type_name(t.base));
        if (t.pointer) out.put('*');
    }
    constexpr void show(std::int32_t i) {
        using dsl::nk;
        const dsl::node& x = ns[i];
        std::string_view text = src.substr(x.pos, x.len);
        switch (x.kind) {
            case nk::int_literal: case nk::float_literal: case nk::bool_literal: case nk::name:
                out.put(text); break;
            case nk::unary: out.put('('); out.put(dsl::spelling(x.op)); opt(x.a); out.put(')'); break;
            case nk::pre_inc: out.put("(pre"); out.put(dsl::spelling(x.op)); opt(x.a); out.put(')'); break;
            case nk::post_inc: out.put("(post"); out.put(dsl::spelling(x.op)); opt(x.a); out.put(')'); break;
            case nk::binary: case nk::assign:
                out.put('('); out.put(dsl::spelling(x.op)); opt(x.a); opt(x.b); out.put(')'); break;
            case nk::ternary: out.put("(?"); opt(x.a); opt(x.b); opt(x.c); out.put(')'); break;
            case nk::call:
                out.put("(call "); out.put(text);
                for (std::int32_t a = x.a; a >= 0; a = ns[a].next) opt(a);
                out.put(')');
                break;
            case nk::index: out.put("([]"); opt(x.a); opt(x.b); out.put(')'); break;
            case nk::cast: out.put("(cast "); type(x.type); opt(x.a); out.put(')'); break;
            case nk::expr_stmt: show(x.a); break;
            case nk::decl:
                out.put("(decl "); type(x.type); out.put(' '); out.put(text);
                if (x.a >= 0) opt(x.a);
                out.put(')');
                break;
            case nk::decl_group: list(x.a); break;
            case nk::block: out.put('{'); list(x.a); out.put('}'); break;
            case nk::if_: out.put("(if"); opt(x.a); opt(x.b); opt(x.c); out.put(')'); break;
            case nk::while_: out.put("(while"); opt(x.a); opt(x.b); out.put(')'); break;
            case nk::do_while: out.put("(do"); opt(x.a); opt(x.b); out.put(')'); break;
            case nk::for_: out.put("(for"); opt(x.a); opt(x.b); opt(x.c); opt(x.d); out.put(')'); break;
            case nk::break_: out.put("break"); break;
            case nk::continue_: out.put("continue"); break;
            case nk::empty: out.put(';'); break;
            default: out.put("<?>"); break;
        }
    }
};

/// The parse tree of S (an expression, or statements), or "error".
template <fixed_string S, bool Expression>
constexpr dsl::text_buffer<256> parse() {
    constexpr std::uint32_t cap = S.size() + 4;
    dsl::token toks[cap]{};
    dsl::node nodes[cap]{};
    dsl::error err{};
    dsl::lex(S.view(), 0, toks, cap, err);
    dsl::parser p(toks, nodes, cap);
    std::int32_t root = Expression ? p.parse_expression(0) : p.parse_statements(0);
    printer<256> pr{nodes, S.view()};
    if (err || p.err()) pr.out.put("error");
    else pr.show(root);
    return pr.out;
}
template <fixed_string S>
constexpr dsl::text_buffer<256> expr() { return parse<S, true>(); }
template <fixed_string S>
constexpr dsl::text_buffer<256> stmts() { return parse<S, false>(); }

// ---- errors ---------------------------------------------------------------------------------
/// What the whole pipeline reports for a code string: kind, line, column and the name.
struct report {
    error_kind kind;
    std::uint32_t line, col;
    std::string_view name;
    constexpr bool operator==(const report&) const = default;
};
template <fixed_string Code, bool Expression = false>
constexpr report error_of() {
    constexpr dsl::unit_source u = code_unit<Code, ctx, Expression>::source;
    dsl::token toks[dsl::token_capacity(u)]{};
    dsl::node nodes[dsl::node_capacity(u)]{};
    dsl::type_t slots[dsl::slot_capacity(u)]{};
    dsl::unit_stats st = dsl::compile(u, toks, dsl::token_capacity(u), nodes, dsl::node_capacity(u),
                                      slots, dsl::slot_capacity(u));
    dsl::line_col lc = dsl::locate(Code.view(), st.err.pos);
    std::string_view name = !st.err.detail.empty() ? st.err.detail : Code.view().substr(st.err.pos, st.err.len);
    return {st.err.kind, lc.line, lc.col, name};
}

/// The compile-time message of a code string, as program<> builds it for code_error<>.
template <fixed_string Code>
inline constexpr std::string_view message_of = dsl::program<code_unit<Code, ctx>>::message.view();

}  // namespace

// ===== lexer ======================================================================================

TEST_CASE("dsl static: token kinds", "[dsl][static][lexer]") {
    constexpr auto r = lex<"if (V >= 1.5f) { n <<= 2; } else V = -x;">();
    constexpr tk kinds[] = {tk::kw_if, tk::lparen, tk::identifier, tk::greater_equal, tk::float_literal,
                            tk::rparen, tk::lbrace, tk::identifier, tk::shl_assign, tk::int_literal,
                            tk::semicolon, tk::rbrace, tk::kw_else, tk::identifier, tk::assign,
                            tk::minus, tk::identifier, tk::semicolon, tk::end};
    STATIC_REQUIRE(!r.err);
    STATIC_REQUIRE(r.n == sizeof(kinds) / sizeof(kinds[0]));
    STATIC_REQUIRE([&] {
        for (std::uint32_t i = 0; i < r.n; ++i)
            if (r.toks[i].kind != kinds[i]) return false;
        return true;
    }());
    // positions and lengths: "n <<= 2" -- the operator is one token of three characters
    STATIC_REQUIRE(r.toks[8].pos == 19);
    STATIC_REQUIRE(r.toks[8].len == 3);
    STATIC_REQUIRE(r.toks[18].pos == 40);  // the end token sits at the end of the text
}

TEST_CASE("dsl static: punctuation is scanned longest-match first", "[dsl][static][lexer]") {
    // C 6.4p4 (maximal munch): "a+++b" is a ++ + b; ">>=" is one token
    constexpr auto r = lex<"a+++b>>=c<<d!=e&&f||g->h">();
    STATIC_REQUIRE(r.toks[1].kind == tk::plus_plus);
    STATIC_REQUIRE(r.toks[2].kind == tk::plus);
    STATIC_REQUIRE(r.toks[4].kind == tk::shr_assign);
    STATIC_REQUIRE(r.toks[6].kind == tk::shl);
    STATIC_REQUIRE(r.toks[8].kind == tk::not_equal);
    STATIC_REQUIRE(r.toks[10].kind == tk::amp_amp);
    STATIC_REQUIRE(r.toks[12].kind == tk::pipe_pipe);
    STATIC_REQUIRE(r.toks[14].kind == tk::minus);  // no ->: minus, greater
    STATIC_REQUIRE(r.toks[15].kind == tk::greater);
}

TEST_CASE("dsl static: keywords, type words and identifiers", "[dsl][static][lexer]") {
    STATIC_REQUIRE(tok<"while">().kind == tk::kw_while);
    STATIC_REQUIRE(tok<"true">().kind == tk::kw_true);
    STATIC_REQUIRE(tok<"switch">().kind == tk::kw_switch);
    STATIC_REQUIRE(tok<"scalar">().kind == tk::kw_type);
    STATIC_REQUIRE(tok<"scalar">().type.base == dsl::base_type::scalar);
    STATIC_REQUIRE(tok<"uint8_t">().type.base == dsl::base_type::uint8);
    STATIC_REQUIRE(tok<"unsigned">().type.base == dsl::base_type::void_);  // a modifier
    STATIC_REQUIRE(tok<"whilex">().kind == tk::identifier);
    STATIC_REQUIRE(tok<"_x1">().kind == tk::identifier);
    STATIC_REQUIRE(tok<"V_pre">().len == 5);
}

TEST_CASE("dsl static: integer literals", "[dsl][static][lexer]") {
    // C 6.4.4.1: the first type that fits -- decimal: int, long; hex: int, unsigned int,
    // long, unsigned long; u and l suffixes narrow the list
    STATIC_REQUIRE(tok<"42">().kind == tk::int_literal);
    STATIC_REQUIRE(tok<"42">().ival == 42);
    STATIC_REQUIRE(tok<"42">().type == dsl::t_int);
    STATIC_REQUIRE(tok<"2147483647">().type == dsl::t_int);
    STATIC_REQUIRE(tok<"2147483648">().type == dsl::t_int64);
    STATIC_REQUIRE(tok<"0x1F">().ival == 31);
    STATIC_REQUIRE(tok<"0XfF">().ival == 255);
    STATIC_REQUIRE(tok<"0x7FFFFFFF">().type == dsl::t_int);
    STATIC_REQUIRE(tok<"0x80000000">().type == dsl::t_uint);
    STATIC_REQUIRE(tok<"0xFFFFFFFF">().type == dsl::t_uint);
    STATIC_REQUIRE(tok<"0x100000000">().type == dsl::t_int64);
    STATIC_REQUIRE(tok<"0xFFFFFFFFFFFFFFFF">().type == dsl::t_uint64);
    STATIC_REQUIRE(tok<"0xFFFFFFFFFFFFFFFF">().ival == ~std::uint64_t(0));
    STATIC_REQUIRE(tok<"12u">().type == dsl::t_uint);
    STATIC_REQUIRE(tok<"12U">().ival == 12);
    STATIC_REQUIRE(tok<"12l">().type == dsl::t_int64);
    STATIC_REQUIRE(tok<"12UL">().type == dsl::t_uint64);
    STATIC_REQUIRE(tok<"0x1L">().type == dsl::t_int64);
    STATIC_REQUIRE(tok<"0x1u">().type == dsl::t_uint);
    STATIC_REQUIRE(tok<"0x8000000000000000">().type == dsl::t_uint64);  // does not fit long
    STATIC_REQUIRE(tok<"9223372036854775808">().type == dsl::t_uint64);  // g++: "so large that it is unsigned"
    STATIC_REQUIRE(tok<"4294967296u">().type == dsl::t_uint64);
    STATIC_REQUIRE(tok<"0">().ival == 0);
    STATIC_REQUIRE(tok<"0">().type == dsl::t_int);
    STATIC_REQUIRE(tok<"9223372036854775807">().ival == 9223372036854775807ull);
}

TEST_CASE("dsl static: floating literals", "[dsl][static][lexer]") {
    // C 6.4.4.2 with GeNN's types: unsuffixed -> scalar, f -> float, d -> double
    STATIC_REQUIRE(tok<"1.5">().kind == tk::float_literal);
    STATIC_REQUIRE(tok<"1.5">().type == dsl::t_scalar);
    STATIC_REQUIRE(tok<"1.5">().fval == 1.5);
    STATIC_REQUIRE(tok<"1.5f">().type == dsl::t_float);
    STATIC_REQUIRE(tok<"1.5F">().type == dsl::t_float);
    STATIC_REQUIRE(tok<"1.5d">().type == dsl::t_double);
    STATIC_REQUIRE(tok<"0.1">().fval == 0.1);  // correctly rounded
    STATIC_REQUIRE(tok<".5">().fval == 0.5);
    STATIC_REQUIRE(tok<"5.">().fval == 5.0);
    STATIC_REQUIRE(tok<"1e3">().kind == tk::float_literal);  // an exponent makes it floating
    STATIC_REQUIRE(tok<"1e3">().fval == 1000.0);
    STATIC_REQUIRE(tok<"2.5E-3">().fval == 2.5E-3);
    STATIC_REQUIRE(tok<"1e+2f">().fval == 100.0);
    STATIC_REQUIRE(tok<"1e+2f">().type == dsl::t_float);
    STATIC_REQUIRE(tok<"0.000001">().fval == 0.000001);
    STATIC_REQUIRE(tok<"123456.789e-3">().fval == 123456.789e-3);
    STATIC_REQUIRE(tok<"3.14159265358979">().fval == 3.14159265358979);
    STATIC_REQUIRE(tok<"1e-30">().fval == 1e-30);
}

TEST_CASE("dsl static: comments and whitespace", "[dsl][static][lexer]") {
    constexpr auto r = lex<"a /* x; // y */ b // c */ d\n\t e">();
    STATIC_REQUIRE(!r.err);
    STATIC_REQUIRE(r.n == 4);  // a b e end
    STATIC_REQUIRE(r.toks[1].pos == 16);
    STATIC_REQUIRE(r.toks[2].kind == tk::identifier);
    STATIC_REQUIRE(r.toks[2].pos == 30);
    STATIC_REQUIRE(lex<"/**/">().n == 1);
    STATIC_REQUIRE(lex<"// only a comment">().toks[0].kind == tk::end);
}

TEST_CASE("dsl static: scanning errors", "[dsl][static][lexer]") {
    STATIC_REQUIRE(lex<"1.2.3">().err.kind == error_kind::malformed_number);
    STATIC_REQUIRE(lex<"0x">().err.kind == error_kind::malformed_number);
    STATIC_REQUIRE(lex<"0x1p3">().err.kind == error_kind::malformed_number);  // no hex floats
    STATIC_REQUIRE(lex<"1e">().err.kind == error_kind::malformed_number);
    STATIC_REQUIRE(lex<"1e+">().err.kind == error_kind::malformed_number);
    STATIC_REQUIRE(lex<"12abc">().err.kind == error_kind::malformed_number);
    STATIC_REQUIRE(lex<"1.5u">().err.kind == error_kind::malformed_number);
    STATIC_REQUIRE(lex<"017">().err.kind == error_kind::malformed_number);  // no octal (GeNN)
    STATIC_REQUIRE(lex<"x = 007;">().err.pos == 4);
    STATIC_REQUIRE(lex<"a @ b">().err.kind == error_kind::unexpected_character);
    STATIC_REQUIRE(lex<"a @ b">().err.pos == 2);
    STATIC_REQUIRE(lex<"s = \"x\";">().err.kind == error_kind::unexpected_character);
    STATIC_REQUIRE(lex<"$(V)">().err.kind == error_kind::unexpected_character);
    STATIC_REQUIRE(lex<"a; /* open">().err.kind == error_kind::unterminated_comment);
    STATIC_REQUIRE(lex<"a; /* open">().err.pos == 3);
    STATIC_REQUIRE(lex<"a; /* open *">().err.kind == error_kind::unterminated_comment);
    // still fine: a zero, a float with leading zeros, zero point something
    STATIC_REQUIRE(!lex<"0 + 007.5 + 0.5 + 0e1">().err);
    STATIC_REQUIRE(lex<"0 + 007.5">().toks[2].fval == 7.5);
}

// ===== parser ======================================================================================

TEST_CASE("dsl static: precedence of binary operators", "[dsl][static][parser]") {
    // C's precedence table, from * / % down to ||
    STATIC_REQUIRE(expr<"a + b * c">().view() == "(+ a (* b c))");
    STATIC_REQUIRE(expr<"a * b + c">().view() == "(+ (* a b) c)");
    STATIC_REQUIRE(expr<"(a + b) * c">().view() == "(* (+ a b) c)");
    STATIC_REQUIRE(expr<"a % b * c">().view() == "(* (% a b) c)");
    STATIC_REQUIRE(expr<"a << b + c">().view() == "(<< a (+ b c))");
    STATIC_REQUIRE(expr<"a < b << c">().view() == "(< a (<< b c))");
    STATIC_REQUIRE(expr<"a == b < c">().view() == "(== a (< b c))");
    STATIC_REQUIRE(expr<"a & b == c">().view() == "(& a (== b c))");
    STATIC_REQUIRE(expr<"a | b ^ c & d">().view() == "(| a (^ b (& c d)))");
    STATIC_REQUIRE(expr<"a && b | c">().view() == "(&& a (| b c))");
    STATIC_REQUIRE(expr<"a || b && c">().view() == "(|| a (&& b c))");
    STATIC_REQUIRE(expr<"!a && b || c">().view() == "(|| (&& (! a) b) c)");
}

TEST_CASE("dsl static: associativity", "[dsl][static][parser]") {
    // binary operators group left to right; assignment and ?: right to left
    STATIC_REQUIRE(expr<"a - b - c">().view() == "(- (- a b) c)");
    STATIC_REQUIRE(expr<"a / b / c">().view() == "(/ (/ a b) c)");
    STATIC_REQUIRE(expr<"a < b < c">().view() == "(< (< a b) c)");
    STATIC_REQUIRE(expr<"a = b = c">().view() == "(= a (= b c))");
    STATIC_REQUIRE(expr<"a += b -= c">().view() == "(+= a (-= b c))");
    STATIC_REQUIRE(expr<"a ? b : c ? d : e">().view() == "(? a b (? c d e))");
    STATIC_REQUIRE(expr<"a ? b ? c : d : e">().view() == "(? a (? b c d) e)");
    STATIC_REQUIRE(expr<"a = b ? c : d">().view() == "(= a (? b c d))");
    STATIC_REQUIRE(expr<"a ? b = c : d">().view() == "(? a (= b c) d)");  // middle: any expression
    STATIC_REQUIRE(expr<"a || b ? c : d">().view() == "(? (|| a b) c d)");
}

TEST_CASE("dsl static: unary and postfix operators", "[dsl][static][parser]") {
    STATIC_REQUIRE(expr<"-a * b">().view() == "(* (- a) b)");
    STATIC_REQUIRE(expr<"a - -b">().view() == "(- a (- b))");
    STATIC_REQUIRE(expr<"a-b">().view() == "(- a b)");
    STATIC_REQUIRE(expr<"- - a">().view() == "(- (- a))");
    STATIC_REQUIRE(expr<"-a - b">().view() == "(- (- a) b)");
    STATIC_REQUIRE(expr<"~a & +b">().view() == "(& (~ a) (+ b))");
    STATIC_REQUIRE(expr<"a+++b">().view() == "(+ (post++ a) b)");
    STATIC_REQUIRE(expr<"--a + b--">().view() == "(+ (pre-- a) (post-- b))");
    STATIC_REQUIRE(expr<"-x[i]++">().view() == "(- (post++ ([] x i)))");
    STATIC_REQUIRE(expr<"(int)a * b">().view() == "(* (cast int a) b)");
    STATIC_REQUIRE(expr<"(unsigned int)-a">().view() == "(cast unsigned int (- a))");
    STATIC_REQUIRE(expr<"(const unsigned long long)a">().view() == "(cast const uint64_t a)");
    STATIC_REQUIRE(expr<"(a)*b">().view() == "(* a b)");  // a name in parentheses is no cast
}

TEST_CASE("dsl static: calls, subscripts and literals", "[dsl][static][parser]") {
    STATIC_REQUIRE(expr<"exp(-dt / TauM)">().view() == "(call exp (/ (- dt) TauM))");
    STATIC_REQUIRE(expr<"f(a, b + c, g())">().view() == "(call f a (+ b c) (call g))");
    STATIC_REQUIRE(expr<"x[i + 1] * 2">().view() == "(* ([] x (+ i 1)) 2)");
    STATIC_REQUIRE(expr<"1.5f + 0x10 + true">().view() == "(+ (+ 1.5f 0x10) true)");
    STATIC_REQUIRE(expr<"V >= Vthresh;">().view() == "(>= V Vthresh)");  // a condition may end with ;
}

TEST_CASE("dsl static: statement shapes", "[dsl][static][parser]") {
    STATIC_REQUIRE(stmts<"x = 1; y += 2;">().view() == "{(= x 1) (+= y 2)}");
    STATIC_REQUIRE(stmts<"if (a) b = 1; else if (c) b = 2; else b = 3;">().view() ==
                   "{(if a (= b 1) (if c (= b 2) (= b 3)))}");
    STATIC_REQUIRE(stmts<"if (a) if (b) x = 1; else x = 2;">().view() ==  // dangling else
                   "{(if a (if b (= x 1) (= x 2)) _)}");
    STATIC_REQUIRE(stmts<"for (int i = 0; i < n; i++) { }">().view() ==
                   "{(for (decl int i 0) (< i n) (post++ i) {})}");
    STATIC_REQUIRE(stmts<"for (;;) break;">().view() == "{(for _ _ _ break)}");
    STATIC_REQUIRE(stmts<"for (i = 0; ; ) continue;">().view() == "{(for (= i 0) _ _ continue)}");
    STATIC_REQUIRE(stmts<"do x++; while (x < 3);">().view() == "{(do (post++ x) (< x 3))}");
    STATIC_REQUIRE(stmts<"while (x) { ; }">().view() == "{(while x {;})}");
    STATIC_REQUIRE(stmts<"scalar x = 1, y; const int z = x;">().view() ==
                   "{(decl scalar x 1) (decl scalar y) (decl const int z x)}");
    STATIC_REQUIRE(stmts<"unsigned long long a; long int b; short int c; unsigned d; int long e;">().view() ==
                   "{(decl uint64_t a) (decl int64_t b) (decl int16_t c) (decl unsigned int d) (decl int64_t e)}");
    STATIC_REQUIRE(stmts<"{ { } } ;">().view() == "{{{}} ;}");
    STATIC_REQUIRE(stmts<"">().view() == "{}");
}

// ===== is_valid =======================================================================================

TEST_CASE("dsl static: is_valid accepts GeNN-style code", "[dsl][static][valid]") {
    STATIC_REQUIRE(valid<"V += (Isyn - V) / TauM * dt;">);
    STATIC_REQUIRE(valid<"if (RefracTime <= 0.0) { scalar alpha = (Isyn * C) + Vrest; V = alpha - (ExpTC * (alpha - V)); } else { RefracTime -= dt; }">);
    STATIC_REQUIRE(valid<"const scalar x = 1.0f; n = (int)(x * 3) % 2;">);
    STATIC_REQUIRE(valid<"for (unsigned int i = 0; i < 10u; i++) { if (i == id) continue; n += i; }">);
    STATIC_REQUIRE(valid<"do { V = gennrand_normal(); } while (V < 0.0);">);
    STATIC_REQUIRE(valid<"addToPost(g * V); addToPostDelay(g, 2);">);
    STATIC_REQUIRE(valid<"V = spikeTimes[n]; spikeTimes[n + 1] = V; n = table[id];">);
    STATIC_REQUIRE(valid<"scalar dt = t - 1.0; V = dt;">);  // a local may shadow a built-in
    STATIC_REQUIRE(valid<"n = gennrand() % 4u; n = gennrand_binomial(10, 0.5);">);
    STATIC_REQUIRE(valid<"V = fmax(fmin(V, 1.0), -1.0) + min(n, 3) + abs(-n) + ldexp(1.0, 3) + ilogb(V);">);
    STATIC_REQUIRE(valid<"/* comment */ V = 1; // comment">);
    STATIC_REQUIRE(valid<"">);
    STATIC_REQUIRE(valid<";;">);
    STATIC_REQUIRE(valid_expression<"V >= Vthresh && RefracTime <= 0.0">);
    STATIC_REQUIRE(valid_expression<"V >= Vthresh;">);
    STATIC_REQUIRE(valid_expression<"t > 0 ? V > 1 : n != 0">);
}

TEST_CASE("dsl static: is_valid rejects invalid code", "[dsl][static][valid]") {
    STATIC_REQUIRE_FALSE(valid<"V += (a * dt;">);
    STATIC_REQUIRE_FALSE(valid<"V = Vrst;">);
    STATIC_REQUIRE_FALSE(valid<"C = 1.0;">);
    STATIC_REQUIRE_FALSE(valid<"g = 1.0;">);
    STATIC_REQUIRE_FALSE(valid<"t = 0;">);
    STATIC_REQUIRE_FALSE(valid<"table[0] = 1;">);  // read-only array
    STATIC_REQUIRE_FALSE(valid<"spikeTimes = 0;">);
    STATIC_REQUIRE_FALSE(valid<"V = V % 2;">);
    STATIC_REQUIRE_FALSE(valid<"n = ~V;">);
    STATIC_REQUIRE_FALSE(valid<"break;">);
    STATIC_REQUIRE_FALSE(valid<"if (V) { continue; }">);
    STATIC_REQUIRE_FALSE(valid<"V = expp(V);">);
    STATIC_REQUIRE_FALSE(valid<"V = pow(V);">);
    STATIC_REQUIRE_FALSE(valid<"injectCurrent(V);">);
    STATIC_REQUIRE_FALSE(valid<"int i; int i;">);
    STATIC_REQUIRE_FALSE(valid<"V = x; scalar x = 1;">);
    STATIC_REQUIRE_FALSE(valid<"{ scalar y = 1; } V = y;">);  // y's scope has ended
    STATIC_REQUIRE_FALSE(valid<"V = 1">);
    STATIC_REQUIRE_FALSE(valid<"switch (n) { }">);
    STATIC_REQUIRE_FALSE(valid<"V = V[0];">);
    STATIC_REQUIRE_FALSE(valid<"V = spikeTimes[0.5];">);
    STATIC_REQUIRE_FALSE(valid<"V = spikeTimes + 1;">);
    STATIC_REQUIRE_FALSE(valid<"n = addToPost(1);">);  // void in an expression
    STATIC_REQUIRE_FALSE(valid<"unsigned float x;">);
    STATIC_REQUIRE_FALSE(valid<"const scalar k = 1; k = 2;">);
    STATIC_REQUIRE_FALSE(valid<"n = 017;">);
    STATIC_REQUIRE_FALSE(valid_expression<"V >= Vthresh; V = 0">);
    STATIC_REQUIRE_FALSE(valid_expression<"">);
}

// ===== error records ====================================================================================

TEST_CASE("dsl static: scanning error records", "[dsl][static][errors]") {
    STATIC_REQUIRE(error_of<"V = 1 @ 2;">() == report{error_kind::unexpected_character, 1, 7, "@"});
    STATIC_REQUIRE(error_of<"V = 1.2.3;">() == report{error_kind::malformed_number, 1, 5, "1.2."});
    STATIC_REQUIRE(error_of<"V = 1;\n  n = 0x;">() == report{error_kind::malformed_number, 2, 7, "0x;"});
    STATIC_REQUIRE(error_of<"n = 017;">() == report{error_kind::malformed_number, 1, 5, "017"});
    STATIC_REQUIRE(error_of<"V = 1; /* oops">() == report{error_kind::unterminated_comment, 1, 8, "/*"});
}

TEST_CASE("dsl static: syntax error records", "[dsl][static][errors]") {
    STATIC_REQUIRE(error_of<"V = 1 V = 2;">() == report{error_kind::expected_token, 1, 7, "V"});
    STATIC_REQUIRE(error_of<"if V > 1) n = 1;">() == report{error_kind::expected_token, 1, 4, "V"});
    STATIC_REQUIRE(error_of<"do n++; (n < 1);">() == report{error_kind::expected_token, 1, 9, "("});
    STATIC_REQUIRE(error_of<"V = ;">() == report{error_kind::expected_expression, 1, 5, ";"});
    STATIC_REQUIRE(error_of<"V = ) 1;">() == report{error_kind::expected_expression, 1, 5, ")"});
    STATIC_REQUIRE(error_of<"V = 1 +">() == report{error_kind::expected_expression, 1, 8, "end of code"});
    STATIC_REQUIRE(error_of<"V = (1 + 2;">() == report{error_kind::unbalanced, 1, 5, "("});
    STATIC_REQUIRE(error_of<"V = exp(1;">() == report{error_kind::unbalanced, 1, 8, "("});
    STATIC_REQUIRE(error_of<"if (V > 1 { }">() == report{error_kind::unbalanced, 1, 4, "("});
    STATIC_REQUIRE(error_of<"n = 1;\n{ V = 1;">() == report{error_kind::unbalanced, 2, 1, "{"});
    STATIC_REQUIRE(error_of<"V = spikeTimes[1;">() == report{error_kind::unbalanced, 1, 15, "["});
    STATIC_REQUIRE(error_of<"V = 1; }">() == report{error_kind::unexpected_token, 1, 8, "}"});
    STATIC_REQUIRE(error_of<"else V = 1;">() == report{error_kind::unexpected_token, 1, 1, "else"});
    STATIC_REQUIRE(error_of<"switch (n) { }">() == report{error_kind::unsupported_keyword, 1, 1, "switch"});
    STATIC_REQUIRE(error_of<"return;">() == report{error_kind::unsupported_keyword, 1, 1, "return"});
    STATIC_REQUIRE(error_of<"1 = V;">() == report{error_kind::not_assignable, 1, 3, "="});
    STATIC_REQUIRE(error_of<"(V + 1)++;">() == report{error_kind::not_assignable, 1, 8, "++"});
    STATIC_REQUIRE(error_of<"scalar = 1;">() == report{error_kind::expected_identifier, 1, 8, "="});
    STATIC_REQUIRE(error_of<"unsigned float x;">() == report{error_kind::unknown_type, 1, 1, "unsigned float"});
    STATIC_REQUIRE(error_of<"int float x;">() == report{error_kind::unknown_type, 1, 1, "int float"});
    STATIC_REQUIRE(error_of<"V = (long double)n;">() == report{error_kind::unknown_type, 1, 6, "long double"});
    STATIC_REQUIRE(error_of<"const short long x;">() == report{error_kind::unknown_type, 1, 1, "const short long"});
}

TEST_CASE("dsl static: too deeply nested code is an error, not a crash", "[dsl][static][errors]") {
    // the parser's recursion is bounded, so neither g++'s constexpr depth limit (512 calls)
    // nor nvcc's (about 256) is what stops it: 17 levels of parentheses are fine, 150 are
    // reported at the parenthesis where the budget runs out
    constexpr auto nested = [](auto depth) {
        constexpr std::size_t d = decltype(depth)::value;
        fixed_string<2 * d + 5> s;
        std::size_t i = 0;
        s.data_[i++] = 'V'; s.data_[i++] = '=';
        for (std::size_t k = 0; k < d; ++k) s.data_[i++] = '(';
        s.data_[i++] = '1';
        for (std::size_t k = 0; k < d; ++k) s.data_[i++] = ')';
        s.data_[i++] = ';'; s.data_[i++] = ' ';
        return s;
    };
    constexpr auto shallow = nested(std::integral_constant<std::size_t, 17>{});
    constexpr auto deep = nested(std::integral_constant<std::size_t, 150>{});
    STATIC_REQUIRE(valid<shallow>);
    STATIC_REQUIRE(error_of<deep>().kind == error_kind::too_complex);
    STATIC_REQUIRE(error_of<deep>().line == 1);
    STATIC_REQUIRE(error_of<deep>().name == "(");
}

TEST_CASE("dsl static: name and type error records", "[dsl][static][errors]") {
    STATIC_REQUIRE(error_of<"V = Vrst;">() == report{error_kind::unknown_name, 1, 5, "Vrst"});
    STATIC_REQUIRE(error_of<"V = 1;\n\tV += x2 * 3;">() == report{error_kind::unknown_name, 2, 7, "x2"});
    STATIC_REQUIRE(error_of<"V = expp(1.0);">() == report{error_kind::unknown_function, 1, 5, "expp"});
    STATIC_REQUIRE(error_of<"V = pow(V);">() == report{error_kind::wrong_argument_count, 1, 5, "pow"});
    STATIC_REQUIRE(error_of<"addToPostDelay(V);">() == report{error_kind::wrong_argument_count, 1, 1, "addToPostDelay"});
    STATIC_REQUIRE(error_of<"V = gennrand_uniform(1);">() == report{error_kind::wrong_argument_count, 1, 5, "gennrand_uniform"});
    STATIC_REQUIRE(error_of<"injectCurrent(V);">() == report{error_kind::function_not_in_context, 1, 1, "injectCurrent"});
    STATIC_REQUIRE(error_of<"V(1);">() == report{error_kind::not_a_function, 1, 1, "V"});
    STATIC_REQUIRE(error_of<"V = 1(2);">() == report{error_kind::not_a_function, 1, 6, "("});
    STATIC_REQUIRE(error_of<"V = 0; C = 1.0;">() == report{error_kind::assign_to_parameter, 1, 8, "C"});
    STATIC_REQUIRE(error_of<"ExpTC *= 2;">() == report{error_kind::assign_to_derived_parameter, 1, 1, "ExpTC"});
    STATIC_REQUIRE(error_of<"g++;">() == report{error_kind::assign_to_read_only_variable, 1, 1, "g"});
    STATIC_REQUIRE(error_of<"V = dt = 1;">() == report{error_kind::assign_to_builtin, 1, 5, "dt"});
    STATIC_REQUIRE(error_of<"--id;">() == report{error_kind::assign_to_builtin, 1, 3, "id"});
    STATIC_REQUIRE(error_of<"const int k = 1; k += 1;">() == report{error_kind::assign_to_constant, 1, 18, "k"});
    STATIC_REQUIRE(error_of<"spikeTimes = 0;">() == report{error_kind::assign_to_extra_global_parameter, 1, 1, "spikeTimes"});
    STATIC_REQUIRE(error_of<"table[1] = 0;">() == report{error_kind::assign_to_extra_global_parameter, 1, 1, "table"});
    STATIC_REQUIRE(error_of<"int i = 0;\nscalar i;">() == report{error_kind::redeclaration, 2, 8, "i"});
    STATIC_REQUIRE(error_of<"int i = 0, i = 1;">() == report{error_kind::redeclaration, 1, 12, "i"});
    STATIC_REQUIRE(error_of<"V = x; scalar x = 1;">() == report{error_kind::used_before_declaration, 1, 5, "x"});
    STATIC_REQUIRE(error_of<"{ scalar y = 1; }\nV = y;">() == report{error_kind::used_outside_scope, 2, 5, "y"});
    STATIC_REQUIRE(error_of<"for (int i = 0; i < 2; i++) { }\nn = i;">() == report{error_kind::used_outside_scope, 2, 5, "i"});
    STATIC_REQUIRE(error_of<"n = n % 2; n = V % 2;">() == report{error_kind::integer_operator_on_floating, 1, 18, "%"});
    STATIC_REQUIRE(error_of<"n = 1.5 & 1;">() == report{error_kind::integer_operator_on_floating, 1, 9, "&"});
    STATIC_REQUIRE(error_of<"n = ~V;">() == report{error_kind::integer_operator_on_floating, 1, 5, "~"});
    STATIC_REQUIRE(error_of<"V %= 2;">() == report{error_kind::integer_operator_on_floating, 1, 3, "%="});
    STATIC_REQUIRE(error_of<"n = 1 << 2.0;">() == report{error_kind::integer_operator_on_floating, 1, 7, "<<"});
    STATIC_REQUIRE(error_of<"if (n) break;">() == report{error_kind::break_outside_loop, 1, 8, "break"});
    STATIC_REQUIRE(error_of<"while (n) { n--; }\ncontinue;">() == report{error_kind::continue_outside_loop, 2, 1, "continue"});
    STATIC_REQUIRE(error_of<"V = V[0];">() == report{error_kind::not_an_array, 1, 5, "V"});
    STATIC_REQUIRE(error_of<"V = spikeTimes[0.5];">() == report{error_kind::non_integer_index, 1, 16, "0.5"});
    STATIC_REQUIRE(error_of<"V = spikeTimes + 1;">() == report{error_kind::invalid_operand, 1, 16, "+"});
    STATIC_REQUIRE(error_of<"n = addToPost(1) + 1;">() == report{error_kind::invalid_operand, 1, 18, "+"});
}

TEST_CASE("dsl static: the first error wins", "[dsl][static][errors]") {
    // one error per code: the scan, then the parse, then the checks, in source order
    STATIC_REQUIRE(error_of<"V = Vrst; C = 1; @">().kind == error_kind::unexpected_character);
    STATIC_REQUIRE(error_of<"V = Vrst; C = 1; V = (1">().kind == error_kind::unbalanced);
    STATIC_REQUIRE(error_of<"V = Vrst; C = 1;">().kind == error_kind::unknown_name);
    STATIC_REQUIRE(error_of<"C = Vrst;">().kind == error_kind::assign_to_parameter);  // C comes first
}

// ===== formatted messages ==================================================================================

// X(code, message): every error kind's message, as program<> puts it in code_error<...>.
#define CORTEXPR_MESSAGES(X)                                                                                \
    X("V = 1 @ 2;", "Test.code:1:7: unexpected character '@'")                                            \
    X("V = 1.2.3;", "Test.code:1:5: malformed number '1.2.'")                                              \
    X("V = 1; /* oops", "Test.code:1:8: unterminated comment '/*'")                                        \
    X("V = 1 V = 2;", "Test.code:1:7: expected ';' before 'V'")                                            \
    X("V = 1", "Test.code:1:6: expected ';' before 'end of code'")                                         \
    X("V = ) 1;", "Test.code:1:5: expected an expression before ')'")                                      \
    X("V = (1 + 2;", "Test.code:1:5: unbalanced '('")                                                     \
    X("V = 1; }", "Test.code:1:8: unexpected token '}'")                                                   \
    X("switch (n) { }", "Test.code:1:1: unsupported keyword 'switch'")                                     \
    X("1 = V;", "Test.code:1:3: cannot assign to expression '='")                                          \
    X("scalar = 1;", "Test.code:1:8: expected a name before '='")                                          \
    X("unsigned float x;", "Test.code:1:1: unknown type 'unsigned float'")                                 \
    X("V = Vrst;", "Test.code:1:5: unknown name 'Vrst'")                                                   \
    X("V = 0;\n  V += Vrst;", "Test.code:2:8: unknown name 'Vrst'")                                        \
    X("V = expp(1.0);", "Test.code:1:5: unknown function 'expp'")                                          \
    X("V = pow(V);", "Test.code:1:5: wrong number of arguments (2 expected) to 'pow'")                     \
    X("injectCurrent(V);", "Test.code:1:1: function not available in this code 'injectCurrent'")          \
    X("V(1);", "Test.code:1:1: called object is not a function 'V'")                                       \
    X("C = 1.0;", "Test.code:1:1: assignment to parameter 'C'")                                            \
    X("ExpTC = 1.0;", "Test.code:1:1: assignment to derived parameter 'ExpTC'")                            \
    X("g = 1.0;", "Test.code:1:1: assignment to read-only variable 'g'")                                   \
    X("t = 1.0;", "Test.code:1:1: assignment to read-only built-in 't'")                                   \
    X("const int k = 1; k = 2;", "Test.code:1:18: assignment to const local 'k'")                          \
    X("table[0] = 1;", "Test.code:1:1: assignment to extra global parameter 'table'")                      \
    X("int i; int i;", "Test.code:1:12: redeclaration of 'i'")                                             \
    X("V = x; scalar x = 1;", "Test.code:1:5: local used before its declaration 'x'")                      \
    X("{ scalar y = 1; } V = y;", "Test.code:1:23: local used outside the block that declares it 'y'")     \
    X("n = V % 2;", "Test.code:1:7: integer-only operator on floating-point operand '%'")                  \
    X("break;", "Test.code:1:1: break outside a loop 'break'")                                             \
    X("continue;", "Test.code:1:1: continue outside a loop 'continue'")                                    \
    X("V = V[0];", "Test.code:1:5: subscript of a name that is not an array 'V'")                          \
    X("V = spikeTimes[0.5];", "Test.code:1:16: array index is not an integer '0.5'")                       \
    X("V = spikeTimes + 1;", "Test.code:1:16: invalid operand of '+'")

TEST_CASE("dsl static: every message at compile time", "[dsl][static][errors]") {
#define CORTEXPR_X(code, text) STATIC_REQUIRE(message_of<code> == std::string_view{text});
    CORTEXPR_MESSAGES(CORTEXPR_X)
#undef CORTEXPR_X
}

TEST_CASE("dsl static: the same messages at run time, from run-time strings", "[dsl][errors]") {
    // compile() and format_error() are plain constexpr functions: here they run on code
    // held in std::string, with std::vector storage sized by the capacity helpers
    struct golden { std::string_view code, compile_time; };
    const golden goldens[] = {
#define CORTEXPR_X(code, text) {code, message_of<code>},
        CORTEXPR_MESSAGES(CORTEXPR_X)
#undef CORTEXPR_X
    };
    for (const golden& g : goldens) {
        const std::string code{g.code}, model{"Test"}, field{"code"};
        const dsl::field_source fs{field, code, false, &ctx};
        const dsl::unit_source u{model, &fs, 1};
        std::vector<dsl::token> toks(dsl::token_capacity(u));
        std::vector<dsl::node> nodes(dsl::node_capacity(u));
        std::vector<dsl::type_t> slots(dsl::slot_capacity(u));
        const dsl::unit_stats st = dsl::compile(u, toks.data(), std::uint32_t(toks.size()), nodes.data(),
                                                std::uint32_t(nodes.size()), slots.data(),
                                                std::uint32_t(slots.size()));
        INFO(code);
        REQUIRE(st.err);
        CHECK(std::string(dsl::format_error(u, st.err).view()) == std::string(g.compile_time));
    }
}
#undef CORTEXPR_MESSAGES

TEST_CASE("dsl static: valid code compiles to a program", "[dsl][static]") {
    using P = dsl::program<code_unit<"scalar x = V * 2.0; if (x > Vthresh) n++;", ctx>>;
    STATIC_REQUIRE(P::ok);
    STATIC_REQUIRE(P::code.stats.n_slots == 1);
    STATIC_REQUIRE(P::code.slots[0] == dsl::t_scalar);
    STATIC_REQUIRE(P::at(P::root(0)).kind == dsl::nk::block);
}
