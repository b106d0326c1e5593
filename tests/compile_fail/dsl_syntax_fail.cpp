// tests/compile_fail/dsl_syntax_fail.cpp     variants: 0:8
// every-path: 0
//
// Syntax errors: an unbalanced parenthesis, brace or bracket (reported at the opening
// one, where the user must look), a missing ';', a stray token, an unsupported keyword.
#include <in_network.hpp>

namespace cx = cortexpr;

struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto vars = cx::vars("V", "RefracTime");
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("spikeTimes", "scalar*"));
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{LIF.sim_code:1:5: unbalanced '('}}
    static constexpr cx::code sim_code = "V = (V + 1.0;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{LIF.sim_code:1:14: unbalanced '{'}}
    static constexpr cx::code sim_code = "if (V > 0.0) { V = 1.0;";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{LIF.sim_code:1:15: unbalanced '['}}
    static constexpr cx::code sim_code = "V = spikeTimes[0;";
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{LIF.sim_code:2:1: expected ';' before 'RefracTime'}}
    static constexpr cx::code sim_code = "V = 1.0\nRefracTime = 0.0;";
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{LIF.sim_code:1:8: expected ';' before 'end of code'}}
    static constexpr cx::code sim_code = "V = 1.0";
#elif CORTEXPR_VARIANT == 5
// expected-error-5 {{LIF.sim_code:1:5: expected an expression before ')'}}
    static constexpr cx::code sim_code = "V = ) 1;";
#elif CORTEXPR_VARIANT == 6
// expected-error-6 {{LIF.sim_code:1:10: unexpected token '}'}}
    static constexpr cx::code sim_code = "V = 1.0; }";
#elif CORTEXPR_VARIANT == 7
// expected-error-7 {{LIF.sim_code:1:1: unsupported keyword 'switch'}}
    static constexpr cx::code sim_code = "switch (RefracTime) { }";
#else
    static constexpr cx::code sim_code = "V = (V + 1.0); if (V > 0.0) { V = spikeTimes[0]; }\nRefracTime = 0.0;";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<LIF>(); }
