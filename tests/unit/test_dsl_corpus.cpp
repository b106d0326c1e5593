// The code-string compiler against C: edge-case code strings run through code_env with
// a hand-made context, each compared with the same computation written as plain C++
// here. Every TEST_CASE names the C rule (or, where cortexpr follows GeNN instead, the
// GeNN rule) it checks. Floating results are compared exactly: the C++ below performs
// the same operations in the same types, so anything but bit-equality is a bug.
#include <catch2/catch.hpp>

#include <code_env.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace dsl = cortexpr::dsl;
using cortexpr::testing::code_env;
using cortexpr::testing::code_unit;

namespace {

// One context for the whole corpus: a parameter, a derived parameter, arrays, state of
// every interesting type, read-only built-ins and two synaptic context functions.
constexpr dsl::symbol syms[] = {
    {"a", dsl::sym_kind::param, dsl::t_scalar},
    {"b", dsl::sym_kind::param, dsl::t_scalar},
    {"ExpTC", dsl::sym_kind::derived_param, dsl::t_scalar},
    {"spikeTimes", dsl::sym_kind::extra_global_param, dsl::pointer_to(dsl::t_scalar), true},
    {"arr", dsl::sym_kind::extra_global_param, dsl::pointer_to(dsl::t_int), true},
    {"V", dsl::sym_kind::var, dsl::t_scalar, true},
    {"U", dsl::sym_kind::var, dsl::t_scalar, true},
    {"n", dsl::sym_kind::var, dsl::t_int, true},
    {"m", dsl::sym_kind::var, dsl::t_int, true},
    {"k", dsl::sym_kind::var, dsl::t_int, true},
    {"u", dsl::sym_kind::var, dsl::t_uint, true},
    {"u8", dsl::sym_kind::var, dsl::type_t{dsl::base_type::uint8}, true},
    {"big", dsl::sym_kind::var, dsl::t_int64, true},
    {"f", dsl::sym_kind::var, dsl::t_float, true},
    {"d", dsl::sym_kind::var, dsl::t_double, true},
    {"flag", dsl::sym_kind::var, dsl::t_bool, true},
    {"startSpike", dsl::sym_kind::var, dsl::t_uint, true},
    {"endSpike", dsl::sym_kind::var, dsl::t_uint, true},
    {"g", dsl::sym_kind::var, dsl::t_scalar, false},  // read-only
    {"t", dsl::sym_kind::builtin, dsl::t_time},
    {"dt", dsl::sym_kind::builtin, dsl::t_time},
    {"id", dsl::sym_kind::builtin, dsl::t_uint},
};
constexpr dsl::context_function fns[] = {{"addToPost", 1}, {"addToPostDelay", 2}};
constexpr dsl::context ctx{"corpus", syms, fns};

/// Runs `Code` once, after `setup`, with scalar type S.
template <cortexpr::fixed_string Code, class S = double>
using env = code_env<code_unit<Code, ctx>, S>;

// The C++ spelling of the stub's scripted sequences (tests/support/code_env.hpp).
constexpr double stub_uniform[] = {0.25, 0.5, 0.75, 0.125};
constexpr double stub_normal[] = {0.5, -1.0, 1.5, -0.25};
constexpr double stub_exponential[] = {1.0, 0.5, 2.0};
constexpr std::uint32_t stub_raw[] = {12345u, 4000000000u, 7u};

using log_t = std::vector<std::string>;

}  // namespace

// ---- if / else ---------------------------------------------------------------------------

TEST_CASE("corpus: else-if chain takes the first true branch", "[dsl][corpus]") {
    // C: `if (c1) s1 else if (c2) s2 ...` evaluates conditions in order, runs one branch.
    for (double v : {-5.0, 0.0, 5.0, 50.0, 500.0}) {
        env<"if (V < 0) n = -1; else if (V < 10) n = 1; else if (V < 100) n = 2; else n = 3;"> e;
        e.set("V", v);
        e.run();
        int n;
        if (v < 0) n = -1; else if (v < 10) n = 1; else if (v < 100) n = 2; else n = 3;
        CHECK(e.get("n") == n);
    }
}

TEST_CASE("corpus: dangling else binds to the nearest if", "[dsl][corpus]") {
    // C 6.8.4.1: an else is associated with the lexically nearest preceding if.
    for (int nv : {0, 1}) {
        for (int mv : {0, 1}) {
            env<"if (n > 0) if (m > 0) k = 1; else k = 2;"> e;
            e.set("n", nv); e.set("m", mv); e.set("k", 7);
            e.run();
            int k = 7;
            if (nv > 0) { if (mv > 0) k = 1; else k = 2; }
            CHECK(e.get("k") == k);
        }
    }
}

TEST_CASE("corpus: nested ifs with blocks, locals and empty statements", "[dsl][corpus]") {
    // C: braces make compound statements; `;` is a null statement.
    env<R"(
        if (V > 0) {
            scalar w = V * 2.0;
            if (w > 10.0) { U = w; ; }
            else { if (w > 4.0) U = -w; else {} }
        } else ;;
    )"> e;
    for (double v : {-1.0, 1.0, 3.0, 6.0}) {
        e.set("V", v); e.set("U", 0);
        e.run();
        double u = 0;
        if (v > 0) { double w = v * 2.0; if (w > 10.0) u = w; else if (w > 4.0) u = -w; }
        CHECK(e.get("U") == u);
    }
}

// ---- loops -------------------------------------------------------------------------------

TEST_CASE("corpus: while with break and continue", "[dsl][corpus]") {
    // C: continue jumps to the loop condition; break leaves the loop.
    env<"int i = 0; while (true) { i++; if (i % 2 == 0) continue; n += i; if (n > 20) break; } m = i;"> e;
    e.run();
    int n = 0, i = 0;
    while (true) { i++; if (i % 2 == 0) continue; n += i; if (n > 20) break; }
    CHECK(e.get("n") == n);
    CHECK(e.get("m") == i);
}

TEST_CASE("corpus: do-while runs its body once before testing", "[dsl][corpus]") {
    // C 6.8.5.2: the body of do-while executes before the first evaluation of the condition.
    env<"do { n++; } while (n < 0);"> e;
    e.set("n", 5);
    e.run();
    CHECK(e.get("n") == 6);
}

TEST_CASE("corpus: continue in do-while goes to the condition", "[dsl][corpus]") {
    // C: continue in a do-while jumps to the controlling expression, not the top.
    env<"do { n++; if (n % 3 == 0) continue; m++; } while (n < 10);"> e;
    e.run();
    int n = 0, m = 0;
    do { n++; if (n % 3 == 0) continue; m++; } while (n < 10);
    CHECK(e.get("n") == n);
    CHECK(e.get("m") == m);
}

TEST_CASE("corpus: for with break, continue and the step expression", "[dsl][corpus]") {
    // C 6.8.5.3: continue in a for loop still evaluates the step expression.
    env<"for (int i = 0; i < 100; i += 3) { if (i % 2 == 1) continue; if (i > 40) break; n += i; m = i; }"> e;
    e.run();
    int n = 0, m = 0;
    for (int i = 0; i < 100; i += 3) { if (i % 2 == 1) continue; if (i > 40) break; n += i; m = i; }
    CHECK(e.get("n") == n);
    CHECK(e.get("m") == m);
}

TEST_CASE("corpus: nested loops: break leaves only the inner loop", "[dsl][corpus]") {
    // C: break terminates the smallest enclosing loop.
    env<"for (int i = 0; i < 4; i++) { for (int j = 0; j < 10; j++) { if (j > i) break; n++; } m++; }"> e;
    e.run();
    int n = 0, m = 0;
    for (int i = 0; i < 4; i++) { for (int j = 0; j < 10; j++) { if (j > i) break; n++; } m++; }
    CHECK(e.get("n") == n);
    CHECK(e.get("m") == m);
    CHECK(n == 10);
}

TEST_CASE("corpus: nested loops: continue and break inside nested blocks", "[dsl][corpus]") {
    // C: continue/break apply to the innermost loop even from inside if-blocks.
    env<R"(
        int i = 0;
        while (i < 5) {
            i++;
            int j = 0;
            do {
                j++;
                if (j == 2) { { continue; } }
                if (j * i > 6) { if (true) break; }
                n += j;
            } while (j < 4);
            if (i == 4) { { break; } }
            m += i;
        }
        k = i;)"> e;
    e.run();
    int n = 0, m = 0, i = 0;
    while (i < 5) {
        i++;
        int j = 0;
        do {
            j++;
            if (j == 2) continue;
            if (j * i > 6) break;
            n += j;
        } while (j < 4);
        if (i == 4) break;
        m += i;
    }
    CHECK(e.get("n") == n);
    CHECK(e.get("m") == m);
    CHECK(e.get("k") == i);
}

TEST_CASE("corpus: for with every clause empty", "[dsl][corpus]") {
    // C: an omitted condition in `for (;;)` is replaced by a nonzero constant.
    env<"for (;;) { if (++n >= 5) break; }"> e;
    e.run();
    CHECK(e.get("n") == 5);
}

TEST_CASE("corpus: for counting down with a post-decrement step", "[dsl][corpus]") {
    // C: the step expression's value is discarded; only its side effect counts.
    env<"for (unsigned int i = 5; i > 0; i--) u = u * 10u + i;"> e;
    e.run();
    unsigned u = 0;
    for (unsigned i = 5; i > 0; i--) u = u * 10u + i;
    CHECK(e.get("u") == u);
}

TEST_CASE("corpus: do-while rejection sampling", "[dsl][corpus]") {
    // C: a do-while loop draws until the condition fails (here: a normal >= 1).
    env<"scalar x; do { x = gennrand_normal(); n++; } while (x < 1.0); V = x;"> e;
    e.run();
    double x; int n = 0; std::size_t in = 0;
    do { x = stub_normal[in++ % 4]; n++; } while (x < 1.0);
    CHECK(e.get("V") == x);
    CHECK(e.get("n") == n);
    CHECK(e.rng_.log == log_t(std::size_t(n), "normal"));
}

// ---- the conditional operator --------------------------------------------------------------

TEST_CASE("corpus: nested ternaries associate to the right", "[dsl][corpus]") {
    // C: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`; the middle operand is a full expression.
    for (double v : {-3.0, 0.0, 3.0, 30.0}) {
        env<"n = V > 0 ? V > 10 ? 2 : 1 : V < 0 ? -1 : 0;"> e;
        e.set("V", v);
        e.run();
        CHECK(e.get("n") == (v > 0 ? v > 10 ? 2 : 1 : v < 0 ? -1 : 0));
    }
}

TEST_CASE("corpus: a ternary with int and floating operands is floating", "[dsl][corpus]") {
    // C 6.5.15: the usual arithmetic conversions apply to the second and third operands,
    // so `(c ? 3 : 2.5) / 2` divides a double even when c picks the int.
    env<"V = (flag ? 3 : 2.5) / 2; n = flag ? 7 : 2.9; U = (flag ? 3 : 4) / 2;"> e;
    e.set("flag", 1);
    e.run();
    CHECK(e.get("V") == (true ? 3 : 2.5) / 2);
    CHECK(e.get("V") == 1.5);
    CHECK(e.get("n") == int(true ? 7 : 2.9));
    CHECK(e.get("U") == 1.0);  // both int: integer division
}

TEST_CASE("corpus: a ternary of unsigned and int is unsigned", "[dsl][corpus]") {
    // C: int and unsigned int operands convert to unsigned int.
    env<"big = flag ? -1 : 0u;"> e;
    e.set("flag", 1);
    e.run();
    CHECK(e.get("big") == 4294967295.0);  // (unsigned)-1, not -1
}

// ---- integer arithmetic ----------------------------------------------------------------------

TEST_CASE("corpus: integer division truncates toward zero", "[dsl][corpus]") {
    // C99 6.5.5: the quotient of integers is truncated toward zero; int/int stays int
    // even when assigned to a floating variable.
    env<"n = 7 / 2; m = -7 / 2; k = 7 / -2; V = 7 / 2; U = 7 / 2.0;"> e;
    e.run();
    CHECK(e.get("n") == 7 / 2);
    CHECK(e.get("m") == -7 / 2);
    CHECK(e.get("m") == -3);
    CHECK(e.get("k") == 7 / -2);
    CHECK(e.get("V") == 3.0);
    CHECK(e.get("U") == 3.5);
}

TEST_CASE("corpus: % on negative operands has the sign of the dividend", "[dsl][corpus]") {
    // C99 6.5.5: (a/b)*b + a%b == a, so -7 % 3 == -1 and 7 % -3 == 1.
    env<"n = -7 % 3; m = 7 % -3; k = (-7 / 3) * 3 + -7 % 3; u = 7u % 3u;"> e;
    e.run();
    CHECK(e.get("n") == -7 % 3);
    CHECK(e.get("n") == -1);
    CHECK(e.get("m") == 7 % -3);
    CHECK(e.get("m") == 1);
    CHECK(e.get("k") == -7);
    CHECK(e.get("u") == 1);
}

TEST_CASE("corpus: unsigned arithmetic wraps around", "[dsl][corpus]") {
    // C 6.2.5: unsigned arithmetic is modulo 2^N.
    env<"u = 0u - 1u; big = 4000000000u * 2u; startSpike = -1u; endSpike = 3u - 5;"> e;
    e.run();
    CHECK(e.get("u") == double(0u - 1u));
    CHECK(e.get("big") == double(4000000000u * 2u));
    CHECK(e.get("startSpike") == double(-1u));
    CHECK(e.get("endSpike") == double(3u - 5));
    CHECK(e.get("endSpike") == 4294967294.0);
}

TEST_CASE("corpus: int compared with unsigned compares as unsigned", "[dsl][corpus]") {
    // C 6.3.1.8: -1 converts to UINT_MAX before `<`, so `-1 < 1u` is false.
    env<"flag = -1 < 1u; n = -1 < 1; m = id > -1;"> e;
    e.set("id", 3);
    e.run();
    CHECK(e.get("flag") == 0);
    CHECK(e.get("n") == 1);
    CHECK(e.get("m") == 0);  // id is unsigned: -1 becomes UINT_MAX
}

TEST_CASE("corpus: shifts", "[dsl][corpus]") {
    // C 6.5.7: the result has the promoted left operand's type; >> of a negative int is
    // arithmetic on every supported compiler (C++20 defines it).
    env<"n = 1 << 10; m = -16 >> 2; u = 0x80000000u >> 31; big = (int64_t)1 << 40; k = 1 << 2 + 1;"> e;
    e.run();
    CHECK(e.get("n") == (1 << 10));
    CHECK(e.get("m") == (-16 >> 2));
    CHECK(e.get("u") == 1);
    CHECK(e.get("big") == double(std::int64_t(1) << 40));
    CHECK(e.get("k") == (1 << (2 + 1)));  // + binds tighter than <<
}

TEST_CASE("corpus: bitwise operators and their precedence", "[dsl][corpus]") {
    // C: & above ^ above |, all below ==; ~ flips every bit of the promoted operand.
    env<"n = 0xF0 & 0x3C; m = 6 & 3 ^ 5 | 8; k = ~5; u = ~0u; flag = 1 & 2 == 2; big = 0xFF ^ 0x0F;"> e;
    e.run();
    CHECK(e.get("n") == (0xF0 & 0x3C));
    CHECK(e.get("m") == (((6 & 3) ^ 5) | 8));
    CHECK(e.get("k") == ~5);
    CHECK(e.get("u") == double(~0u));
    CHECK(e.get("flag") == (1 & (2 == 2)));
    CHECK(e.get("big") == (0xFF ^ 0x0F));
}

TEST_CASE("corpus: casts truncate and convert", "[dsl][corpus]") {
    // C 6.3.1.4: floating to integer truncates toward zero; 6.3.1.3: to unsigned is modulo.
    env<"n = (int)-3.7; u = (unsigned int)-1; u8 = (uint8_t)300; m = (uint8_t)(-1); k = (int)(char)200;"> e;
    e.run();
    CHECK(e.get("n") == int(-3.7));
    CHECK(e.get("n") == -3);
    CHECK(e.get("u") == double((unsigned)-1));
    CHECK(e.get("u8") == std::uint8_t(300));
    CHECK(e.get("u8") == 44);
    CHECK(e.get("m") == 255);
    CHECK(e.get("k") == int(std::int8_t(200)));  // char is signed (int8_t) here
}

TEST_CASE("corpus: a cast binds tighter than *", "[dsl][corpus]") {
    // C: a cast is a unary operator: `(int)3.7 * 2` is `((int)3.7) * 2`.
    env<"n = (int)3.7 * 2; m = (int)(3.7 * 2); V = (float)1 / 3;"> e;
    e.run();
    CHECK(e.get("n") == 6);
    CHECK(e.get("m") == 7);
    CHECK(e.get("V") == double(1.0f / 3));  // float division, then stored as double
}

TEST_CASE("corpus: (float) rounds a double to float", "[dsl][corpus]") {
    // C 6.3.1.5: double to float rounds; the result stays float until stored.
    env<"f = (float)0.1; V = (float)0.1; d = (double)(float)0.1;"> e;
    e.run();
    CHECK(e.get("f") == double(0.1f));
    CHECK(e.get("V") == double(0.1f));
    CHECK(e.get("V") != 0.1);
    CHECK(e.get("d") == double(0.1f));
}

TEST_CASE("corpus: small integer types promote to int", "[dsl][corpus]") {
    // C 6.3.1.1: uint8_t operands promote to int (200 + 200 == 400); storing truncates.
    env<"n = u8 + u8; m = -u8; k = ~u8; u8 += 100;"> e;
    e.set("u8", 200);
    e.run();
    std::uint8_t v = 200;
    CHECK(e.get("n") == v + v);
    CHECK(e.get("m") == -v);
    CHECK(e.get("k") == ~v);
    v += 100;
    CHECK(e.get("u8") == v);
    CHECK(e.get("u8") == 44);
}

TEST_CASE("corpus: integer literal types", "[dsl][corpus]") {
    // C 6.4.4.1: a decimal literal that does not fit int is long; a hex one is unsigned
    // int first, so 0xFFFFFFFF + 1 wraps to 0 while 4294967295 + 1 does not. (Octal
    // literals are rejected, as in GeNN: see test_dsl_static.)
    env<"big = 0xFFFFFFFF + 1; V = 4294967295 + 1; n = 0x1F; u = 2147483648u + 0;"> e;
    e.run();
    CHECK(e.get("big") == double(0xFFFFFFFF + 1));
    CHECK(e.get("big") == 0);
    CHECK(e.get("V") == 4294967296.0);
    CHECK(e.get("n") == 31);
    CHECK(e.get("u") == 2147483648.0);
}

// ---- float and double ------------------------------------------------------------------------

TEST_CASE("corpus: an unsuffixed literal is scalar (float model)", "[dsl][corpus]") {
    // GeNN: an unsuffixed floating literal has the model's precision, so in a float model
    // `0.1` is 0.1f, and `1.0 / 3.0` is a float division.
    env<"V = 0.1; d = 0.1; U = 1.0 / 3.0; flag = 0.1 == 0.1f;", float> e;
    e.run();
    CHECK(e.get("V") == double(0.1f));
    CHECK(e.get("d") == double(0.1f));
    CHECK(e.get("d") != 0.1);
    CHECK(e.get("U") == double(1.0f / 3.0f));
    CHECK(e.get("flag") == 1);
}

TEST_CASE("corpus: an unsuffixed literal is scalar (double model)", "[dsl][corpus]") {
    // GeNN: in a double model `0.1` is the double 0.1.
    env<"V = 0.1; d = 0.1; f = 0.1; flag = 0.1 == 0.1f;", double> e;
    e.run();
    CHECK(e.get("V") == 0.1);
    CHECK(e.get("d") == 0.1);
    CHECK(e.get("f") == double(0.1f));
    CHECK(e.get("flag") == 0);  // 0.1 != (double)0.1f
}

TEST_CASE("corpus: an f-suffixed literal stays float in a double model", "[dsl][corpus]") {
    // C: `1.0f / 3.0f` is computed in float, whatever it is assigned to; a d suffix
    // (GeNN extension) forces double even in a float model.
    env<"d = 1.0f / 3.0f; V = 0.1f;", double> e1;
    e1.run();
    CHECK(e1.get("d") == double(1.0f / 3.0f));
    CHECK(e1.get("d") != 1.0 / 3.0);
    CHECK(e1.get("V") == double(0.1f));
    env<"d = 1.0d / 3.0d; V = 2.0d * 0.1;", float> e2;
    e2.run();
    CHECK(e2.get("d") == 1.0 / 3.0);
    CHECK(e2.get("V") == double(float(2.0 * double(0.1f))));  // double * float-scalar
}

TEST_CASE("corpus: float with double is double; int with float is float", "[dsl][corpus]") {
    // C 6.3.1.8: the operand of lower rank converts to the higher-ranked floating type.
    env<"d = f + 0.1d; V = f / 3; U = 1 / 3 + 1.0f / 3;"> e;
    e.set("f", 0.3);
    e.run();
    float fv = 0.3f;
    CHECK(e.get("d") == double(fv) + 0.1);
    CHECK(e.get("V") == double(fv / 3));
    CHECK(e.get("U") == double(1 / 3 + 1.0f / 3));
}

TEST_CASE("corpus: floating literal spellings", "[dsl][corpus]") {
    // C 6.4.4.2: digits with a point and/or exponent; a leading or trailing point is fine.
    env<"V = .5 + 5. + 1e3 + 1.5e-3 + 2E+2; f = 2.5e-1f;"> e;
    e.run();
    CHECK(e.get("V") == .5 + 5. + 1e3 + 1.5e-3 + 2E+2);
    CHECK(e.get("f") == double(2.5e-1f));
}

// ---- comparisons, logic, conversion to bool --------------------------------------------------

TEST_CASE("corpus: comparisons and ! give 0 or 1", "[dsl][corpus]") {
    // C 6.5.8/6.5.9/6.5.3.3: relational, equality and ! results are 0 or 1 (int).
    env<"n = (3 < 5) + (2 == 2) + !0 + (1 != 1) + !7; m = 5 > 3 > 1; V = (V > 1) * 10;"> e;
    e.set("V", 2);
    e.run();
    CHECK(e.get("n") == 3);
    CHECK(e.get("m") == (int(5 > 3) > 1));  // chained: (5 > 3) > 1 is 1 > 1
    CHECK(e.get("V") == 10);
}

TEST_CASE("corpus: && and || on floating operands, and short-circuit", "[dsl][corpus]") {
    // C 6.5.13/14: operands compare unequal to 0; the right one is not evaluated when the
    // left decides the result.
    env<"flag = V && 0.5; k = (n != 0 && 10 / n > 2) || m++ > 100; if (n > 0 && gennrand_uniform() > 0.0) U = 1;"> e;
    e.set("V", 0.25);
    e.run();
    CHECK(e.get("flag") == 1);
    CHECK(e.get("k") == 0);
    CHECK(e.get("m") == 1);  // || evaluated its right side
    CHECK(e.get("U") == 0);
    CHECK(e.rng_.log.empty());  // && did not
}

TEST_CASE("corpus: conversion to bool is != 0", "[dsl][corpus]") {
    // C 6.3.1.2: any nonzero scalar converts to _Bool 1, even 0.5 (not truncation).
    env<"flag = 0.5; n = flag + flag; bool z = -0.0; m = z; bool w = 256; k = w;"> e;
    e.run();
    CHECK(e.get("flag") == 1);
    CHECK(e.get("n") == 2);
    CHECK(e.get("m") == 0);
    CHECK(e.get("k") == 1);
}

// ---- assignment ----------------------------------------------------------------------------

TEST_CASE("corpus: every compound assignment on ints", "[dsl][corpus]") {
    // C 6.5.16.2: E1 op= E2 is E1 = E1 op (E2), with E1 evaluated once.
    env<"n += 3; m = n; n -= 1; n *= 4; n /= 3; n %= 5; k = n; n = 13; n &= 6; n |= 9; n ^= 5; n <<= 2; n >>= 1;"> e;
    e.set("n", 4);
    e.run();
    int n = 4;
    n += 3; int m = n; n -= 1; n *= 4; n /= 3; n %= 5; int k = n;
    n = 13; n &= 6; n |= 9; n ^= 5; n <<= 2; n >>= 1;
    CHECK(e.get("m") == m);
    CHECK(e.get("k") == k);
    CHECK(e.get("n") == n);
}

TEST_CASE("corpus: compound assignment on scalars", "[dsl][corpus]") {
    // C: the operation is done in the operands' common type.
    env<"V += a; V -= 0.5; V *= 3; V /= 4; U -= -a * b;", float> e;
    e.set("a", 1.25); e.set("b", 3); e.set("V", 0.1); e.set("U", 2);
    e.run();
    float v = 0.1f, u = 2, a = 1.25f, b = 3;
    v += a; v -= 0.5f; v *= 3; v /= 4; u -= -a * b;
    CHECK(e.get("V") == double(v));
    CHECK(e.get("U") == double(u));
}

TEST_CASE("corpus: compound assignment to an int with a floating right side", "[dsl][corpus]") {
    // C: `n += 2.7` computes n + 2.7 in double, then converts (truncates) to int.
    env<"n += 2.7; m *= 0.5; u8 += 250; k -= 0.5;"> e;
    e.set("n", 1); e.set("m", 5); e.set("u8", 10); e.set("k", 0);
    e.run();
    int n = 1, m = 5, k = 0;
    std::uint8_t u8 = 10;
    n = int(n + 2.7); m = int(m * 0.5); u8 = std::uint8_t(u8 + 250); k = int(k - 0.5);
    CHECK(e.get("n") == n);
    CHECK(e.get("n") == 3);
    CHECK(e.get("m") == m);
    CHECK(e.get("u8") == u8);
    CHECK(e.get("k") == 0);  // -0.5 truncates to 0, not -1
}

TEST_CASE("corpus: assignment is a right-associative expression", "[dsl][corpus]") {
    // C 6.5.16: an assignment has the value of the left operand after the assignment.
    env<"n = m = 7; V = U = 2.5; k = (m += 2) * 3; n = (u8 = 300) + 1;"> e;
    e.run();
    CHECK(e.get("m") == 9);
    CHECK(e.get("U") == 2.5);
    CHECK(e.get("V") == 2.5);
    CHECK(e.get("k") == 27);
    CHECK(e.get("n") == 45);  // the value is u8's after conversion: 44
}

TEST_CASE("corpus: ++ and --, prefix and postfix", "[dsl][corpus]") {
    // C 6.5.2.4/6.5.3.1: postfix yields the old value, prefix the new one.
    env<"m = n++; k = ++n; V = U--; U = --V; u8 = 255; u8++; big = u8--;"> e;
    e.set("n", 5); e.set("U", 1.5);
    e.run();
    CHECK(e.get("m") == 5);
    CHECK(e.get("k") == 7);
    CHECK(e.get("n") == 7);
    CHECK(e.get("V") == 0.5);
    CHECK(e.get("U") == 0.5);
    CHECK(e.get("big") == 0);  // 255 + 1 wrapped to 0
    CHECK(e.get("u8") == 255);
}

// ---- locals and scopes -----------------------------------------------------------------------

TEST_CASE("corpus: block scoping and shadowing", "[dsl][corpus]") {
    // C 6.2.1: an inner declaration hides the outer one until the end of its block.
    env<"scalar x = 1.0; { scalar x = 2.0; V = x; { x += 10.0; U = x; } } d = x;"> e;
    e.run();
    CHECK(e.get("V") == 2.0);
    CHECK(e.get("U") == 12.0);
    CHECK(e.get("d") == 1.0);
}

TEST_CASE("corpus: a local dt shadows the built-in", "[dsl][corpus]") {
    // GeNN: redeclaring a built-in name locally is accepted (STDP declares `dt`); C: the
    // local hides the outer name inside its block only.
    env<"{ scalar dt = t - 0.5; V = dt * 4.0; } U = dt;"> e;
    e.set("t", 2.0); e.set("dt", 0.1);
    e.run();
    CHECK(e.get("V") == (2.0 - 0.5) * 4.0);
    CHECK(e.get("U") == 0.1);
}

TEST_CASE("corpus: a declarator sees the ones before it", "[dsl][corpus]") {
    // C 6.2.1: a declarator's scope begins just after it, so `q = p * 2` sees p.
    env<"int p = 3, q = p * 2, r; r = p + q; n = r; const scalar half = 0.5; V = half * q;"> e;
    e.run();
    CHECK(e.get("n") == 9);
    CHECK(e.get("V") == 3.0);
}

TEST_CASE("corpus: a for-init declaration ends with the loop", "[dsl][corpus]") {
    // C99 6.8.5: the scope of a for-init declaration is the loop; the outer i is untouched.
    env<"int i = 100; for (int i = 0; i < 3; i++) n += i; m = i;"> e;
    e.run();
    CHECK(e.get("n") == 3);
    CHECK(e.get("m") == 100);
}

TEST_CASE("corpus: locals in a loop body are re-initialised each iteration", "[dsl][corpus]") {
    // C 6.2.4: an automatic object with an initialiser is initialised each time its
    // declaration is reached.
    env<"for (int i = 0; i < 4; i++) { int c = 10; c += i; n += c; }"> e;
    e.run();
    CHECK(e.get("n") == 10 + 11 + 12 + 13);
}

TEST_CASE("corpus: an initialiser reads the outer name (cortexpr rule)", "[dsl][corpus]") {
    // In C, `scalar V = V + 1.0;` reads the new, indeterminate V (undefined). cortexpr
    // checks the initialiser before the name comes into scope, so it reads the variable V:
    // a defined choice where C has none.
    env<"{ scalar V = V + 1.0; U = V; } d = V;"> e;
    e.set("V", 2.0);
    e.run();
    CHECK(e.get("U") == 3.0);
    CHECK(e.get("d") == 2.0);
}

// ---- maths -------------------------------------------------------------------------------------

TEST_CASE("corpus: exp, expm1, log1p, pow, sqrt in double", "[dsl][corpus]") {
    // C 7.12: the double functions for double arguments; int arguments promote to double.
    env<"V = exp(a); U = expm1(b); d = log1p(ExpTC); big = pow(2, 40); n = sqrt(2) * 1000;"> e;
    volatile double a = 0.7, b = 1e-10, c = 1e-12;  // run-time values, as the code sees them
    e.set("a", a); e.set("b", b); e.set("ExpTC", c);
    e.run();
    CHECK(e.get("V") == std::exp(a));
    CHECK(e.get("U") == std::expm1(b));
    CHECK(e.get("d") == std::log1p(c));
    CHECK(e.get("big") == 1099511627776.0);
    CHECK(e.get("n") == int(std::sqrt(2.0) * 1000));
}

TEST_CASE("corpus: exp of a float calls expf", "[dsl][corpus]") {
    // C++ overloading (GeNN): a float argument selects the float function, so the result
    // is expf's, then widened -- not exp's.
    env<"d = exp(f); V = exp((float)a); U = sqrt(f) * 1.0d;"> e;
    volatile float x = 0.3f;  // a run-time value: the compiler must not fold the reference
    e.set("f", x); e.set("a", x);
    e.run();
    CHECK(e.get("d") == double(::expf(x)));
    CHECK(e.get("d") != std::exp(double(x)));
    CHECK(e.get("V") == double(::expf(x)));
    CHECK(e.get("U") == double(::sqrtf(x)));
}

TEST_CASE("corpus: maths in a float model call the float functions", "[dsl][corpus]") {
    // GeNN: scalar arguments of a float model select tanhf, powf, fmodf; pow(float, int)
    // resolves to the float overload (GeNN's overload resolution; C++'s std::pow would
    // promote to double).
    env<"V = tanh(a); U = pow(a, 2); d = fmod(a, 0.25); f = log1p(a);", float> e;
    // a run-time value: g++ -O3 folds tanhf(0.7f) correctly rounded, glibc's tanhf is an
    // ulp off, and the test is about which function runs, not about glibc
    volatile float a = 0.7f;
    e.set("a", a);
    e.run();
    CHECK(e.get("V") == double(::tanhf(a)));
    CHECK(e.get("U") == double(::powf(a, 2.0f)));
    CHECK(e.get("d") == double(::fmodf(a, 0.25f)));
    CHECK(e.get("f") == double(::log1pf(a)));
}

TEST_CASE("corpus: fmod keeps the sign of the dividend", "[dsl][corpus]") {
    // C 7.12.10.1: fmod(x, y) has the sign of x and magnitude less than |y|.
    env<"V = fmod(-7.5, 2); U = fmod(7.5, -2); d = remainder(7.5, 2);"> e;
    e.run();
    CHECK(e.get("V") == std::fmod(-7.5, 2.0));
    CHECK(e.get("V") == -1.5);
    CHECK(e.get("U") == 1.5);
    CHECK(e.get("d") == std::remainder(7.5, 2.0));
}

TEST_CASE("corpus: rint rounds half to even, round half away from zero", "[dsl][corpus]") {
    // C 7.12.9: rint uses the current rounding mode (to nearest, ties to even); round
    // rounds ties away from zero; floor/ceil/trunc as named.
    env<R"(
        n = rint(2.5); m = rint(3.5); k = rint(-2.5);
        V = round(2.5) * 100 + round(-2.5);
        U = floor(-2.5) * 100 + ceil(-2.5);
        d = trunc(-2.7) + nearbyint(0.5);)"> e;
    e.run();
    CHECK(e.get("n") == 2);
    CHECK(e.get("m") == 4);
    CHECK(e.get("k") == -2);
    CHECK(e.get("V") == std::round(2.5) * 100 + std::round(-2.5));
    CHECK(e.get("V") == 297);
    CHECK(e.get("U") == -302);
    CHECK(e.get("d") == -2.0);
}

TEST_CASE("corpus: min and max on ints stay integers", "[dsl][corpus]") {
    // GeNN's integer min/max: the result has the operands' common integer type, so
    // min(7, 2) / 4 is integer division, and max(3u, -1) compares as unsigned.
    env<"n = min(-3, 2); m = max(7, 3); V = min(7, 2) / 4; u = max(3u, -1); U = max(2, 2.5);"> e;
    e.run();
    CHECK(e.get("n") == -3);
    CHECK(e.get("m") == 7);
    CHECK(e.get("V") == 0.0);
    CHECK(e.get("u") == 4294967295.0);
    CHECK(e.get("U") == 2.5);
}

TEST_CASE("corpus: fmin, fmax, fabs, abs, copysign, hypot", "[dsl][corpus]") {
    // C 7.12: the floating min/max/abs family; abs on an int is the integer one.
    env<"V = fmin(a, b) + fmax(a, b) * 10; U = fabs(-2.25); n = abs(-7); d = copysign(3, -0.0) + hypot(3, 4);"> e;
    e.set("a", 1.5); e.set("b", -0.5);
    e.run();
    CHECK(e.get("V") == std::fmin(1.5, -0.5) + std::fmax(1.5, -0.5) * 10);
    CHECK(e.get("U") == 2.25);
    CHECK(e.get("n") == 7);
    CHECK(e.get("d") == -3.0 + 5.0);
}

// ---- random numbers ------------------------------------------------------------------------------

TEST_CASE("corpus: raw gennrand is a 32-bit unsigned draw", "[dsl][corpus]") {
    // GeNN: gennrand() returns uint32; `% 10` is unsigned modulo.
    env<"u = gennrand(); big = gennrand(); n = gennrand() % 10;"> e;
    e.run();
    CHECK(e.get("u") == stub_raw[0]);
    CHECK(e.get("big") == stub_raw[1]);
    CHECK(e.get("n") == int(stub_raw[2] % 10));
    CHECK(e.rng_.log == log_t{"raw", "raw", "raw"});
}

TEST_CASE("corpus: every gennrand_ function, in call order", "[dsl][corpus]") {
    // GeNN: one draw per call, in the order the statements run.
    env<R"(
        V = gennrand_uniform();
        U = gennrand_normal();
        d = gennrand_exponential();
        big = gennrand_binomial(10, 0.5);
        f = gennrand_log_normal(1.0, 2.0);
        V += gennrand_gamma(3.0);
        u = gennrand_binomial(7u, a);)"> e;
    e.set("a", 0.5);
    e.run();
    CHECK(e.get("U") == stub_normal[0]);
    CHECK(e.get("d") == stub_exponential[0]);
    CHECK(e.get("big") == 5);
    CHECK(e.get("f") == double(float(1.0 + 2.0 * stub_normal[1])));
    CHECK(e.get("V") == stub_uniform[0] + 3.0 * stub_exponential[1]);
    CHECK(e.get("u") == 3);  // the stub's binomial is floor(n * p)
    CHECK(e.rng_.log == log_t{"uniform", "normal", "exponential", "binomial", "log_normal", "gamma", "binomial"});
}

TEST_CASE("corpus: random draws in one expression happen left to right", "[dsl][corpus]") {
    // C leaves the order of operand and argument evaluation unspecified; cortexpr fixes it
    // left to right, so that every backend (g++ evaluates arguments right to left, nvcc
    // left to right) draws the same numbers for the same seed.
    env<R"(
        V = gennrand_uniform() - gennrand_normal();
        U = pow(gennrand_exponential(), gennrand_uniform());
        d = gennrand_log_normal(gennrand_uniform(), gennrand_normal());
        addToPostDelay(gennrand_uniform(), gennrand_normal());)"> e;
    e.run();
    CHECK(e.get("V") == stub_uniform[0] - stub_normal[0]);
    CHECK(e.get("U") == std::pow(stub_exponential[0], stub_uniform[1]));
    CHECK(e.get("d") == stub_uniform[2] + stub_normal[2] * stub_normal[1]);
    REQUIRE(e.calls.size() == 1);
    CHECK(e.calls[0].args == std::vector<double>{stub_uniform[3], stub_normal[3]});
    CHECK(e.rng_.log == log_t{"uniform", "normal", "exponential", "uniform", "uniform", "normal",
                              "log_normal", "uniform", "normal"});
    // the same stream twice in one expression: the order shows in the values
    env<"V = gennrand_uniform() - gennrand_uniform(); addToPostDelay(gennrand_uniform(), gennrand_uniform());"> e2;
    e2.run();
    CHECK(e2.get("V") == stub_uniform[0] - stub_uniform[1]);
    REQUIRE(e2.calls.size() == 1);
    CHECK(e2.calls[0].args == std::vector<double>{stub_uniform[2], stub_uniform[3]});
}

TEST_CASE("corpus: gennrand_uniform in a float model is float", "[dsl][corpus]") {
    // GeNN: gennrand_* return scalar.
    env<"V = gennrand_uniform() * 0.1; d = gennrand_normal();", float> e;
    e.run();
    CHECK(e.get("V") == double(float(stub_uniform[0]) * 0.1f));
    CHECK(e.get("d") == double(float(stub_normal[0])));
}

// ---- arrays and context functions -------------------------------------------------------------

TEST_CASE("corpus: extra global parameter arrays are indexed", "[dsl][corpus]") {
    // GeNN's SpikeSourceArray: spikeTimes[startSpike] reads an EGP array element.
    env<"while (startSpike != endSpike && t >= spikeTimes[startSpike]) { startSpike++; n++; } V = spikeTimes[startSpike - 1];"> e;
    double times[] = {1.0, 2.5, 2.5, 4.0, 9.0};
    e.set_array("spikeTimes", times);
    e.set("startSpike", 1); e.set("endSpike", 5); e.set("t", 4.0);
    e.run();
    CHECK(e.get("startSpike") == 4);
    CHECK(e.get("n") == 3);
    CHECK(e.get("V") == 4.0);
}

TEST_CASE("corpus: array elements are assignable lvalues", "[dsl][corpus]") {
    // C: a subscript expression is an lvalue; ++ and op= apply to the element.
    env<"arr[2] = arr[0] + arr[1]; arr[3]++; arr[id] *= 2; n = arr[id + 1] + --arr[0];"> e;
    int xs[] = {5, 6, 0, 10, 20};
    e.set_array("arr", xs);
    e.set("id", 1);
    e.run();
    CHECK(xs[2] == 11);
    CHECK(xs[3] == 11);
    CHECK(xs[1] == 12);
    CHECK(xs[0] == 4);
    CHECK(e.get("n") == 11 + 4);
}

TEST_CASE("corpus: context functions are called with their arguments", "[dsl][corpus]") {
    // GeNN: addToPost(x) / addToPostDelay(x, d) in synaptic code; each call happens once,
    // in order, with the argument values at the time of the call.
    env<"addToPost(g * V); for (int i = 0; i < 3; i++) addToPost(i); addToPostDelay(V, 3); if (V < 0) addToPost(-1);"> e;
    e.set("g", 0.5); e.set("V", 3.0);
    e.run();
    REQUIRE(e.calls.size() == 5);
    CHECK(e.calls[0].name == "addToPost");
    CHECK(e.calls[0].args == std::vector<double>{1.5});
    CHECK(e.calls[1].args == std::vector<double>{0.0});
    CHECK(e.calls[3].args == std::vector<double>{2.0});
    CHECK(e.calls[4].name == "addToPostDelay");
    CHECK(e.calls[4].args == std::vector<double>{3.0, 3.0});
}

// ---- lexical details ---------------------------------------------------------------------------

TEST_CASE("corpus: // and /* */ comments", "[dsl][corpus]") {
    // C 6.4.9: a block comment ends at the first */ (it may hold //); a line comment
    // ends at the newline; comments inside tokens' gaps are whitespace.
    env<R"(// leading line comment; V = 100;
        V = 1; /* V = 2; */ U = 3;
        /* multi
           line // not a line comment
           V = 4; */ n = 4; // trailing: n = 5;
        m = 2/**/*/**/3; d = 8 / /* divide */ 2;)"> e;
    e.run();
    CHECK(e.get("V") == 1);
    CHECK(e.get("U") == 3);
    CHECK(e.get("n") == 4);
    CHECK(e.get("m") == 6);
    CHECK(e.get("d") == 4);
}

TEST_CASE("corpus: precedence of arithmetic and unary minus", "[dsl][corpus]") {
    // C: * / % above + -, left associative; unary minus binds tighter than *.
    env<"n = 2 + 3 * 4 - 8 / 2 % 3; m = 10 - 4 - 3; V = -a * b; U = a - -b; k = - - 3;"> e;
    e.set("a", 1.5); e.set("b", 2);
    e.run();
    CHECK(e.get("n") == 2 + 3 * 4 - 8 / 2 % 3);
    CHECK(e.get("m") == 3);
    CHECK(e.get("V") == -1.5 * 2);
    CHECK(e.get("U") == 3.5);
    CHECK(e.get("k") == 3);
}

TEST_CASE("corpus: read-only names are readable", "[dsl][corpus]") {
    // GeNN: parameters, derived parameters, read-only variables and built-ins are read.
    env<"V = a * ExpTC + g + t * dt + id;"> e;
    e.set("a", 2); e.set("ExpTC", 0.5); e.set("g", 0.25); e.set("t", 3); e.set("dt", 0.5); e.set("id", 7);
    e.run();
    CHECK(e.get("V") == 2 * 0.5 + 0.25 + 3 * 0.5 + 7);
}

TEST_CASE("corpus: time is timepoint precision", "[dsl][corpus]") {
    // GeNN: t and dt have the time precision; scalar + timepoint is timepoint.
    using U = code_unit<"d = t + 0.1f; V = t;", ctx>;
    code_env<U, float, double> e;
    e.set("t", 1000.1);
    e.run();
    CHECK(e.get("d") == 1000.1 + double(0.1f));
    CHECK(e.get("V") == double(float(1000.1)));
}

// ---- a threshold expression that reads a local of the sim code ------------------------------

namespace {
struct sim_and_threshold {
    static constexpr dsl::field_source fields[] = {
        {"sim_code", "scalar v2 = V * 2.0; int hits = n + 1; V = v2;", false, &ctx, false},
        {"threshold_condition_code", "v2 > 3.0 && hits > 1;", true, &ctx, true},
        {"reset_code", "V = v2 - 10.0; n = hits;", false, &ctx, true},
    };
    static constexpr dsl::unit_source source{"Two", fields, 3};
};
}  // namespace

TEST_CASE("corpus: threshold and reset read locals declared in sim code", "[dsl][corpus]") {
    // GeNN: a local declared in sim_code is visible in the same neuron's threshold and
    // reset code (the three fields share one frame of locals).
    code_env<sim_and_threshold> e;
    e.set("V", 1.0); e.set("n", 0);
    e.run<0>();
    CHECK_FALSE(e.test<1>());  // v2 = 2
    e.set("V", 2.0); e.set("n", 1);
    e.run<0>();
    REQUIRE(e.test<1>());  // v2 = 4, hits = 2
    e.run<2>();
    CHECK(e.get("V") == 4.0 - 10.0);
    CHECK(e.get("n") == 2);
}
