// tests/compile_fail/dsl_assignment_fail.cpp     variants: 0:9
// every-path: 0
//
// Assignment (=, op=, ++, --) to something code may only read: a parameter, a derived
// parameter, a variable with a read-only access mode, a built-in (t, dt, id), a const
// local, an extra global parameter array itself.
#include <in_network.hpp>

namespace cx = cortexpr;

struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto params = cx::params("TauM", "Vrest", "Vreset", "Vthresh");
    static constexpr auto derived = cx::derived_params(cx::derive("ExpTC", "exp(-dt / TauM)"));
    static constexpr auto vars = cx::vars("V");
    static constexpr auto extra_global_params = cx::extra_global_params(cx::egp("spikeTimes", "scalar*"));
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{LIF.sim_code:1:1: assignment to parameter 'Vrest'}}
    static constexpr cx::code sim_code = "Vrest = V;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{LIF.sim_code:1:16: assignment to derived parameter 'ExpTC'}}
    static constexpr cx::code sim_code = "if (V > 0.0) { ExpTC *= 0.5; }";
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{LIF.sim_code:2:5: assignment to read-only built-in 't'}}
    static constexpr cx::code sim_code = "V = Vrest;\n    t = 0.0;";
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{LIF.sim_code:1:10: assignment to read-only built-in 'dt'}}
    static constexpr cx::code sim_code = "V += 1.0;dt = 0.5;";
#elif CORTEXPR_VARIANT == 5
// expected-error-5 {{LIF.sim_code:1:1: assignment to read-only built-in 'id'}}
    static constexpr cx::code sim_code = "id++;";
#elif CORTEXPR_VARIANT == 6
// expected-error-6 {{LIF.sim_code:1:27: assignment to const local 'k'}}
    static constexpr cx::code sim_code = "const scalar k = ExpTC; --k; V *= k;";
#elif CORTEXPR_VARIANT == 7
// expected-error-7 {{LIF.sim_code:1:1: assignment to extra global parameter 'spikeTimes'}}
    static constexpr cx::code sim_code = "spikeTimes = 0;";
#elif CORTEXPR_VARIANT == 8
// expected-error-8 {{LIF.threshold_condition_code:1:2: assignment to read-only variable 'V'}}
    static constexpr cx::code sim_code = "V += 1.0;";
    static constexpr cx::code threshold_condition_code = "(V = Vreset) >= Vthresh";
#else
    static constexpr cx::code sim_code = "V = Vrest + (V - Vrest) * ExpTC; spikeTimes[0] = t; { scalar dt = 0.1; V += dt; }";
#endif
#if CORTEXPR_VARIANT != 8
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
#endif
};

[[maybe_unused]] void use_ok() { in_network::neuron<LIF>(); }

// a variable with a read-only access mode, written in synaptic code
struct StaticPulse {
    static constexpr std::string_view name = "StaticPulse";
    static constexpr auto vars = cx::vars(cx::var("g", "scalar", cx::access::read_only));
#if CORTEXPR_VARIANT == 2
// expected-error-2 {{StaticPulse.pre_spike_syn_code:1:15: assignment to read-only variable 'g'}}
    static constexpr cx::code pre_spike_syn_code = "addToPost(g); g += 0.1;";
#else
    static constexpr cx::code pre_spike_syn_code = "addToPost(g);";
#endif
};

[[maybe_unused]] void use_syn_ok() { in_network::weight_update<StaticPulse>(); }
