// tests/compile_fail/network_fail.cpp     variants: 0:15
// every-path: 0 10
//
// The network layer's compile-time checks (network/named.hpp, network/network.hpp,
// runtime/simulation.hpp): each invalid network is one cortexpr::network_error whose
// template argument names the part and the offending name, reported at the call that
// names it (for 10-14, the simulation member's call). Variant 15 is the passing twin:
// the same network, valid, must compile. Each builder call is written out, one per
// line, in the function body: a call that came from a macro would add g++'s "in
// expansion of macro" notes to the output whose layout the runner checks.
#include <in_network.hpp>

namespace cx = cortexpr;
using namespace cx::literals;

namespace network_fail {
/// A neuron without a membrane potential `V` (the target ExpCond's reference needs).
struct NoV {
    static constexpr std::string_view name = "NoV";
    static constexpr auto vars = cx::vars("U");
    static constexpr cx::code sim_code = "U += Isyn * dt;\n";
    static constexpr cx::code threshold_condition_code = "U > 1.0";
    static constexpr cx::code reset_code = "U = 0.0;\n";
};
}  // namespace network_fail

// The values of a valid LIF population (macros inside a call's arguments add no notes).
#define LIF_PARAMS "C"_p = 1.0, "TauM"_p = 20.0, "Vrest"_p = -65.0, "Vreset"_p = -65.0, "Vthresh"_p = -50.0, \
                   "Ioffset"_p = 0.0
#define LIF_VARS "V"_v = -65.0, "RefracTime"_v = 0.0
#define STDP_PARAMS "tauPlus"_p = 20.0, "tauMinus"_p = 20.0, "Aplus"_p = 0.01, "Aminus"_p = 0.01, "Wmin"_p = 0.0, "Wmax"_p = 1.0

void build_and_use() {
#if CORTEXPR_VARIANT == 2
// expected-error-2 {{population 'A' (LIF): missing value for parameter 'TauRefrac'}}
    auto a = cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, LIF_VARS);
#elif CORTEXPR_VARIANT == 3
// expected-error-3 {{population 'A' (LIF): unknown parameter 'TauRefractory'}}
    auto a = cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefractory"_p = 2.0, LIF_VARS);
#elif CORTEXPR_VARIANT == 4
// expected-error-4 {{population 'A' (LIF): missing initial value for variable 'RefracTime'}}
    auto a = cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, "V"_v = -65.0);
#elif CORTEXPR_VARIANT == 5
// expected-error-5 {{population 'A' (LIF): unknown variable 'U'}}
    auto a = cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, LIF_VARS, "U"_v = 0.0);
#else
    auto a = cx::population<"A", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, LIF_VARS);
#endif
    auto b = cx::population<"B", cx::neuron::LIF>(10, LIF_PARAMS, "TauRefrac"_p = 2.0, LIF_VARS);
#if CORTEXPR_VARIANT == 1
// expected-error-1 {{current source 'Drive': unknown population 'Nope'}}
    auto drive = cx::source<"Drive", "Nope", cx::current_source::DC>("amp"_p = 0.5);
#else
    auto drive = cx::source<"Drive", "A", cx::current_source::DC>("amp"_p = 0.5);
#endif
    auto fixed = cx::connect<cx::init_sparse::FixedProbability>("prob"_p = 0.1);
    auto pulse = cx::wu<cx::weight_update::StaticPulse>("g"_v = 0.1);
#if CORTEXPR_VARIANT == 0
// expected-error-0 {{synapse group 'AB': unknown population 'Nope'}}
    auto ab = cx::synapses<"AB", "A", "Nope">(cx::dense(), pulse, cx::psm<cx::postsynaptic::DeltaCurr>());
#elif CORTEXPR_VARIANT == 7
    auto no_v = cx::population<"NoV", network_fail::NoV>(4, "U"_v = 0.0);
    auto ab = cx::synapses<"AB", "A", "NoV">(cx::dense(), pulse, cx::psm<cx::postsynaptic::ExpCond>("tau"_p = 5.0, "E"_p = 0.0));
#elif CORTEXPR_VARIANT == 8
    auto stdp = cx::wu<cx::weight_update::STDP>(STDP_PARAMS, "g"_v = 0.5);
    auto ab = cx::synapses<"AB", "A", "B">(cx::procedural(fixed), stdp, cx::psm<cx::postsynaptic::DeltaCurr>());
#elif CORTEXPR_VARIANT == 9
    auto stdp = cx::wu<cx::weight_update::STDP>(STDP_PARAMS, "g"_v = 0.5);
    auto ab = cx::synapses<"AB", "A", "B">(cx::bitmask(fixed), stdp, cx::psm<cx::postsynaptic::DeltaCurr>());
#else
    auto ab = cx::synapses<"AB", "A", "B">(cx::sparse(fixed), pulse, cx::psm<cx::postsynaptic::ExpCond>("tau"_p = 5.0, "E"_p = 0.0));
#endif
#if CORTEXPR_VARIANT == 6
// expected-error-6 {{network: two parts are named 'B'}}
    auto b2 = cx::population<"B", cx::neuron::Poisson>(5, "rate"_p = 10.0, "timeStepToSpike"_v = 0.0);
    auto net = cx::network(a, b, b2, drive, ab);
#elif CORTEXPR_VARIANT == 7
// expected-error-7 {{synapse group 'AB': variable reference 'V' has no target: population 'NoV' has no such variable}}
    auto net = cx::network(a, b, drive, no_v, ab);
#elif CORTEXPR_VARIANT == 8
// expected-error-8 {{synapse group 'AB': procedural connectivity cannot store per-synapse state, but weight update 'STDP' has the writable variable 'g'}}
    auto net = cx::network(a, b, drive, ab);
#elif CORTEXPR_VARIANT == 9
// expected-error-9 {{synapse group 'AB': bitmask connectivity cannot store per-synapse state, but weight update 'STDP' has the writable variable 'g'}}
    auto net = cx::network(a, b, drive, ab);
#else
    auto net = cx::network(a, b, drive, ab);
#endif
    auto sim = cx::simulate<in_network::backend>(net, {.dt = 0.1});
#if CORTEXPR_VARIANT == 10
// expected-error-10 {{simulation: 'A' has no variable 'W' (variables: V, RefracTime)}}
    auto v = sim.var<"A", "W">();
#else
    auto v = sim.var<"A", "V">();
#endif
    (void)v;
#if CORTEXPR_VARIANT == 11
// expected-error-11 {{simulation: 'AB' is not a population}}
    sim.record_spikes<"AB">(100);
#else
    sim.record_spikes<"A">(100);
#endif
#if CORTEXPR_VARIANT == 12
// expected-error-12 {{simulation: no part is named 'Nope' (parts: A, B, Drive, AB)}}
    auto w = sim.var<"Nope", "V">();
    (void)w;
#endif
#if CORTEXPR_VARIANT == 13
// expected-error-13 {{simulation: 'Drive' has no extra global parameter 'amp' (extra global parameters: none)}}
    auto e = sim.egp<"Drive", "amp">();
    (void)e;
#elif CORTEXPR_VARIANT == 14
// expected-error-14 {{simulation: 'Drive' is not a population}}
    auto s = sim.current_spikes<"Drive">(0);
    (void)s;
#else
    // an argument, so that after an earlier error (sim of no type) g++ still parses this
    // line as a comparison, without a knock-on error
    auto s = sim.current_spikes<"A">(0);
    (void)s;
#endif
    sim.run(1.0);
}
