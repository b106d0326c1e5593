// tests/compile_fail/target_var_fail.cpp     variants: 0:7
// every-path: 0
//
// Input targets (network/input_target.hpp): cx::target_var on a postsynaptic model or a
// current source and cx::pre_target_var on a weight update must name Isyn or one of the
// target population's additional input variables (the message lists them), and belong to
// those builders only, once each. Variant 7 is the passing twin.
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace target_var_fail {
/// A neuron with one additional input, Iext.
struct WithIn {
    static constexpr std::string_view name = "WithIn";
    static constexpr auto vars = cx::vars("V");
    static constexpr auto additional_input_vars = cx::additional_inputs(cx::additional_input("Iext"));
    static constexpr cx::code sim_code = "V += (Isyn + Iext) * dt;";
    static constexpr cx::code threshold_condition_code = "V > 1.0";
    static constexpr cx::code reset_code = "V = 0.0;";
};
/// addToPre from synapse dynamics.
struct Back {
    static constexpr std::string_view name = "Back";
    static constexpr auto vars = cx::vars("g");
    static constexpr cx::code synapse_dynamics_code = "addToPre(g);";
};
}  // namespace target_var_fail

#define LIF_PARAMS "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, \
                   "Ioffset"_p = 0.0, "TauRefrac"_p = 2.0
#define LIF_VARS "V"_v = -65.0, "RefracTime"_v = 0.0

void build_and_use() {
#if CORTEXPR_VARIANT == 3
// expected-error-3 {{population 'A' (LIF): target_var 'Iext' is given to cx::psm or cx::source (addToPre's target: cx::pre_target_var in cx::wu)}}
    auto a = cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, LIF_VARS, cx::target_var<"Iext">);
#else
    auto a = cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, LIF_VARS);
#endif
    auto p = cx::population<"P", target_var_fail::WithIn>(10, "V"_v = 0.0);
#if CORTEXPR_VARIANT == 1
    auto drive = cx::source<"Drive", "A", cx::current_source::DC>("amp"_p = 0.5, cx::target_var<"Iext">);
#else
    auto drive = cx::source<"Drive", "P", cx::current_source::DC>("amp"_p = 0.5, cx::target_var<"Iext">);
#endif
#if CORTEXPR_VARIANT == 4
// expected-error-4 {{weight update 'StaticPulse': target_var 'Iext' is given to cx::psm or cx::source (addToPre's target: cx::pre_target_var in cx::wu)}}
    auto pulse = cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1, cx::target_var<"Iext">);
#else
    auto pulse = cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1);
#endif
#if CORTEXPR_VARIANT == 0
    auto into = cx::psm<cx::postsynaptic::DeltaCurr>(cx::target_var<"Inope">);
#elif CORTEXPR_VARIANT == 5
// expected-error-5 {{postsynaptic model 'DeltaCurr': pre_target_var 'Iext' is given to cx::wu (a postsynaptic model's or current source's target: cx::target_var)}}
    auto into = cx::psm<cx::postsynaptic::DeltaCurr>(cx::pre_target_var<"Iext">);
#elif CORTEXPR_VARIANT == 6
// expected-error-6 {{postsynaptic model 'DeltaCurr': two target variables, 'Iext' and 'Isyn'}}
    auto into = cx::psm<cx::postsynaptic::DeltaCurr>(cx::target_var<"Iext">, cx::target_var<"Isyn">);
#else
    auto into = cx::psm<cx::postsynaptic::DeltaCurr>(cx::target_var<"Iext">);
#endif
    auto ap = cx::synapses<"AP", "A", "P">(cx::dense(), pulse, into);
#if CORTEXPR_VARIANT == 2
    auto back = cx::wu<target_var_fail::Back>("g"_v = 0.1, cx::pre_target_var<"Iback">);
#else
    auto back = cx::wu<target_var_fail::Back>("g"_v = 0.1, cx::pre_target_var<"Iext">);
#endif
    auto pa = cx::synapses<"PA", "P", "A">(cx::dense(), back, cx::psm<cx::postsynaptic::DeltaCurr>(cx::target_var<"Isyn">));
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{synapse group 'AP': target_var 'Inope' is not an input of population 'P' (WithIn); its inputs: Isyn, Iext}}
    auto net = cx::network(a, p, drive, ap, pa);
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{current source 'Drive': target_var 'Iext' is not an input of population 'A' (LIF); its inputs: Isyn (the model declares no additional_input_vars)}}
    auto net = cx::network(a, p, drive, ap, pa);
#elif CORTEXPR_VARIANT == 2
// expected-error-2 {{synapse group 'PA': pre_target_var 'Iback' is not an input of population 'P' (WithIn); its inputs: Isyn, Iext}}
    auto net = cx::network(a, p, drive, ap, pa);
#else
    auto net = cx::network(a, p, drive, ap, pa);
#endif
    auto sim = cx::simulate<in_network::backend>(net, {.dt = 0.1});
    sim.run(1.0);
}
