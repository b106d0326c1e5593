// tests/compile_fail/dsl_use_before_declaration_fail.cpp     variants: 0:2
// every-path: 0
//
// A local named before its declaration, or after the block that declares it has ended.
#include <in_network.hpp>

namespace cx = cortexpr;

struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto params = cx::params("Vrest");
    static constexpr auto vars = cx::vars("V");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{LIF.sim_code:1:9: local used before its declaration 'alpha'}}
    static constexpr cx::code sim_code = "V = V * alpha; scalar alpha = 0.5;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{LIF.sim_code:2:9: local used outside the block that declares it 'y'}}
    static constexpr cx::code sim_code = "if (V > 0.0) { scalar y = V; }\n    V = y;";
#else
    static constexpr cx::code sim_code = "scalar alpha = 0.5; V = V * alpha; if (V > 0.0) { scalar y = V; V = y; }";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<LIF>(); }
