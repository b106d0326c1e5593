// tests/compile_fail/model_in_network_fail.cpp     variants: 0:8
// every-path: 0
//
// Invalid model code is a compile error where the model meets the network -- at the
// call of the builder that receives it -- whatever backend simulates it: variant 0 is the
// README's MyLIF (`Vrst`), which nvcc with cx::cuda once accepted silently. One variant
// per family and builder; variant 8 is the passing twin. The calls are written out here
// (not through in_network.hpp) so that the layout of the compiler's output is the one
// users see: the message on the first error line.
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace model_in_network {
struct MyLIF {
    static constexpr std::string_view name = "MyLIF";
    static constexpr auto params = cx::params("TauM", "Vrest", "Vthresh", "Vreset");
    static constexpr auto vars = cx::vars("V");
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{MyLIF.sim_code:1:7: unknown name 'Vrst'}}
    static constexpr cx::code sim_code = "V += (Vrst - V) / TauM * dt;";
#elif CORTEXPR_VARIANT == 1
// expected-error-1 {{MyLIF.sim_code:1:1: function not available in this code 'addToPost'}}
    static constexpr cx::code sim_code = "addToPost(V);";
#else
    static constexpr cx::code sim_code = "V += (Vrest - V) / TauM * dt;";
#endif
#if CORTEXPR_VARIANT == 2
// expected-error-2 {{MyLIF.Decay:1:11: unknown name 'TauMM'}}
    static constexpr auto derived = cx::derived_params(cx::derive("Decay", "exp(-dt / TauMM)"));
#endif
    static constexpr cx::code threshold_condition_code = "V >= Vthresh";
    static constexpr cx::code reset_code = "V = Vreset;";
};
struct Pulse {
    static constexpr std::string_view name = "Pulse";
    static constexpr auto vars = cx::vars("g");
#if CORTEXPR_VARIANT == 3
// expected-error-3 {{Pulse.pre_spike_syn_code:1:13: expected ';' before 'end of code'}}
    static constexpr cx::code pre_spike_syn_code = "addToPost(g)";
#else
    static constexpr cx::code pre_spike_syn_code = "addToPost(g);";
#endif
};
struct Exp {
    static constexpr std::string_view name = "Exp";
    static constexpr auto params = cx::params("tau");
#if CORTEXPR_VARIANT == 4
// expected-error-4 {{Exp.sim_code:1:1: assignment to parameter 'tau'}}
    static constexpr cx::code sim_code = "tau = 1.0; injectCurrent(inSyn);";
#else
    static constexpr cx::code sim_code = "injectCurrent(inSyn); inSyn *= exp(-dt / tau);";
#endif
};
struct Step {
    static constexpr std::string_view name = "Step";
    static constexpr auto params = cx::params("amp");
#if CORTEXPR_VARIANT == 5
// expected-error-5 {{Step.injection_code:1:15: unknown name 'amplitude'}}
    static constexpr cx::code injection_code = "injectCurrent(amplitude);";
#else
    static constexpr cx::code injection_code = "injectCurrent(amp);";
#endif
};
struct Ramp {
    static constexpr std::string_view name = "Ramp";
    static constexpr auto params = cx::params("slope");
#if CORTEXPR_VARIANT == 6
// expected-error-6 {{Ramp.var_init_code:1:14: unknown name 'slop'}}
    static constexpr cx::code var_init_code = "value = id * slop;";
#else
    static constexpr cx::code var_init_code = "value = id * slope;";
#endif
};
struct Ring {
    static constexpr std::string_view name = "Ring";
#if CORTEXPR_VARIANT == 7
// expected-error-7 {{Ring.row_build_code:1:27: unknown name 'num_neurons'}}
    static constexpr cx::code row_build_code = "addSynapse((id_pre + 1) % num_neurons);";
#else
    static constexpr cx::code row_build_code = "addSynapse((id_pre + 1) % num_post);";
#endif
    static constexpr std::uint32_t max_row_length(std::uint32_t, std::uint32_t, std::span<const double>) { return 1; }
};
}  // namespace model_in_network

using namespace model_in_network;

int main() {
    auto net = cx::network(
        cx::population<"A", MyLIF>(10, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vthresh"_p = -50.0, "Vreset"_p = -65.0,
                                   "V"_v = cx::init<Ramp>("slope"_p = 0.01)),
        cx::source<"S", "A", Step>("amp"_p = 0.5),
        cx::synapses<"AA", "A", "A">(cx::sparse(cx::connect<Ring>()), cx::wu<Pulse>("g"_v = 0.1),
                                     cx::psm<Exp>("tau"_p = 5.0)));
    auto sim = cx::simulate<in_network::backend>(net, {.dt = 0.1});
    sim.run(1.0);
}
