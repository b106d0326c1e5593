// tests/compile_fail/delayed_read_fail.cpp     variants: 0:4
// every-path: 0
//
// Delayed reads `x[d]` (docs/code-string-language.md): only postsynaptic state in
// synaptic code (a weight update's post_vars, post_neuron_var_refs and psm_var_refs) can
// be read delayed, and a delayed read cannot be assigned; presynaptic variables are
// read-only in synaptic code (as in GeNN 5: with an axonal delay they are delayed copies).
// Variant 4 is the passing twin.
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace delayed_read_fail {
struct Delayed {
    static constexpr std::string_view name = "Delayed";
    static constexpr auto vars = cx::vars("g");
    static constexpr auto pre_vars = cx::vars("p");
    static constexpr auto post_vars = cx::vars("q");
    static constexpr auto post_neuron_var_refs = cx::vars("V_post");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{Delayed.synapse_dynamics_code:1:1: assignment to a delayed read of 'q'}}
    static constexpr cx::code synapse_dynamics_code = "q[1] = g;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{Delayed.synapse_dynamics_code:1:5: subscript of a name that is not an array 'p'}}
    static constexpr cx::code synapse_dynamics_code = "g = p[1];";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{Delayed.post_dynamics_code:1:5: subscript of a name that is not an array 'V_post'}}
    static constexpr cx::code synapse_dynamics_code = "g = q[1];";
    static constexpr cx::code post_dynamics_code = "q = V_post[1];";
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{Delayed.synapse_dynamics_code:1:1: assignment to read-only variable 'p'}}
    static constexpr cx::code synapse_dynamics_code = "p = g;";
#else
    static constexpr cx::code synapse_dynamics_code = "g = q[1] + V_post[2] + p;";
#endif
};
}  // namespace delayed_read_fail

void build_and_use() { in_network::weight_update<delayed_read_fail::Delayed>(); }
