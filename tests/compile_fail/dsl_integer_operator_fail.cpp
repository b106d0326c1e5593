// tests/compile_fail/dsl_integer_operator_fail.cpp     variants: 0:7
// every-path: 0
//
// % and the bitwise operators (& | ^ ~ << >>, and their compound assignments) take
// integer operands only, as in C; on floating values use fmod, or cast.
#include <in_network.hpp>

namespace cx = cortexpr;

struct Counter {
    static constexpr std::string_view name = "Counter";
    static constexpr auto vars = cx::vars("V", cx::var("n", "int"), cx::var("bits", "unsigned int"));
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{Counter.sim_code:1:7: integer-only operator on floating-point operand '%'}}
    static constexpr cx::code sim_code = "V = V % 2.0;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{Counter.sim_code:1:11: integer-only operator on floating-point operand '%'}}
    static constexpr cx::code sim_code = "int k = V % 2; n = k;";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{Counter.sim_code:1:13: integer-only operator on floating-point operand '&'}}
    static constexpr cx::code sim_code = "bits = bits & V;";
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{Counter.sim_code:1:5: integer-only operator on floating-point operand '~'}}
    static constexpr cx::code sim_code = "n = ~V;";
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{Counter.sim_code:1:7: integer-only operator on floating-point operand '<<'}}
    static constexpr cx::code sim_code = "n = 1 << V;";
#elif CORTEXPR_VARIANT == 5
// expected-error-5 {{Counter.sim_code:1:13: integer-only operator on floating-point operand '%='}}
    static constexpr cx::code sim_code = "V += 1.0; V %= 2;";
#elif CORTEXPR_VARIANT == 6
// expected-error-6 {{Counter.sim_code:1:3: integer-only operator on floating-point operand '^='}}
    static constexpr cx::code sim_code = "n ^= 1.5;";
#else
    static constexpr cx::code sim_code =
        "V = fmod(V, 2.0); n = (int)V % 2; bits = (bits & 0xFFu) | (1u << n); bits ^= ~bits >> 3; n %= 7;";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<Counter>(); }
