// tests/compile_fail/dsl_argument_count_fail.cpp     variants: 0:6
// every-path: 0
//
// A call with the wrong number of arguments, to a maths function, a random-number
// function or a context function. The message says how many were expected.
#include <in_network.hpp>

namespace cx = cortexpr;

struct Syn {
    static constexpr std::string_view name = "StaticPulse";
    static constexpr auto vars = cx::vars("g");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{StaticPulse.pre_spike_syn_code:1:11: wrong number of arguments (2 expected) to 'pow'}}
    static constexpr cx::code pre_spike_syn_code = "addToPost(pow(g));";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{StaticPulse.pre_spike_syn_code:1:11: wrong number of arguments (1 expected) to 'exp'}}
    static constexpr cx::code pre_spike_syn_code = "addToPost(exp(g, 2.0));";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{StaticPulse.pre_spike_syn_code:1:15: wrong number of arguments (0 expected) to 'gennrand_normal'}}
    static constexpr cx::code pre_spike_syn_code = "addToPost(g * gennrand_normal(1.0));";
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{StaticPulse.pre_spike_syn_code:1:1: wrong number of arguments (1 expected) to 'addToPost'}}
    static constexpr cx::code pre_spike_syn_code = "addToPost(g, 1);";
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{StaticPulse.pre_spike_syn_code:1:1: wrong number of arguments (2 expected) to 'addToPostDelay'}}
    static constexpr cx::code pre_spike_syn_code = "addToPostDelay(g);";
#elif CORTEXPR_VARIANT == 5
// expected-error-5 {{StaticPulse.pre_spike_syn_code:1:15: wrong number of arguments (2 expected) to 'gennrand_binomial'}}
    static constexpr cx::code pre_spike_syn_code = "addToPost(g * gennrand_binomial(10));";
#else
    static constexpr cx::code pre_spike_syn_code =
        "addToPost(pow(g, 2.0) * exp(g)); addToPostDelay(g * gennrand_normal(), 1); addToPost(gennrand_binomial(10, 0.5));";
#endif
};

[[maybe_unused]] void use_ok() { in_network::weight_update<Syn>(); }
