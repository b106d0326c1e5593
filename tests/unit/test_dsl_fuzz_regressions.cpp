// Inputs the parser fuzz target (fuzz/fuzz_parser.cpp) found, replayed through the
// run-time path of the compiler with the same context and the same invariants
// (support/fuzz_context.hpp), plus the exact message each one gives now. Each input is
// also in fuzz/corpus/parser/regress_*, so the fuzzer starts from it.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "support/fuzz_context.hpp"

namespace {

namespace fz = cortexpr::testing::fuzz;

std::string message_of(std::string_view input) {
    std::string_view code[3];
    const std::uint32_t n = fz::split_fields(input, code);
    const fz::fuzz_unit unit(code, n);
    return fz::run_compile(unit.source).message;
}

struct regression {
    const char* what;        // the defect, and where it was fixed
    std::string_view input;  // as the fuzzer saw it: fields split on NUL
    const char* message;     // what the compiler says now
};

// Fields are split on "\0": sizeof-1 keeps embedded NULs in the string_view.
#define CORTEXPR_INPUT(s) std::string_view(s, sizeof(s) - 1)

const regression regressions[] = {
    {"lexer: a hex literal with no digits at the end of the code ('0x', '0xll') had an "
     "error span one past the end of its field (lexer.hpp, hex literal)",
     CORTEXPR_INPUT("int k = 0xll"), "Fuzz.sim_code:1:9: malformed number '0xll'"},
    {"the same, as a threshold expression", CORTEXPR_INPUT("\0V > 0x"),
     "Fuzz.threshold_condition_code:1:5: malformed number '0x'"},
    {"checker: a pointer local without an initialiser was accepted, and indexing it then "
     "wrote through an uninitialised pointer at run time (checker.hpp, declare)",
     CORTEXPR_INPUT("scalar* p;\np[0] = 1.0;"), "Fuzz.sim_code:1:9: unknown type 'scalar*'"},
    {"the same in a for statement's declaration", CORTEXPR_INPUT("for (unsigned int* q; ; ) { break; }"),
     "Fuzz.sim_code:1:20: unknown type 'unsigned int*'"},
    {"lexer: a non-ASCII character was reported by its first byte only, so the message "
     "held half a UTF-8 character (lexer.hpp, unexpected character)",
     CORTEXPR_INPUT("V = 5 * \xc2\xb5;"), "Fuzz.sim_code:1:9: unexpected character '\xc2\xb5'"},
    {"the same with a three-byte character in the threshold", CORTEXPR_INPUT("\0V > 1\xe2\x80\xa6"),
     "Fuzz.threshold_condition_code:1:6: unexpected character '\xe2\x80\xa6'"},
    {"a lone continuation byte stays one byte", CORTEXPR_INPUT("V = \xb5\xb5;"),
     "Fuzz.sim_code:1:5: unexpected character '\xb5'"},
    {"lexer: the same in a malformed hex literal: '0x' followed by a non-ASCII character "
     "took in the character's first byte only (lexer.hpp, hex literal)",
     CORTEXPR_INPUT("int k = 0x\xc9\x93" "ff;"), "Fuzz.sim_code:1:9: malformed number '0x\xc9\x93'"},
};

}  // namespace

TEST_CASE("dsl fuzz regressions: invariants hold", "[dsl][fuzz]") {
    for (const regression& r : regressions) {
        INFO(r.what);
        CHECK(fz::invariant_violation(r.input) == "");
    }
}

TEST_CASE("dsl fuzz regressions: messages", "[dsl][fuzz]") {
    for (const regression& r : regressions) {
        INFO(r.what);
        CHECK(message_of(r.input) == r.message);
    }
}

TEST_CASE("dsl fuzz regressions: the seed corpus's model code is valid in the fuzz context", "[dsl][fuzz]") {
    // The built-in models' code, as in fuzz/corpus/parser/: guards the context against
    // drifting away from the corpus (then the fuzzer would start from errors only).
    const std::string_view valid[] = {
        CORTEXPR_INPUT("if (RefracTime <= 0.0) {\n    scalar alpha = ((Isyn + Ioffset) * Rmembrane) + Vrest;\n"
                       "    V = alpha - (ExpTC * (alpha - V));\n}\nelse {\n    RefracTime -= dt;\n}\n"
                       "\0RefracTime <= 0.0 && V >= Vthresh\0V = Vreset;\nRefracTime = TauRefrac;\n"),
        CORTEXPR_INPUT("\0startSpike != endSpike && t >= spikeTimes[startSpike]\0startSpike++;\n"),
        CORTEXPR_INPUT("addToPost(g);\nconst scalar dt = t - st_post;\nif (dt > 0) {\n"
                       "    m = fmin(c, fmax(b, V - a * exp(-dt / tau)));\n}\n"),
        CORTEXPR_INPUT("const int kernRow = (id_diag / 4) / 3;\nfor_each_synapse {\n"
                       "    if (kernRow == 0) continue;\n    addSynapse(id_pre + kernRow, 2 - kernRow, 0, 0, 1);\n}\n"),
    };
    for (std::string_view v : valid) {
        INFO(std::string(v));
        CHECK(message_of(v).find("no error") != std::string::npos);
        CHECK(fz::invariant_violation(v) == "");
    }
}
