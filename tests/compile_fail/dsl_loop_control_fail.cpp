// tests/compile_fail/dsl_loop_control_fail.cpp     variants: 0:3
// every-path: 0
//
// break and continue outside a loop. A loop in one code field does not make them valid
// in another (reset code runs after, not inside, the sim code's loops).
#include <in_network.hpp>

namespace cx = cortexpr;

struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto vars = cx::vars("V");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{LIF.sim_code:1:11: break outside a loop 'break'}}
    static constexpr cx::code sim_code = "V += 1.0; break;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{LIF.sim_code:1:16: continue outside a loop 'continue'}}
    static constexpr cx::code sim_code = "if (V > 0.0) { continue; }";
#else
    static constexpr cx::code sim_code = R"(
        for (int i = 0; i < 10; i++) { if (i == 3) continue; if (V > 5.0) break; V += 1.0; }
        while (V > 1.0) { V -= 0.5; if (V < 2.0) { break; } }
        do { V += 0.25; if (V > 0.0) continue; } while (V < 0.0);)";
#endif
    static constexpr cx::code threshold_condition_code = "V >= 1.0";
#if CORTEXPR_VARIANT == 2
// expected-error-2 {{LIF.reset_code:1:10: break outside a loop 'break'}}
    static constexpr cx::code reset_code = "V = 0.0; break;";
#else
    static constexpr cx::code reset_code = "V = 0.0;";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<LIF>(); }
