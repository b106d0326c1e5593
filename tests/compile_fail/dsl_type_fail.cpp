// tests/compile_fail/dsl_type_fail.cpp     variants: 0:5
// every-path: 0
//
// Type errors: a subscript of something that is not an array, a floating index, an
// array used as a number, type words that name no type.
#include <in_network.hpp>

namespace cx = cortexpr;

struct SpikeSource {
    static constexpr std::string_view name = "SpikeSource";
    static constexpr auto vars = cx::vars("V", cx::var("startSpike", "unsigned int"));
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("spikeTimes", "scalar*"));
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{SpikeSource.sim_code:1:5: subscript of a name that is not an array 'V'}}
    static constexpr cx::code sim_code = "V = V[0];";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{SpikeSource.sim_code:1:16: array index is not an integer '0.5'}}
    static constexpr cx::code sim_code = "V = spikeTimes[0.5];";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{SpikeSource.sim_code:1:16: invalid operand of '+'}}
    static constexpr cx::code sim_code = "V = spikeTimes + 1.0;";
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{SpikeSource.sim_code:1:1: unknown type 'unsigned float'}}
    static constexpr cx::code sim_code = "unsigned float x = V;";
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{SpikeSource.sim_code:1:6: unknown type 'long double'}}
    static constexpr cx::code sim_code = "V = (long double)V;";
#else
    static constexpr cx::code sim_code =
        "V = spikeTimes[startSpike] + spikeTimes[(int)V]; unsigned long long x = startSpike; V += (double)x;";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<SpikeSource>(); }
