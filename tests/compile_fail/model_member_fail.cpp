// tests/compile_fail/model_member_fail.cpp     variants: 0:9
// every-path: 0 5
//
// A model member no backend would read is a compile error, not silently ignored: a
// misspelt member (GeNN 4/5 and PyGeNN spellings), a member of another family. The
// message names the model, the member and the closest valid member. Variant 7: a name
// the postsynaptic event condition does not see; variant 9: postsynaptic event code
// without its condition. Variant 8 is the passing twin (with param_domains and
// check_params, members of every family, and postsynaptic events).
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace model_member {
struct Neuron {
    static constexpr std::string_view name = "Neuron";
#if CORTEXPR_VARIANT == 1
// expected-error-1 {{neuron model 'Neuron': unknown member 'param_names' (did you mean 'params'?)}}
    static constexpr auto param_names = cx::params("tau");
#endif
    static constexpr auto params = cx::params("tau");
    static constexpr auto vars = cx::vars("V");
    static constexpr cx::code sim_code = "V -= V / tau * dt;";
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{neuron model 'Neuron': unknown member 'threshold_code' (did you mean 'threshold_condition_code'?)}}
    static constexpr cx::code threshold_code = "V > 1.0";
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{neuron model 'Neuron': unknown member 'thresholdConditionCode' (did you mean 'threshold_condition_code'?)}}
    static constexpr cx::code thresholdConditionCode = "V > 1.0";
#else
    static constexpr cx::code threshold_condition_code = "V > 1.0";
#endif
#if CORTEXPR_VARIANT == 3
// expected-error-3 {{neuron model 'Neuron': 'injection_code' is not a member of a neuron model (did you mean 'reset_code'?)}}
    static constexpr cx::code injection_code = "injectCurrent(1.0);";
#endif
    static constexpr cx::code reset_code = "V = 0.0;";
#if CORTEXPR_VARIANT == 8
    static constexpr auto param_domains = cx::domains(cx::positive("tau"));
    static constexpr cx::param_problem check_params(std::span<const double>) { return {}; }
#endif
};
struct Learn {
    static constexpr std::string_view name = "Learn";
    static constexpr auto vars = cx::vars("g");
#if CORTEXPR_VARIANT == 4
// expected-error-4 {{weight update model 'Learn': 'sim_code' is not a member of a weight update model (did you mean 'pre_spike_syn_code'?)}}
    static constexpr cx::code sim_code = "addToPost(g);";
#elif CORTEXPR_VARIANT == 6
// expected-error-6 {{weight update model 'Learn': unknown member 'learn_post_code' (did you mean 'post_spike_syn_code'?)}}
    static constexpr cx::code learn_post_code = "g += 0.01;";
#endif
    static constexpr cx::code pre_spike_syn_code = "addToPost(g);";
#if CORTEXPR_VARIANT == 5
// expected-error-5 {{weight update model 'Learn': unknown member 'event_code' (did you mean 'pre_event_syn_code'?)}}
    static constexpr cx::code event_code = "g += 0.01;";
#elif CORTEXPR_VARIANT == 7
// the postsynaptic event condition runs per postsynaptic neuron: no synapse variables
// expected-error-7 {{Learn.post_event_threshold_condition_code:1:1: unknown name 'g'}}
    static constexpr cx::code post_event_threshold_condition_code = "g > 0.5";
    static constexpr cx::code post_event_syn_code = "g += 0.01;";
#elif CORTEXPR_VARIANT == 9
// expected-error-9 {{weight update model 'Learn': 'post_event_syn_code' needs a 'post_event_threshold_condition_code' (postsynaptic spike-like events)}}
    static constexpr cx::code post_event_syn_code = "g += 0.01;";
#elif CORTEXPR_VARIANT == 8
    static constexpr cx::code post_event_threshold_condition_code = "id < 5";
    static constexpr cx::code post_event_syn_code = "g += 0.01 * (set_post - prev_set_post);";
#endif
};
}  // namespace model_member

using namespace model_member;

int main() {
    auto net = cx::network(cx::population<"A", Neuron>(10, "tau"_p = 20.0, "V"_v = 0.0),
                           cx::synapses<"AA", "A", "A">(cx::dense(), cx::wu<Learn>("g"_v = 0.1),
                                                        cx::psm<cx::postsynaptic::DeltaCurr>()));
    auto sim = cx::simulate<in_network::backend>(net, {.dt = 0.1});
    sim.run(1.0);
}
