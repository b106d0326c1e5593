// tests/compile_fail/dsl_context_function_fail.cpp     variants: 0:3
// every-path: 0
//
// A context function called where its context does not offer it: addToPost belongs to
// synaptic code, injectCurrent to current sources and postsynaptic models, addSynapse to
// connectivity initialisers.
#include <in_network.hpp>

namespace cx = cortexpr;

#if CORTEXPR_VARIANT == 0
// expected-error-0 {{LIF.sim_code:1:10: function not available in this code 'addToPost'}}
struct LIF {
    static constexpr std::string_view name = "LIF";
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V += dt; addToPost(V);";
};
[[maybe_unused]] void use_ok() { in_network::neuron<LIF>(); }
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{StaticPulse.pre_spike_syn_code:1:1: function not available in this code 'injectCurrent'}}
struct StaticPulse {
    static constexpr std::string_view name = "StaticPulse";
    static constexpr auto vars = cx::vars("g");
    static constexpr cx::code pre_spike_syn_code = "injectCurrent(g);";
};
[[maybe_unused]] void use_ok() { in_network::weight_update<StaticPulse>(); }
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{DC.injection_code:1:1: function not available in this code 'addSynapse'}}
struct DC {
    static constexpr std::string_view name = "DC";
    static constexpr auto params = cx::params("amp");
    static constexpr cx::code injection_code = "addSynapse(id);";
};
[[maybe_unused]] void use_ok() { in_network::current_source<DC>(); }
#else
// the passing twin: each function in a context that offers it
struct StaticPulse {
    static constexpr std::string_view name = "StaticPulse";
    static constexpr auto vars = cx::vars("g");
    static constexpr cx::code pre_spike_syn_code = "addToPost(g); addToPre(g); addToPostDelay(g, 1);";
};
struct DC {
    static constexpr std::string_view name = "DC";
    static constexpr auto params = cx::params("amp");
    static constexpr cx::code injection_code = "injectCurrent(amp);";
};
struct Ring {
    static constexpr std::string_view name = "Ring";
    static constexpr cx::code row_build_code = "addSynapse((id_pre + 1) % num_post);";
};
[[maybe_unused]] void use_ok() { in_network::weight_update<StaticPulse>(); in_network::current_source<DC>(); in_network::sparse_init<Ring>(); }
#endif
