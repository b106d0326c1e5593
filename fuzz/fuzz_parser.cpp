// libFuzzer target: arbitrary bytes as model code, through the run-time path of the
// code-string compiler (dsl::compile + dsl::format_error), against a fixed, rich context.
// Build and run with fuzz/run.sh; see docs/fuzzing.md.
//
// The input is split on NUL bytes into up to three fields, the shape of a neuron unit:
//   sim_code (statements) \0 threshold_condition_code (expression) \0 reset_code
// Beyond "no crash, no undefined behaviour" (ASan/UBSan), it checks the invariants of
// tests/support/fuzz_context.hpp (error spans inside their field, one-line messages with
// the right place, valid ASTs that fit their arrays and are resolved trees, determinism).
// tests/unit/test_dsl_fuzz_regressions.cpp replays every input this target has found.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "support/fuzz_context.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096) return -1;  // long inputs only slow the search down: don't keep them
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string v = cortexpr::testing::fuzz::invariant_violation(input);
    if (!v.empty()) {
        std::fprintf(stderr, "invariant violated: %s\n", v.c_str());
        std::abort();
    }
    return 0;
}
