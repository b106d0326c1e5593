// tests/compile_fail/dsl_redeclaration_fail.cpp     variants: 0:3
// every-path: 0
//
// A local declared twice in one scope. Shadowing -- an inner block, a for-init, reset
// code redeclaring a local of sim code, a local named like a built-in -- is fine.
#include <in_network.hpp>

namespace cx = cortexpr;

struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto vars = cx::vars("V");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{LIF.sim_code:1:24: redeclaration of 'x'}}
    static constexpr cx::code sim_code = "scalar x = 1.0; scalar x = 2.0; V = x;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{LIF.sim_code:1:15: redeclaration of 'i'}}
    static constexpr cx::code sim_code = "int i = 0, j, i = 1;";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{LIF.sim_code:3:16: redeclaration of 'k'}}
    static constexpr cx::code sim_code = R"(if (V > 0.0) {
        int k = 1;
        scalar k = 2.0;
    })";
#else
    static constexpr cx::code sim_code = R"(
        scalar x = 1.0;
        { scalar x = 2.0; V += x; }
        for (int x = 0; x < 2; x++) { V += x; }
        scalar dt = 0.5;
        V += x * dt;)";
#endif
    static constexpr cx::code threshold_condition_code = "V >= 1.0";
#if CORTEXPR_VARIANT == 3
    static constexpr cx::code reset_code = "scalar x = 0.0; V = x;";
#else
    static constexpr cx::code reset_code = "V = 0.0;";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<LIF>(); }
