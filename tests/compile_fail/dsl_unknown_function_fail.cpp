// tests/compile_fail/dsl_unknown_function_fail.cpp     variants: 0:3
// every-path: 0
//
// A call of a function that neither the maths library, the random-number functions nor
// the code field's context provides. Names are case-sensitive, as in C.
#include <in_network.hpp>

namespace cx = cortexpr;

struct Izh {
    static constexpr std::string_view name = "Izhikevich";
    static constexpr auto params = cx::params("a", "b", "c", "d");
    static constexpr auto vars = cx::vars("V", "U");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{Izhikevich.sim_code:1:6: unknown function 'expp'}}
    static constexpr cx::code sim_code = "V += expp(-U) * dt;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{Izhikevich.sim_code:2:10: unknown function 'gennrand_uniformm'}}
    static constexpr cx::code sim_code = "V += dt;\n    U += gennrand_uniformm();";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{Izhikevich.sim_code:1:14: unknown function 'Exp'}}
    static constexpr cx::code sim_code = "V = a * dt * Exp(U);";
#else
    static constexpr cx::code sim_code =
        "V += 0.5 * (0.04 * V * V + 5.0 * V + 140.0 - U + Isyn) * dt; U += a * (b * V - U) * dt * exp(0.0);";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<Izh>(); }
